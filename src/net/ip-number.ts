import {
  ipv4ToBytes,
  ipv4ToText,
  ipv6ToBytes,
  ipv6ToHexText,
  isIPv4Text,
  isIPv6Text,
} from "./ip.js";

// Addresses as numbers (bigints), so IPv4 and IPv6 prefixes compare with the same code.
// Text goes through ip.ts, the one codec.

export interface Prefix {
  version: 4 | 6;
  network: bigint;
  length: number;
}

/** 4 or 16 bytes as a number, 32 bits a step: the store computes one for every AAAA row. */
function bigOf(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i += 4) {
    const word = ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
    v = (v << 32n) | BigInt(word);
  }
  return v;
}

/** An address as a version and a number; a zone id (fe80::1%eth0) is dropped. Undefined if not an address. */
export function ipNumber(addr: string): { version: 4 | 6; value: bigint } | undefined {
  const a = addr.trim();
  if (isIPv4Text(a)) return { version: 4, value: bigOf(ipv4ToBytes(a)!) };
  const zone = a.indexOf("%");
  // ipv6ToBytes checks the text; one with a zone id is checked whole, then read without it.
  if (zone >= 0 && !isIPv6Text(a)) return undefined;
  const bytes = ipv6ToBytes(zone < 0 ? a : a.slice(0, zone));
  return bytes && { version: 6, value: bigOf(bytes) };
}

/** "192.0.2.0/24" or "2001:db8::/32" as a prefix, or undefined if malformed. */
export function parsePrefix(cidr: string): Prefix | undefined {
  const [addr = "", len] = cidr.split("/");
  const parsed = ipNumber(addr);
  if (!parsed) return undefined;
  const bits = parsed.version === 4 ? 32 : 128;
  const length = len === undefined ? bits : Number(len);
  if (!Number.isInteger(length) || length < 0 || length > bits) return undefined;
  return { version: parsed.version, network: mask(parsed.value, length, bits), length };
}

function mask(value: bigint, length: number, bits: number): bigint {
  const host = BigInt(bits - length);
  return (value >> host) << host;
}

export function prefixContains(p: Prefix, version: 4 | 6, value: bigint): boolean {
  if (p.version !== version) return false;
  return mask(value, p.length, version === 4 ? 32 : 128) === p.network;
}

/** A number back to an address: dotted quad, or IPv6 in hex groups only (ipv6ToHexText). */
export function ipNumberText(version: 4 | 6, value: bigint): string {
  const n = version === 4 ? 4 : 16;
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Number((value >> BigInt(8 * (n - 1 - i))) & 0xffn);
  return version === 4 ? ipv4ToText(b) : ipv6ToHexText(b);
}

/** The fewest CIDR prefixes that exactly cover first..last; [] when they are not one range. */
export function rangeToCidrs(first: string, last: string): string[] {
  const a = ipNumber(first);
  const b = ipNumber(last);
  if (!a || !b || a.version !== b.version || a.value > b.value) return [];
  const bits = a.version === 4 ? 32 : 128;
  const out: string[] = [];
  let cur = a.value;
  // Each step takes the largest aligned block starting at cur that does not pass the end.
  while (cur <= b.value && out.length < 256) {
    let size = 0;
    while (
      size < bits &&
      (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      cur + (1n << BigInt(size + 1)) - 1n <= b.value
    )
      size++;
    out.push(`${ipNumberText(a.version, cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}
