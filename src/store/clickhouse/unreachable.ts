// Whether a failed request means "the server is not there" (refused, reset, cut, timed
// out: try again later, keep the data meanwhile) rather than "the server said no" (a
// SQL error, which retrying cannot fix and which must surface at once).
import { DnsightError } from "../../errors.js";
import { clickhouseCode } from "./server-error.js";

const GONE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
]);

export function isUnreachable(e: unknown): boolean {
  if (!(e instanceof DnsightError)) return false;
  if (clickhouseCode(e) !== undefined) return false;
  if (e.code === "TIMEOUT") return true;
  const cause = e.cause as NodeJS.ErrnoException | undefined;
  if (cause?.code !== undefined && GONE.has(cause.code)) return true;
  // Node's words for a connection that closed before the answer.
  return /socket hang up|connection lost|aborted/i.test(cause?.message ?? "");
}

/** A server's message without the "clickhouse HOST:PORT: " the client puts first. */
export const withoutWhere = (message: string): string => message.replace(/^clickhouse \S+: /, "");
