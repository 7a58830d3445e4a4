import {
  request as plainRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type RequestOptions,
} from "node:http";
import { request as tlsRequest } from "node:https";
import { DnsightError } from "../errors.js";
import { guardHost, guardOptions, type GuardOptions } from "./address-guard.js";
import { guardedLookup } from "./guarded-lookup.js";
import { socketErrorText } from "./socket-error.js";
import { ipFamily } from "./ip.js";

// The one outbound HTTP(S) client: RDAP, update-data, webhooks, the takeover probe.
// The connection goes only to addresses the SSRF guard passed (the guard is the
// socket's own resolver, so a name cannot resolve one way for the check and another
// for the connect); the whole exchange has a deadline (connect, headers and body:
// a server trickling a byte every few seconds never trips an idle timeout) and a
// size cap. Messages name `label` and scheme-less host only, never the path.

/** A whole HTTP exchange, connect to last byte, unless the caller says otherwise. */
export const HTTP_TIMEOUT_MS = 15_000;

export interface HttpRequestOptions extends GuardOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The whole exchange, connect to last body byte (default 15 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 4 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Who is asking, for messages: "RDAP", "update-data", "webhook". */
  label?: string;
  /** Connect to this address instead of resolving the URL's host name (still guarded). */
  address?: string;
  /** Settle on the status line and headers and drop the body (a webhook's receipt). */
  headersOnly?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function httpRequest(url: URL, o: HttpRequestOptions = {}): Promise<HttpResponse> {
  const where = `${o.label ?? "HTTP"} ${url.host}`;
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new DnsightError("INPUT", `${where}: ${url.protocol} is not http(s)`);
  const guard: GuardOptions = o.address
    ? { ...guardOptions(o), resolve: async () => [o.address!] }
    : guardOptions(o);
  // Node skips `lookup` for an IP literal, so that case is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (ipFamily(literal))
    await guardHost(literal, guard).catch((e: Error) => {
      throw new DnsightError("INPUT", `${where}: ${e.message}`, { cause: e });
    });
  const timeoutMs = o.timeoutMs ?? HTTP_TIMEOUT_MS;
  const maxBytes = o.maxBytes ?? 4 << 20;
  const headers: Record<string, string> = { "user-agent": "dnsight", ...o.headers };
  if (o.body !== undefined) headers["content-length"] = String(Buffer.byteLength(o.body));
  const options: RequestOptions = {
    method: o.method ?? "GET",
    headers,
    lookup: guardedLookup(guard),
    // No shared pool: a socket kept alive under one caller's guard must not serve another's.
    agent: false,
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, res?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      o.signal?.removeEventListener("abort", onAbort);
      req.destroy();
      if (err) reject(err);
      else resolve(res!);
    };
    const fail = (code: "NETWORK" | "TIMEOUT" | "INPUT", why: string, cause?: unknown): void =>
      finish(new DnsightError(code, `${where}: ${why}`, cause === undefined ? {} : { cause }));
    const deadline = setTimeout(
      () => fail("TIMEOUT", `no complete answer in ${timeoutMs} ms`),
      timeoutMs,
    );
    const onAbort = (): void => {
      const r: unknown = o.signal?.reason;
      const timeout = r instanceof Error && r.name === "TimeoutError";
      fail(timeout ? "TIMEOUT" : "NETWORK", timeout ? "timed out" : "aborted", r);
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });

    const req: ClientRequest = (url.protocol === "https:" ? tlsRequest : plainRequest)(
      url,
      options,
      (res) => {
        const base = { status: res.statusCode ?? 0, headers: res.headers };
        if (o.headersOnly) return finish(undefined, { ...base, body: Buffer.alloc(0) });
        const declared = Number(res.headers["content-length"]);
        if (declared > maxBytes)
          return fail("INPUT", `response of ${declared} bytes is larger than ${maxBytes}, dropped`);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (d: Buffer) => {
          size += d.length;
          if (size > maxBytes) fail("INPUT", `response larger than ${maxBytes} bytes, dropped`);
          else chunks.push(d);
        });
        res.on("end", () => finish(undefined, { ...base, body: Buffer.concat(chunks) }));
        res.on("error", (e) => fail("NETWORK", socketErrorText(e), e));
        res.on("aborted", () => fail("NETWORK", "the connection closed mid-answer"));
      },
    );
    req.on("error", (e) =>
      e instanceof DnsightError
        ? finish(new DnsightError(e.code, `${where}: ${e.message}`, { cause: e }))
        : fail("NETWORK", socketErrorText(e), e),
    );
    // A signal aborted before the call never fires its event: settle now.
    if (o.signal?.aborted) onAbort();
    else req.end(o.body);
  });
}
