import { isDnsightError } from "../../src/errors.js";

// The contract between the fuzzer and one parser: how to run an input through it as
// the product does (the same entry points, the same decoding of bytes), and which
// errors are its documented clean refusals. Anything else it throws is a crash; an
// invariant it breaks without throwing (a round trip that changes data, an internal
// error a source swallowed into its skip count) is reported as an OracleError.

export interface FuzzTarget {
  readonly name: string;
  /** The parser's promise on bad input, for the report. */
  readonly contract: string;
  /** Parses one input; resolves (or returns) when the parser is done with it. */
  run(input: Uint8Array): void | Promise<void>;
  /** True when `e` is this parser's documented, clean refusal of bad input. */
  clean(e: unknown): boolean;
}

/**
 * An invariant broken without an exception: as bad as a crash. `what` names the broken
 * invariant without the data (it is the crash signature); `detail` shows the data.
 */
export class OracleError extends Error {
  constructor(
    readonly what: string,
    detail = "",
  ) {
    super(detail === "" ? what : `${what}: ${detail}`);
    this.name = "OracleError";
  }
}

/** The message of an error, for an OracleError's `what`. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The usual contract: DnsightError with one of the codes given (any code when none). */
export const dnsightError =
  (...codes: string[]) =>
  (e: unknown): boolean =>
    isDnsightError(e) && (codes.length === 0 || codes.includes(e.code));

// Parsers that need more than bytes (the server that answered, the name asked about)
// take them from a first line `#fuzz {json}`, so a corpus file alone reproduces a run.
const HEADER = Buffer.from("#fuzz ");

export function withOptions(options: object, body: Uint8Array): Buffer {
  return Buffer.concat([HEADER, Buffer.from(JSON.stringify(options) + "\n"), body]);
}

export function splitOptions(input: Uint8Array): {
  options: Record<string, unknown>;
  body: Buffer;
} {
  const b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!b.subarray(0, HEADER.length).equals(HEADER)) return { options: {}, body: b };
  const nl = b.indexOf(10);
  const end = nl === -1 ? b.length : nl;
  let options: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(b.toString("utf8", HEADER.length, end));
    if (typeof parsed === "object" && parsed !== null) options = parsed as Record<string, unknown>;
  } catch {
    // A header the fuzzer did not write: no options.
  }
  return { options, body: b.subarray(Math.min(b.length, end + 1)) };
}

export const optString = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === "string" ? o[k] : undefined;

/** Throws an OracleError for skip reasons that are JavaScript errors a source caught and counted. */
export function checkSkipReasons(reasons: Iterable<string>): void {
  for (const r of reasons)
    if (/^(?:[A-Z][A-Za-z]*)?Error(?: \[[A-Z_]+\])?: /.test(r))
      throw new OracleError(`an internal error was counted as a skip: ${r.slice(0, 120)}`);
}
