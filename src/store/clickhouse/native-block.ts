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

const varUIntSize = (n: number): number => {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
};

/** Writes LEB128, the Native format's VarUInt, at `at`; returns the offset after it. */
function writeVarUInt(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

const bad = (where: string, what: string): never => {
  throw new DnsightError("INTERNAL", `clickhouse native block: ${where} is not ${what}`);
};

/** Bytes a String value takes: its length as VarUInt, then its bytes. */
function stringSize(v: NativeValue, where: string): number {
  if (typeof v === "string") {
    // Buffer.write would store a lone surrogate as U+FFFD: another value than the one given.
    assertWellFormed(v);
    const n = Buffer.byteLength(v, "utf8");
    return varUIntSize(n) + n;
  }
  if (!(v instanceof Uint8Array)) return bad(where, "a string");
  return varUIntSize(v.length) + v.length;
}

function writeString(buf: Buffer, at: number, v: NativeValue): number {
  if (typeof v === "string") {
    const n = Buffer.byteLength(v, "utf8");
    at = writeVarUInt(buf, at, n);
    return at + buf.write(v, at, "utf8");
  }
  const bytes = v as Uint8Array;
  at = writeVarUInt(buf, at, bytes.length);
  buf.set(bytes, at);
  return at + bytes.length;
}

const WIDTH: Record<Exclude<NativeType, "String">, number> = { UInt8: 1, UInt32: 4, UInt64: 8 };
const MAX: Record<Exclude<NativeType, "String">, bigint> = {
  UInt8: 0xffn,
  UInt32: 0xffffffffn,
  UInt64: 0xffffffffffffffffn,
};

function writeFixed(buf: Buffer, at: number, c: NativeColumn): number {
  const type = c.type as Exclude<NativeType, "String">;
  const width = WIDTH[type];
  c.values.forEach((v, i) => {
    const where = `${c.name} row ${i}`;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= Number(MAX[type])) {
      if (width === 1) buf[at] = v;
      else if (width === 4) buf.writeUInt32LE(v, at);
      else {
        // Two 32-bit halves: a BigInt per value was the encoder's costliest step.
        buf.writeUInt32LE(v % 0x100000000, at);
        buf.writeUInt32LE(Math.floor(v / 0x100000000), at + 4);
      }
    } else if (typeof v === "bigint" && v >= 0n && v <= MAX[type]) {
      if (width === 8) buf.writeBigUInt64LE(v, at);
      else if (width === 4) buf.writeUInt32LE(Number(v), at);
      else buf[at] = Number(v);
    } else bad(where, `a ${type}`);
    at += width;
  });
  return at;
}

/** The block of `columns`, which must all hold the same number of values. */
export function nativeBlock(columns: readonly NativeColumn[]): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  // Sized first, then written into one buffer: a Buffer per value cost 35 µs a row.
  let size = varUIntSize(columns.length) + varUIntSize(rows);
  for (const c of columns) {
    if (c.values.length !== rows)
      throw new DnsightError(
        "INTERNAL",
        `clickhouse native block: ${c.name} has a row count of its own`,
      );
    size += stringSize(c.name, "a column name") + stringSize(c.type, "a column type");
    if (c.type === "String")
      c.values.forEach((v, i) => (size += stringSize(v, `${c.name} row ${i}`)));
    else size += WIDTH[c.type] * rows;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = writeVarUInt(buf, 0, columns.length);
  at = writeVarUInt(buf, at, rows);
  for (const c of columns) {
    at = writeString(buf, at, c.name);
    at = writeString(buf, at, c.type);
    if (c.type === "String") for (const v of c.values) at = writeString(buf, at, v);
    else at = writeFixed(buf, at, c);
  }
  if (at !== size) throw new DnsightError("INTERNAL", "clickhouse native block: size mismatch");
  return buf;
}
