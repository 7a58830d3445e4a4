import { ipv4ToText, ipv6ToRfc5952Text } from "../net/ip.js";
import type { RangeTable } from "./range-table.js";

// The reverse of IP → AS: the address ranges an AS announces, from the same table
// (RouteViews / DB-IP, src/enrich/ip-info.ts). The index is built once, at the first
// question, in three linear passes over the table (count, offsets, fill): no sort, a
// few MB of typed arrays for the whole Internet.

/** Addresses first..last of one family. */
export interface AsRange {
  version: 4 | 6;
  first: bigint;
  last: bigint;
}

export interface AsIndex {
  /** The ranges of `asn` in address order (IPv4 first), adjacent ones joined; its name from the table. */
  ranges(asn: number): { org: string | null; ranges: AsRange[] };
}

export function asIndex(table: RangeTable<{ asn: number; org: string }>): AsIndex {
  let built:
    { start: Map<number, number>; count: Map<number, number>; order: Int32Array } | undefined;
  const build = () => {
    const count = new Map<number, number>();
    for (let i = 0; i < table.size; i++) {
      const a = table.valueAt(i)!.asn;
      count.set(a, (count.get(a) ?? 0) + 1);
    }
    // start[asn]..start[asn]+count[asn] is its slice of `order`, filled in table order.
    const start = new Map<number, number>();
    let at = 0;
    for (const [a, n] of count) {
      start.set(a, at);
      at += n;
    }
    const next = new Map(start);
    const order = new Int32Array(table.size);
    for (let i = 0; i < table.size; i++) {
      const a = table.valueAt(i)!.asn;
      const k = next.get(a)!;
      order[k] = i;
      next.set(a, k + 1);
    }
    return { start, order, count };
  };
  return {
    ranges(asn) {
      built ??= build();
      const from = built.start.get(asn);
      if (from === undefined) return { org: null, ranges: [] };
      const out: AsRange[] = [];
      let org: string | null = null;
      for (let k = from; k < from + built.count.get(asn)!; k++) {
        const r = table.at(built.order[k]!)!;
        org ??= r.value.org || null;
        const version = r.v6 ? 6 : 4;
        const prev = out[out.length - 1];
        if (prev !== undefined && prev.version === version && prev.last + 1n === r.first)
          prev.last = r.last;
        else out.push({ version, first: r.first, last: r.last });
      }
      return { org, ranges: out };
    },
  };
}

/** An address number as text (RFC 5952 for IPv6). */
export function addressText(version: 4 | 6, n: bigint): string {
  const b = new Uint8Array(version === 4 ? 4 : 16);
  for (let i = b.length - 1; i >= 0; i--, n >>= 8n) b[i] = Number(n & 0xffn);
  return version === 4 ? ipv4ToText(b) : ipv6ToRfc5952Text(b);
}

/** A range that is one CIDR prefix as text: 192.0.2.0/24. */
export const cidrText = (c: AsRange): string => {
  let host = 0;
  while (c.first + (1n << BigInt(host)) - 1n < c.last) host++;
  return `${addressText(c.version, c.first)}/${(c.version === 4 ? 32 : 128) - host}`;
};

/**
 * The fewest CIDR prefixes that cover each range exactly, range after range: each step
 * takes the largest aligned block at the current address that stays inside the range,
 * so a range gives at most 2 × (address bits) prefixes.
 */
export function* cidrs(ranges: Iterable<AsRange>): Generator<AsRange, void, void> {
  for (const r of ranges) {
    if (r.version === 4) {
      // IPv4 in plain numbers (exact below 2^53): a busy AS has thousands of prefixes.
      const end = Number(r.last);
      for (let cur = Number(r.first); cur <= end;) {
        const host = Math.min(trailingZeros4(cur), floorLog2(end - cur + 1));
        const last = cur + 2 ** host - 1;
        yield { version: 4, first: BigInt(cur), last: BigInt(last) };
        cur = last + 1;
      }
      continue;
    }
    let cur = r.first;
    while (cur <= r.last) {
      let host = 0;
      while (
        host < 128 &&
        (cur & ((1n << BigInt(host + 1)) - 1n)) === 0n &&
        cur + (1n << BigInt(host + 1)) - 1n <= r.last
      )
        host++;
      const last = cur + (1n << BigInt(host)) - 1n;
      yield { version: 6, first: cur, last };
      cur = last + 1n;
    }
  }
}

/** Zero bits at the low end of a 32-bit address (32 for 0.0.0.0). */
const trailingZeros4 = (n: number): number => (n === 0 ? 32 : 31 - Math.clz32(n & -n));

/** ⌊log2 n⌋ for 1 ≤ n ≤ 2^32. */
const floorLog2 = (n: number): number => (n >= 2 ** 32 ? 32 : 31 - Math.clz32(n));
