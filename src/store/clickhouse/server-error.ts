// ClickHouse's error text made into one line naming the server. 18.16 writes
//   Code: 62, e.displayText() = DB::Exception: Syntax error: …, e.what() = DB::Exception
// and current releases
//   Code: 62. DB::Exception: Syntax error: … (SYNTAX_ERROR) (version 23.8.2.7 (official build))
// after the status line, or in the middle of a 200 body when a query fails while its
// result streams (the server has already sent the headers by then).
import { DnsightError } from "../../errors.js";

/** Longest server message kept: 18.16's syntax errors list every token it expected. */
const MAX_MESSAGE = 400;

export interface ServerErrorCause {
  /** ClickHouse's numeric error code (62 syntax error, 60 unknown table, 81 unknown database…). */
  clickhouseCode: number | undefined;
  /** The server's whole message, capped. */
  text: string;
}

const WHAT = "e.what() = DB::";

/** One line of a message without 18.16's wrapping ("e.displayText() = ", ", e.what() = DB::X"). */
function unwrap(line: string): string {
  let l = line.replace("e.displayText() = ", "").trim();
  const what = l.lastIndexOf(WHAT);
  if (what >= 0 && /^\w+$/.test(l.slice(what + WHAT.length))) l = l.slice(0, what).trimEnd();
  return l.replace(/,$/, "").trim();
}

/**
 * The one-line form of a server message: its first line, followed by the distinct lines
 * after it when there are any (a Distributed query's "All connection tries failed. Log:"
 * says which shard only on the lines below), joined with "; " and capped.
 */
export function serverMessageLine(body: string): string {
  const lines = [...new Set(body.slice(0, 16384).split("\n").map(unwrap))].filter((l) => l !== "");
  // A message may quote hostile query text: no control character reaches a log line.
  const line = lines.join("; ").replace(/[\u0000-\u001f\u007f]/g, " ");
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line || "(empty reply)";
}

/** A STORE error for a server message, its numeric code kept in `cause`. */
export function serverError(where: string, body: string, status?: number): DnsightError {
  const code = /^\s*Code: (\d+)/.exec(body);
  const cause: ServerErrorCause = {
    clickhouseCode: code ? Number(code[1]) : undefined,
    text: body.slice(0, 8192),
  };
  const line = serverMessageLine(body);
  const shown = code || status === undefined ? line : `HTTP ${status}: ${line}`;
  return new DnsightError("STORE", `clickhouse ${where}: ${shown}`, { cause });
}

/** ClickHouse's numeric error code behind a DnsightError from this client, if any. */
export function clickhouseCode(err: unknown): number | undefined {
  const cause = (err as { cause?: Partial<ServerErrorCause> } | undefined)?.cause;
  return typeof cause?.clickhouseCode === "number" ? cause.clickhouseCode : undefined;
}

/** True for a line a streaming result ends with when the query failed after the headers. */
export const isInStreamError = (line: string): boolean => /^Code: \d+[.,] /.test(line);
