// SQL literals for ClickHouse, built on the client because 18.16 has no query parameters
// (`{name:Type}` and the HTTP `param_name` arrived in 19.x; README-versions.md). Every
// value reaches the server as a literal whose text is plain ASCII outside the value's own
// UTF-8: quotes and backslashes are escaped, control bytes and (for byte strings) every
// byte >= 0x80 written as \xHH, which 18.16 and current releases decode alike.
import { DnsightError } from "../../errors.js";

/** A value a query may bind: a byte string is a Uint8Array, an array binds Array(T). */
export type SqlValue = string | Uint8Array | number | bigint | boolean | null | readonly SqlValue[];

const HEX = "0123456789abcdef";
const hexByte = (b: number): string => `\\x${HEX[b >> 4]}${HEX[b & 15]}`;

// A lone UTF-16 surrogate has no UTF-8 form: Buffer.from would turn it into U+FFFD
// silently, storing something other than what was asked.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Throws unless `s` has a UTF-8 form (no lone surrogate). */
export function assertWellFormed(s: string): void {
  if (LONE_SURROGATE.test(s))
    throw new DnsightError(
      "INPUT",
      "clickhouse: a string with a lone UTF-16 surrogate has no UTF-8 form",
    );
}

/**
 * A single-quoted string literal. A JS string is stored as its UTF-8 bytes; a Uint8Array
 * byte for byte (non-UTF-8 included), so hostile text cannot end the literal or the query.
 */
export function quoteString(value: string | Uint8Array): string {
  if (typeof value === "string") {
    assertWellFormed(value);
    return `'${value.replace(TEXT_SPECIAL, escapeChar)}'`;
  }
  // latin1 maps each byte to the code unit of the same value, so one pass escapes bytes.
  return `'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1").replace(BYTE_SPECIAL, escapeChar)}'`;
}

// One native replace pass each: linear, and fast on a long hostile value.
// Control characters, quote and backslash; for bytes also every byte >= 0x7f.
const TEXT_SPECIAL = /[\x00-\x1f\x7f'\\]/g;
const BYTE_SPECIAL = /[\x00-\x1f\x7f-\xff'\\]/g;
const escapeChar = (c: string): string =>
  c === "'" ? "\\'" : c === "\\" ? "\\\\" : hexByte(c.charCodeAt(0));

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A database, table or column name, back-quoted. Only plain names are accepted: the
 * schema names its own objects, and a name from outside is a bug to report, not escape.
 */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name) || name.length > 128)
    throw new DnsightError(
      "INPUT",
      `clickhouse: ${JSON.stringify(name.slice(0, 64))} is not a plain identifier`,
    );
  return `\`${name}\``;
}

/** A literal of any SqlValue, typed only by the JS value (see bindParams for typed slots). */
export function literal(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "string" || value instanceof Uint8Array) return quoteString(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new DnsightError("INPUT", `clickhouse: ${value} is not a finite number`);
    // String(1e21) is "1e+21", which ClickHouse reads as a Float64 literal.
    return Object.is(value, -0) ? "0" : String(value);
  }
  return `[${value.map(literal).join(", ")}]`;
}
