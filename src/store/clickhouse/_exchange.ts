// One HTTP exchange with a ClickHouse server: POST, a deadline over the whole exchange
// (connect to last byte), an optional streamed body written with back-pressure, and every
// failure turned into one DnsightError naming the server.
import { request, type Agent, type IncomingMessage } from "node:http";
import { DnsightError } from "../../errors.js";
import { socketErrorText } from "../../net/socket-error.js";
import { serverError } from "./server-error.js";

/** Most bytes of an error reply read: the message's first line is what is reported. */
const ERROR_BODY_CAP = 64 * 1024;

export interface ExchangeTarget {
  host: string;
  port: number;
  /** "HOST:PORT" for messages. */
  where: string;
  /** Keep-alive pool; `false` for a fresh connection. */
  agent: Agent | false;
  headers: Record<string, string>;
}

export interface Exchange {
  /** The 200 response, its body not yet read. */
  res: IncomingMessage;
  /** Ends the exchange: clears the deadline and drops the connection if the body is unread. */
  close(): void;
  /** Why the exchange was cut (deadline, abort), which the body's reader sees only as "aborted". */
  failure(): Error | undefined;
}

export interface ExchangeOptions {
  search: URLSearchParams;
  body: string | AsyncIterable<Buffer>;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Send again, once, on a fresh connection when a pooled one turns out dead before any
   * answer (the server restarted while the socket sat idle). Only for requests that are
   * safe to repeat: a SELECT, not an INSERT.
   */
  retryStale?: boolean;
}

/** Sends the request; resolves on a 200 status line, rejects with the server's message otherwise. */
export async function exchange(t: ExchangeTarget, o: ExchangeOptions): Promise<Exchange> {
  try {
    return await once(t, o);
  } catch (e) {
    if (!(e instanceof StaleSocket)) throw e;
    return once({ ...t, agent: false }, { ...o, retryStale: false });
  }
}

/** A pooled socket that failed before the server answered. */
class StaleSocket extends Error {}

function once(t: ExchangeTarget, o: ExchangeOptions): Promise<Exchange> {
  const fixed = typeof o.body === "string" ? Buffer.from(o.body, "utf8") : undefined;
  const req = request({
    host: t.host,
    port: t.port,
    method: "POST",
    path: `/?${o.search.toString()}`,
    agent: t.agent,
    headers: {
      ...t.headers,
      ...(fixed ? { "content-length": String(fixed.length) } : { "transfer-encoding": "chunked" }),
    },
  });
  let failure: Error | undefined;
  const fail = (e: Error): void => {
    failure ??= e;
    // A reset, not a close: 18.16 takes a body that ends with FIN, even short of its
    // Content-Length or its last chunk, as complete and commits the rows it got
    // (tested: 1000 of 1000 rows stored after FIN, 0 after RST).
    try {
      req.socket?.resetAndDestroy();
    } catch {
      // not connected yet: destroy below is enough
    }
    req.destroy(failure);
  };
  const deadline = setTimeout(
    () =>
      fail(
        new DnsightError(
          "TIMEOUT",
          `clickhouse ${t.where}: no complete answer within ${o.timeoutMs} ms`,
        ),
      ),
    o.timeoutMs,
  );
  const onAbort = (): void =>
    fail(new DnsightError("STORE", `clickhouse ${t.where}: request aborted`));
  o.signal?.addEventListener("abort", onAbort, { once: true });
  if (o.signal?.aborted) onAbort();
  let ended = false;
  let responded = false;
  const close = (): void => {
    clearTimeout(deadline);
    o.signal?.removeEventListener("abort", onAbort);
    if (!ended) req.destroy(); // an unread body: the socket cannot be reused
  };
  const asStoreError = (e: Error): Error =>
    e instanceof DnsightError
      ? e
      : new DnsightError("STORE", `clickhouse ${t.where}: ${connectText(e)}`, { cause: e });

  return new Promise<Exchange>((resolve, reject) => {
    req.on("error", (e) => {
      close();
      const err = asStoreError(failure ?? e);
      if (req.reusedSocket && !responded && !failure && o.retryStale)
        reject(new StaleSocket("stale", { cause: err }));
      else reject(err);
    });
    req.on("response", (res) => {
      responded = true;
      res.on("end", () => (ended = true));
      res.on("error", () => undefined); // surfaces through the body's reader
      if (res.statusCode === 200) {
        resolve({ res, close, failure: () => failure });
        return;
      }
      readCapped(res).then(
        (text) => {
          close();
          reject(serverError(t.where, text, res.statusCode));
        },
        (e: Error) => {
          close();
          reject(asStoreError(failure ?? e));
        },
      );
    });
    if (fixed) req.end(fixed);
    else
      void writeBody(req, o.body as AsyncIterable<Buffer>).catch((e: Error) =>
        fail(asStoreError(e)),
      );
  });
}

/** Writes `chunks` as they come, waiting for 'drain' when the socket's buffer is full. */
async function writeBody(
  req: ReturnType<typeof request>,
  chunks: AsyncIterable<Buffer>,
): Promise<void> {
  for await (const chunk of chunks) {
    if (req.destroyed) return;
    if (!req.write(chunk))
      await new Promise<void>((resolve) => {
        const done = (): void => {
          req.off("drain", done).off("close", done);
          resolve();
        };
        req.on("drain", done).on("close", done);
      });
  }
  if (!req.destroyed) req.end();
}

async function readCapped(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= ERROR_BODY_CAP) break;
  }
  return Buffer.concat(parts).subarray(0, ERROR_BODY_CAP).toString("utf8");
}

function connectText(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused (is clickhouse-server running there?)";
  if (code === "ECONNRESET") return "connection reset by the server";
  return socketErrorText(e);
}
