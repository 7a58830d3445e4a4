import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DnsightError } from "../errors.js";
import { CIRCL_PREFIX, handleCircl } from "./circl/handler.js";
import { DNSDB_PREFIX, handleDnsdb } from "./dnsdb/handler.js";
import {
  DEFAULT_LIMITS,
  HttpError,
  messageOf,
  sendJson,
  statusOf,
  type ApiOptions,
  type RequestContext,
} from "./http.js";

// The HTTP API on node:http: a router of two prefixes, one error handler, one log
// line per request. The server never prints; `log` gets the lines.

/** The request handler, for a server of the caller's (tests, or `dnsight serve`). */
export function createApiHandler(
  options: ApiOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limits = { ...DEFAULT_LIMITS, ...definedOnly(options) };
  const now = options.now ?? (() => Date.now() / 1000);
  return async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const ctx: RequestContext = {
      req,
      res,
      url,
      store: options.store,
      limits,
      now: now(),
      rows: 0,
    };
    if (options.log) {
      const log = options.log;
      res.once("close", () => {
        const ms = Math.round(performance.now() - started);
        const aborted = res.writableFinished ? "" : " (aborted)";
        // The path only: the query string is not logged.
        log(`${req.method} ${url.pathname} ${res.statusCode} ${ms}ms ${ctx.rows} rows${aborted}`);
      });
    }
    try {
      if (req.method !== "GET") throw new HttpError(405, "only GET", { allow: "GET" });
      if (url.pathname.startsWith(DNSDB_PREFIX)) await handleDnsdb(ctx);
      else if (url.pathname.startsWith(CIRCL_PREFIX)) await handleCircl(ctx);
      else throw new HttpError(404, `no such endpoint: ${url.pathname}`);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const msg = messageOf(e);
      const headers = e instanceof HttpError ? e.headers : {};
      // DNSDB clients read SAF, so the error is a terminal SAF line they understand.
      const body = url.pathname.startsWith(DNSDB_PREFIX) ? { cond: "failed", msg } : { error: msg };
      sendJson(res, statusOf(e), body, headers);
    }
  };
}

function definedOnly(o: ApiOptions): Partial<typeof DEFAULT_LIMITS> {
  const out: Partial<typeof DEFAULT_LIMITS> = {};
  for (const k of ["resultsMax", "offsetMax", "pageSize", "groupMax"] as const)
    if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port */
  readonly url: string;
  /**
   * Stops accepting, lets requests under way finish for up to `graceMs`, then cuts
   * what is left. Resolves when every connection is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens on host:port (port 0: any free one). DnsightError "NETWORK" when it cannot. */
export async function startApiServer(
  options: ApiOptions & { host: string; port: number },
): Promise<ApiServer> {
  const handler = createApiHandler(options);
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new DnsightError(
          "NETWORK",
          `cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`,
          {
            cause: e,
          },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close(graceMs = 5000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
