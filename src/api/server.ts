import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { DnsightError } from "../errors.js";
import { getRequestListener } from "@hono/node-server";
import { createApp } from "./app.js";
import {
  capConnections,
  DEFAULT_CONNECTION_LIMITS,
  serverOptions,
  type ConnectionLimits,
  type ConnectionStats,
} from "./connections.js";
import { DEFAULT_LIMITS, type ApiOptions, type Limits, type RequestContext } from "./http.js";
import { JobRegistry } from "./jobs.js";
import { Pacer } from "./pacer.js";
import { DEFAULT_QUOTA, KeyQuotas, type QuotaLimits } from "./quota.js";
import { sessionConfig } from "./session/config.js";
import type { TlsFiles } from "./tls.js";

// The HTTP API on node:http, or node:https with a certificate: the hono app of app.ts
// as its one router (through @hono/node-server's request listener), one log line per
// request. The server never prints; `log` gets the lines. Over TLS the session
// cookie is Secure (src/api/session/cookie.ts reads the socket).

/** How long past its budget a query may take to end by itself before its socket is cut. */
const BUDGET_GRACE_MS = 5000;

function pick<T extends object>(defaults: T, given: Partial<Record<keyof T, unknown>>): T {
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as Array<keyof T>)
    if (given[k] !== undefined) out[k] = given[k] as T[keyof T];
  return out;
}

/** The request handler, for a server of the caller's (tests, or `dnsight serve`). */
export function createApiHandler(
  options: ApiOptions,
  pacer = new Pacer(),
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limits: Limits = pick(DEFAULT_LIMITS, options);
  const quotas = new KeyQuotas(pick<QuotaLimits>(DEFAULT_QUOTA, options));
  const now = options.now ?? (() => Date.now() / 1000);
  const sessions = sessionConfig(options);
  const dns = options.dns ?? { servers: [], nsPort: 53 };
  const app = createApp(options.jobs);
  // The request context of each request, for the app to find beside node's request.
  const contexts = new WeakMap<IncomingMessage, RequestContext>();
  const listener = getRequestListener(
    (request, env) => {
      const incoming = env.incoming as IncomingMessage;
      return app.fetch(request, { ...env, ctx: contexts.get(incoming)! });
    },
    {
      // No global Request/Response swapped in: the process is not only this server.
      overrideGlobalObjects: false,
      // A body is refused unread (app.ts), never drained.
      autoCleanupIncoming: false,
      // An HTTP/1.0 request may come without a Host header.
      hostname: "localhost",
      // A request target the adapter cannot make a URL of (a backslash, a bad Host).
      errorHandler: (e) =>
        new Response(
          JSON.stringify({ error: `bad request: ${e instanceof Error ? e.message : String(e)}` }) +
            "\n",
          {
            status: 400,
            headers: { "content-type": "application/json" },
          },
        ),
    },
  );
  return async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const ctx: RequestContext = {
      req,
      res,
      url,
      store: options.store,
      limits,
      quotas,
      sessions,
      dns,
      pacer,
      now: now(),
      deadline: started + limits.timeBudgetMs,
      rows: 0,
    };
    // A query that cannot end by itself (its client stopped reading) is cut.
    const cut = setTimeout(() => res.destroy(), limits.timeBudgetMs + BUDGET_GRACE_MS);
    res.once("close", () => clearTimeout(cut));
    if (options.log) {
      const log = options.log;
      res.once("close", () => {
        const ms = Math.round(performance.now() - started);
        const aborted = res.writableFinished ? "" : " (aborted)";
        const detail = ctx.detail !== undefined ? ` (${ctx.detail})` : "";
        // The path only: the query string is not logged.
        log(
          `${req.method} ${url.pathname} ${res.statusCode} ${ms}ms ${ctx.rows} rows${aborted}${detail}`,
        );
      });
    }
    contexts.set(req, ctx);
    await listener(req, res);
  };
}

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port, or https:// over TLS */
  readonly url: string;
  /** Open connections now. */
  connections(): number;
  /**
   * Stops accepting, lets requests under way finish for up to `graceMs`, then cuts
   * what is left; cancels the jobs. Resolves when every connection is closed and
   * every job has stopped (what they stored stays stored).
   */
  close(graceMs?: number): Promise<void>;
}

/** The node:http server of the API, not listening yet: `startApiServer` listens, `in-process.ts` feeds it streams. */
export function createApiServer(
  options: ApiOptions & Partial<ConnectionLimits> & { tls?: TlsFiles },
): {
  server: Server;
  stats: ConnectionStats;
  jobs: JobRegistry;
} {
  const pacer = new Pacer();
  const jobs = options.jobs ?? new JobRegistry();
  const handler = createApiHandler({ ...options, jobs }, pacer);
  const conn = pick(DEFAULT_CONNECTION_LIMITS, options);
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => void handler(req, res);
  const server: Server = options.tls
    ? (createHttpsServer(
        {
          ...serverOptions(conn),
          cert: options.tls.cert,
          key: options.tls.key,
          // A handshake gets no longer than a request's head would.
          handshakeTimeout: conn.headersTimeoutMs,
        },
        onRequest,
      ) as unknown as Server)
    : createServer(serverOptions(conn), onRequest);
  // Expect: 100-continue (RFC 9110 10.1.1) goes to the handler, which refuses the body
  // before the client sends it, instead of node answering 100 on our behalf.
  server.on("checkContinue", (req, res) => server.emit("request", req, res));
  const stats = capConnections(server, conn.maxConnections);
  server.on("connection", () => pacer.connected());
  return { server, stats, jobs };
}

/** Listens on host:port (port 0: any free one). DnsightError "NETWORK" when it cannot. */
export async function startApiServer(
  options: ApiOptions & Partial<ConnectionLimits> & { host: string; port: number; tls?: TlsFiles },
): Promise<ApiServer> {
  const { server, stats, jobs } = createApiServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new DnsightError(
          "NETWORK",
          `cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`,
          { cause: e },
        ),
      ),
    );
    // A long accept queue (the kernel caps it at net.core.somaxconn): while a flood of
    // connects waits there, a client's connect is queued too instead of dropped, and
    // a dropped SYN is retried only after a second (RFC 6298 2.1).
    server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    connections: stats.open,
    close(graceMs = 5000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          void jobs.drain().then(resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
