import type { IncomingMessage, ServerResponse } from "node:http";
import { isDnsightError } from "../errors.js";
import type { ApiKeyInfo, Store } from "../store/types.js";

// What every endpoint shares: the request context, the options, and the one error
// the HTTP layer adds to DnsightError: a status it must answer with.

export interface ApiOptions {
  store: Store;
  /** One line per request (method, path, status, ms, rows); nothing when omitted. */
  log?: (line: string) => void;
  /** DNSDB's results_max: the most records one answer holds (limit=0 means this). */
  resultsMax?: number;
  /** DNSDB's offset_max: a larger offset is answered 416. */
  offsetMax?: number;
  /** Rows read from the store per page while streaming. */
  pageSize?: number;
  /** Rows held at most while gathering an RRset (src/api/dnsdb/records.ts). */
  groupMax?: number;
  /** Epoch seconds (tests fix it). */
  now?: () => number;
}

export type Limits = Required<
  Pick<ApiOptions, "resultsMax" | "offsetMax" | "pageSize" | "groupMax">
>;

export const DEFAULT_LIMITS: Limits = {
  resultsMax: 1_000_000,
  offsetMax: 1_000_000,
  pageSize: 1000,
  groupMax: 10_000,
};

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: Store;
  limits: Limits;
  /** Epoch seconds when the request came in. */
  now: number;
  /** Records or lines sent, for the log. */
  rows: number;
  key?: ApiKeyInfo;
}

/** A failure with the HTTP status to answer; thrown by endpoints, rendered by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The status an error means: bad input is the client's fault, the rest ours. */
export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (isDnsightError(e) && (e.code === "INPUT" || e.code === "USAGE")) return 400;
  if (isDnsightError(e) && e.code === "STORE") return 503;
  return 500;
}

/** The one-line message a client is shown; internals are not. */
export function messageOf(e: unknown): string {
  if (e instanceof HttpError || isDnsightError(e)) return e.message.split("\n")[0]!;
  return "internal error";
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  type = "application/json",
): void {
  const text = JSON.stringify(body) + "\n";
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
