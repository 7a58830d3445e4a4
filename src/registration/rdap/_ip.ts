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
  let text = addr.replace(/%.*$/, "");
  // An embedded dotted quad (::ffff:192.0.2.1) is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
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
