// The API answered without a socket: the very node:http server `dnsight serve`
// listens with (createApiServer: its HTTP parser and limits, then auth, quotas,
// slicing and error mapping), given a connection made of in-memory streams
// (_duplex-pair.ts), and asked through node's HTTP client on the other end. Tests
// call the API this way, as the CLI tests call the CLI (hono's app.request); the
// answer is a fetch Response, streamed as it is written.

import { request as httpRequest, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { Readable, type Duplex } from "node:stream";
import type { ConnectionLimits } from "./connections.js";
import { duplexPair } from "./_duplex-pair.js";
import type { ApiOptions } from "./http.js";
import { createApiServer } from "./server.js";

export interface InProcessRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface InProcessApi {
  /** As fetch(base + path, init): `path` is the path and query (`/dnsdb/v2/ping`). */
  request(path: string, init?: InProcessRequest): Promise<Response>;
  /** Open connections now (one per request until its answer ends). */
  connections(): number;
  /** Closes every connection (a request under way is cut) and cancels the jobs; resolves when all have ended. */
  close(): Promise<void>;
}

/** Statuses whose answer has no body (RFC 9110 6.4.1). */
const NO_BODY = new Set([204, 205, 304]);

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 500;
  const empty = method === "HEAD" || NO_BODY.has(status);
  if (empty) res.resume();
  const body = empty ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage ?? "", headers });
}

export function inProcessApi(options: ApiOptions & Partial<ConnectionLimits>): InProcessApi {
  const { server, stats, jobs } = createApiServer(options);
  const open = new Set<Duplex>();
  const track = (end: Duplex): void => {
    open.add(end);
    end.once("close", () => open.delete(end));
  };
  return {
    request(path, init = {}) {
      const method = init.method ?? "GET";
      const [client, end] = duplexPair();
      track(client);
      track(end);
      server.emit("connection", end);
      // A body is framed by its length, as fetch frames it (node's client sends a
      // GET's body unframed).
      const length =
        init.body !== undefined ? { "content-length": String(Buffer.byteLength(init.body)) } : {};
      return new Promise<Response>((resolve, reject) => {
        const req = httpRequest(
          {
            method,
            path,
            headers: { host: "localhost", ...length, ...init.headers },
            createConnection: () => client as Socket,
          },
          (res) => resolve(toResponse(res, method)),
        );
        req.once("error", reject);
        req.end(init.body);
      });
    },
    connections: stats.open,
    async close() {
      const closing = [...open].map(
        (s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once("close", resolve))),
      );
      for (const s of open) s.destroy();
      await Promise.all(closing);
      await jobs.drain();
    },
  };
}
