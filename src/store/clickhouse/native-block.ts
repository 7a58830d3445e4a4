// One block in ClickHouse's Native format, as the HTTP interface reads it (no block-info
// header: that is for the TCP protocol's clients only): the column and row counts, then
// each column whole: its name, its type and its values. The store sends each piece of an
// ingest as one such block because the server cannot take part of it: a body cut short
// anywhere leaves some column incomplete and the INSERT fails, storing nothing, where a
// JSONEachRow or TSV body cut at a line end is taken as complete (README-versions.md).
import { DnsightError } from "../../errors.js";
import { assertWellFormed } from "./sql-literal.js";

export type NativeType = "String" | "UInt8" | "UInt32" | "UInt64";
export type NativeValue = string | Uint8Array | number | bigint;

export interface NativeColumn {
  name: string;
  type: NativeType;
  values: readonly NativeValue[];
}

/** Appends LEB128, the Native format's VarUInt. */
function varUInt(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function stringBytes(parts: Buffer[], v: NativeValue, where: string): void {
  if (typeof v !== "string" && !(v instanceof Uint8Array))
    throw new DnsightError("INTERNAL", `clickhouse native block: ${where} is not a string`);
  // Buffer.from would store a lone surrogate as U+FFFD: another value than the one given.
  if (typeof v === "string") assertWellFormed(v);
  const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(v);
  const len: number[] = [];
  varUInt(len, bytes.length);
  parts.push(Buffer.from(len), bytes);
}

const MAX: Record<Exclude<NativeType, "String">, bigint> = {
  UInt8: 0xffn,
  UInt32: 0xffffffffn,
  UInt64: 0xffffffffffffffffn,
};

function fixedColumn(c: NativeColumn): Buffer {
  const width = c.type === "UInt8" ? 1 : c.type === "UInt32" ? 4 : 8;
  const buf = Buffer.alloc(width * c.values.length);
  c.values.forEach((v, i) => {
    const n = typeof v === "bigint" ? v : Number.isSafeInteger(v) ? BigInt(v as number) : -1n;
    if (n < 0n || n > MAX[c.type as keyof typeof MAX])
      throw new DnsightError(
        "INTERNAL",
        `clickhouse native block: ${c.name} row ${i} is not a ${c.type}`,
      );
    if (width === 1) buf[i] = Number(n);
    else if (width === 4) buf.writeUInt32LE(Number(n), i * 4);
    else buf.writeBigUInt64LE(n, i * 8);
  });
  return buf;
}

/** The block of `columns`, which must all hold the same number of values. */
export function nativeBlock(columns: readonly NativeColumn[]): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  const head: number[] = [];
  varUInt(head, columns.length);
  varUInt(head, rows);
  const parts: Buffer[] = [Buffer.from(head)];
  for (const c of columns) {
    if (c.values.length !== rows)
      throw new DnsightError(
        "INTERNAL",
        `clickhouse native block: ${c.name} has a row count of its own`,
      );
    stringBytes(parts, c.name, "a column name");
    stringBytes(parts, c.type, "a column type");
    if (c.type === "String")
      c.values.forEach((v, i) => stringBytes(parts, v, `${c.name} row ${i}`));
    else parts.push(fixedColumn(c));
  }
  return Buffer.concat(parts);
}
