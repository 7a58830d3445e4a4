import type { IncomingMessage, ServerResponse } from "node:http";
import type { Endpoint } from "../dns/client/endpoint.js";
import { isDnsightError } from "../errors.js";
import type { ApiKeyInfo, Store } from "../store/types.js";
import type { JobRegistry } from "./jobs.js";
import type { Pacer } from "./pacer.js";
import type { KeyQuotas, QuotaLimits } from "./quota.js";
import type { ActiveSession } from "./session/active.js";
import type { SessionConfig, SessionOptions } from "./session/config.js";

// What every endpoint shares: the request context, the options, and the one error
// the HTTP layer adds to DnsightError: a status it must answer with.

export interface ApiOptions extends Partial<QuotaLimits>, SessionOptions {
  store: Store;
  /** One line per request (method, path, status, ms, rows, and an error's detail); nothing when omitted. */
  log?: (line: string) => void;
  /** DNSDB's results_max: the most records one answer holds (limit=0 means this). */
  resultsMax?: number;
  /** DNSDB's offset_max: a larger offset is answered 416. */
  offsetMax?: number;
  /** Rows read from the store per slice; the event loop is served between slices. */
  pageSize?: number;
  /** A query's time budget (ms): past it, the answer ends as `limited` (DNSDB) or is cut (CIRCL). */
  timeBudgetMs?: number;
  /** Rows held at most while gathering an RRset (src/api/dnsdb/records.ts). */
  groupMax?: number;
  /** A request body (the few routes that take one) must arrive within this (ms). */
  bodyDeadlineMs?: number;
  /** The largest upload (POST /api/v1/jobs/ingest), in bytes. */
  uploadMax?: number;
  /** Epoch seconds (tests fix it). */
  now?: () => number;
  /** Where the active-DNS routes (lookup, monitor checks) send their queries. */
  dns?: DnsSetup;
  /** The jobs of /api/v1/jobs (the server makes its own; closing the server cancels them). */
  jobs?: JobRegistry;
}

/** The DNS servers the server asks (serve --server) and the port of zones' own servers (--ns-port). */
export interface DnsSetup {
  /** Recursive resolvers; none means the active-DNS routes answer 503. */
  servers: Endpoint[];
  /** The port authoritative servers are asked on (53 but in a lab). */
  nsPort: number;
}

export type Limits = Required<
  Pick<
    ApiOptions,
    | "resultsMax"
    | "offsetMax"
    | "pageSize"
    | "groupMax"
    | "timeBudgetMs"
    | "bodyDeadlineMs"
    | "uploadMax"
  >
>;

// One slice of 500 rows is read, grouped and written in about 2 ms on this project's
// 2-core reference machine, so a request never holds the event loop for long.
export const DEFAULT_LIMITS: Limits = {
  resultsMax: 100_000,
  offsetMax: 1_000_000,
  pageSize: 250,
  groupMax: 10_000,
  timeBudgetMs: 60_000,
  // 16 KiB in 10 s is 1.6 KB/s: any client that means it, not a slow-loris.
  bodyDeadlineMs: 10_000,
  // A day of a busy sensor's Zeek log; written to a temp file, never held in memory.
  uploadMax: 1 << 30,
};

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: Store;
  limits: Limits;
  /** Epoch seconds when the request came in. */
  now: number;
  /** performance.now() past which the query is out of time. */
  deadline: number;
  quotas: KeyQuotas;
  /** Turns for store slices, shared by every request (src/api/pacer.ts). */
  pacer: Pacer;
  /** Records or lines sent, for the log. */
  rows: number;
  /** Login sessions: CSRF secret, login limiter, lifetimes (src/api/session/). */
  sessions: SessionConfig;
  /** Where active-DNS routes send queries. */
  dns: DnsSetup;
  key?: ApiKeyInfo;
  /** The session the request acts in, once the guard found it. */
  session?: ActiveSession;
  /** What went wrong, for the server's log only (it may name files). */
  detail?: string;
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
  // The store behind this server keeps no such part (a composed or read-only store).
  if (isDnsightError(e) && e.code === "UNSUPPORTED") return 501;
  return 500;
}

/**
 * The one-line message a client is shown. Only the client's own mistakes are told in
 * full; a store error names the database file, so the client gets a generic line and
 * the detail goes to the server's log (see `detailOf`).
 */
export function messageOf(e: unknown): string {
  const status = statusOf(e);
  // A missing store part names the backend, never a path: told as it is.
  if (e instanceof HttpError || (isDnsightError(e) && (status === 400 || status === 501)))
    return e.message.split("\n")[0]!;
  if (status === 503) return "the store is not available; try again later";
  return "internal error";
}

/** The detail of an error the client was not told, for the log; undefined when it was told. */
export function detailOf(e: unknown): string | undefined {
  if (e instanceof HttpError || (isDnsightError(e) && [400, 501].includes(statusOf(e))))
    return undefined;
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
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
