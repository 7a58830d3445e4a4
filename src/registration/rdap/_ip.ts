import { isIPv4, isIPv6 } from "node:net";

// Addresses as bigints, so IPv4 and IPv6 prefixes compare with the same code.

export interface Prefix {
  version: 4 | 6;
  network: bigint;
  length: number;
}

function v4ToBigInt(addr: string): bigint {
  return addr.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBigInt(addr: string): bigint {
  const zone = addr.indexOf("%"); // fe80::1%eth0
  let text = zone < 0 ? addr : addr.slice(0, zone);
  // An embedded dotted quad (::ffff:192.0.2.1) is two 16-bit groups.
  const dotted = /(?<!\d)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = v4ToBigInt(dotted[1]);
    text =
      text.slice(0, -dotted[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(fill).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An address as a version and a number, or undefined if it is not an IP address. */
export function parseAddress(addr: string): { version: 4 | 6; value: bigint } | undefined {
  const a = addr.trim();
  if (isIPv4(a)) return { version: 4, value: v4ToBigInt(a) };
  if (isIPv6(a)) return { version: 6, value: v6ToBigInt(a) };
  return undefined;
}

/** "192.0.2.0/24" or "2001:db8::/32" as a prefix, or undefined if malformed. */
export function parsePrefix(cidr: string): Prefix | undefined {
  const [addr = "", len] = cidr.split("/");
  const parsed = parseAddress(addr);
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

/** A number back to an address in its usual text form (IPv6 compressed). */
export function formatAddress(version: 4 | 6, value: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  const text = groups.map((g) => g.toString(16));
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return text.join(":");
  return `${text.slice(0, best).join(":")}::${text.slice(best + bestLen).join(":")}`;
}

/** The fewest CIDR prefixes that exactly cover first..last; [] when they are not one range. */
export function rangeToCidrs(first: string, last: string): string[] {
  const a = parseAddress(first);
  const b = parseAddress(last);
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
    out.push(`${formatAddress(a.version, cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}
