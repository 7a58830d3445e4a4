// The body of an INSERT, encoded as it is sent: rows come from an (async) iterable and
// leave in chunks of about 64 KiB, so a million-row batch never sits in memory as text.
// JSONEachRow suits objects of UTF-8 text; TSV carries any bytes (a Uint8Array field is
// written byte for byte, escaped as ClickHouse's TabSeparated format reads it).
import { DnsightError } from "../../errors.js";
import { assertWellFormed } from "./sql-literal.js";

export type InsertFormat = "JSONEachRow" | "TSV";
export type TsvField = string | Uint8Array | number | bigint | boolean | null;

const CHUNK = 64 * 1024;

/** One JSONEachRow line. A bigint is written as a quoted number, which 18.16 accepts for (U)Int64. */
export function jsonLine(row: Readonly<Record<string, unknown>>): string {
  // JSON.stringify writes a lone surrogate as \uD800, which has no UTF-8 form to store.
  const json = JSON.stringify(row, (_k, v: unknown) => {
    if (typeof v === "string") assertWellFormed(v);
    return typeof v === "bigint" ? v.toString() : v;
  });
  return `${json}\n`;
}

// TabSeparated escapes (ClickHouse docs, "TabSeparated"): backslash, tab, newline; NUL and
// the other control bytes as \xHH, which its reader also takes, so a line stays one line.
const TSV_ESCAPES: Record<number, string> = {
  0x5c: "\\\\",
  0x09: "\\t",
  0x0a: "\\n",
  0x0d: "\\r",
  0x00: "\\0",
};

function tsvBytes(field: TsvField): Buffer {
  if (field === null) return Buffer.from("\\N");
  if (typeof field === "boolean") return Buffer.from(field ? "1" : "0");
  if (typeof field === "number" || typeof field === "bigint") {
    if (typeof field === "number" && !Number.isFinite(field))
      throw new DnsightError("INPUT", `clickhouse insert: ${field} is not a finite number`);
    return Buffer.from(String(field));
  }
  if (typeof field === "string") assertWellFormed(field);
  const raw = typeof field === "string" ? Buffer.from(field, "utf8") : field;
  let plain = true;
  for (const b of raw) if (b < 0x20 || b === 0x5c || b === 0x7f) plain = false;
  if (plain) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const parts: string[] = [];
  let from = 0;
  const asBinary = (a: number, b: number): string =>
    Buffer.from(raw.subarray(a, b)).toString("latin1");
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b >= 0x20 && b !== 0x5c && b !== 0x7f) continue;
    parts.push(asBinary(from, i), TSV_ESCAPES[b] ?? `\\x${b.toString(16).padStart(2, "0")}`);
    from = i + 1;
  }
  parts.push(asBinary(from, raw.length));
  return Buffer.from(parts.join(""), "latin1");
}

/** One TabSeparated line of `fields`. */
export function tsvLine(fields: readonly TsvField[]): Buffer {
  const parts: Buffer[] = [];
  fields.forEach((f, i) => {
    if (i > 0) parts.push(TAB);
    parts.push(tsvBytes(f));
  });
  parts.push(NL);
  return Buffer.concat(parts);
}
const TAB = Buffer.from("\t");
const NL = Buffer.from("\n");

/** Body chunks for `rows` in `format`; counts rows into `counter.rows` as they are encoded. */
export async function* insertChunks(
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  format: InsertFormat,
  counter: { rows: number },
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const row of rows) {
    const shapeOk =
      format === "TSV"
        ? Array.isArray(row)
        : row !== null && typeof row === "object" && !Array.isArray(row);
    if (!shapeOk)
      throw new DnsightError(
        "INPUT",
        `clickhouse insert: row ${counter.rows + 1} is not ${format === "TSV" ? "an array of fields" : "an object"}`,
      );
    const line =
      format === "TSV"
        ? tsvLine(row as readonly TsvField[])
        : Buffer.from(jsonLine(row as Record<string, unknown>), "utf8");
    counter.rows++;
    parts.push(line);
    size += line.length;
    if (size >= CHUNK) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}
