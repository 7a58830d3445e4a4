import { DnsightError } from "../../../errors.js";
import type { WireReader } from "../reader.js";
import { parseUint, type Token } from "../text.js";
import { typeFromString, typeToString } from "../types.js";
import type { WireWriter } from "../writer.js";

// Field encodings shared by the RDATA families: base64 and hex blobs (printed
// unbroken, as kdig does, where dig cuts them every 56 characters; accepted split
// over several tokens, as zone files write them), base32hex (RFC 4648 §7) and
// the NSEC type bitmap (RFC 4034 §4.1.2).

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const toBase64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64");
export const toHex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.length).toString("hex").toUpperCase();

export function fromBase64(text: string, what: string): Buffer {
  if (!B64.test(text)) throw new DnsightError("INPUT", `${what}: "${text}" is not base64`);
  return Buffer.from(text, "base64");
}

export function fromHex(text: string, what: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text))
    throw new DnsightError("INPUT", `${what}: "${text}" is not hex`);
  return Buffer.from(text, "hex");
}

/** Joins the tokens from `from` on (a blob may be split by whitespace). */
export const joinRest = (tokens: readonly Token[], from: number): string =>
  tokens
    .slice(from)
    .map((t) => t.raw)
    .join("");

/** Parses an unsigned field; a shorthand for the common widths. */
export const u8f = (t: Token | undefined, what: string): number => parseUint(t, 0xff, what);
export const u16f = (t: Token | undefined, what: string): number => parseUint(t, 0xffff, what);
export const u32f = (t: Token | undefined, what: string): number => parseUint(t, 0xffffffff, what);

/**
 * The rest of the RDATA, which must not be empty: a blob type with no data prints as ""
 * and no encoder reads that back (dig and kdig call such a reply malformed).
 */
export function nonEmpty(r: WireReader, end: number, what: string): Buffer {
  if (end <= r.pos) r.fail(`empty ${what}`);
  return r.bytes(end - r.pos, what);
}

export function needTokens(tokens: readonly Token[], min: number, type: string): void {
  if (tokens.length < min)
    throw new DnsightError(
      "INPUT",
      `${type} data needs at least ${min} fields, got ${tokens.length}`,
    );
}

const B32 = "0123456789abcdefghijklmnopqrstuv";

/** base32hex without padding, lowercase, as kdig prints NSEC3 owner hashes. */
export function toBase32Hex(b: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of b) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

export function fromBase32Hex(text: string, what: string): Uint8Array {
  const s = text.toLowerCase().replace(/(?<!=)=+$/, ""); // padding: one run, scanned once
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of s) {
    const v = B32.indexOf(c);
    if (v < 0) throw new DnsightError("INPUT", `${what}: "${text}" is not base32hex`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits >= 5 || acc !== 0)
    throw new DnsightError("INPUT", `${what}: "${text}" has trailing base32hex bits`);
  return Uint8Array.from(out);
}

/** Reads an NSEC-style type bitmap up to `end`: windows in order, 1..32 octets each. */
export function readTypeBitmap(r: WireReader, end: number, type: string): string[] {
  const out: string[] = [];
  let last = -1;
  while (r.pos < end) {
    const at = r.pos;
    const win = r.u8(`${type} bitmap window`);
    const len = r.u8(`${type} bitmap length`);
    if (win <= last) r.fail(`${type} bitmap windows out of order`, at);
    if (len < 1 || len > 32) r.fail(`${type} bitmap length ${len} outside 1..32`, at + 1);
    const bytes = r.bytes(len, `${type} bitmap`);
    for (let i = 0; i < len; i++) {
      for (let bit = 0; bit < 8; bit++) {
        if (bytes[i]! & (0x80 >> bit)) out.push(typeToString(win * 256 + i * 8 + bit));
      }
    }
    last = win;
  }
  return out;
}

export function parseType(t: Token, what: string): number {
  const code = typeFromString(t.raw);
  if (code === undefined) throw new DnsightError("INPUT", `${what}: unknown type "${t.raw}"`);
  return code;
}

export function writeTypeBitmap(tokens: readonly Token[], w: WireWriter, type: string): void {
  const codes = [...new Set(tokens.map((t) => parseType(t, `${type} bitmap`)))].sort(
    (x, y) => x - y,
  );
  for (let i = 0; i < codes.length;) {
    const win = codes[i]! >> 8;
    const bits = new Uint8Array(32);
    let max = 0;
    for (; i < codes.length && codes[i]! >> 8 === win; i++) {
      const low = codes[i]! & 0xff;
      bits[low >> 3] = bits[low >> 3]! | (0x80 >> (low & 7));
      max = low >> 3;
    }
    w.u8(win);
    w.u8(max + 1);
    w.bytes(bits.subarray(0, max + 1));
  }
}
