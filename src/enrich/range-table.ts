import { DnsightError } from "../errors.js";

// Address ranges → a value, for IPv4 and IPv6, as the @ip-location-db "-num" CSVs give
// them: `first,last,field...` with addresses as decimal integers, ranges sorted and
// disjoint. Kept in typed arrays and searched by bisection: a few MB for the whole
// Internet, one lookup in ~20 comparisons.

export interface RangeTable<V> {
  lookup(address: bigint, v6: boolean): V | undefined;
  readonly size: number;
  /** Range `i` of `size`: the IPv4 ones first, each family in address order. */
  at(i: number): TableRange<V> | undefined;
  /** The value of range `i`, without making its addresses (a walk over every range). */
  valueAt(i: number): V | undefined;
}

export interface TableRange<V> {
  v6: boolean;
  first: bigint;
  last: bigint;
  value: V;
}

/** One CSV line's fields; a field may be quoted ("Cloudflare, Inc."), quotes doubled inside. */
export function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new DnsightError("INPUT", "unterminated quote");
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i < line.length && line[i] !== ",")
        throw new DnsightError("INPUT", "text after a closing quote");
      i++;
    } else {
      const c = line.indexOf(",", i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/**
 * A table's arrays, as parsing makes them: typed arrays (transferable to another
 * thread without a copy) and the values, which a structured clone carries.
 */
export interface RangeTableParts<V> {
  values: V[];
  first4: Uint32Array;
  last4: Uint32Array;
  val4: Int32Array;
  /** The high and low 64 bits of each IPv6 range's first address, and its last. */
  first6: BigUint64Array;
  first6lo: BigUint64Array;
  last6: bigint[];
  val6: Int32Array;
}

/** The buffers `parts` holds, for postMessage's transfer list. */
export function partBuffers(parts: RangeTableParts<unknown>): ArrayBuffer[] {
  const { first4, last4, val4, first6, first6lo, val6 } = parts;
  return [first4, last4, val4, first6, first6lo, val6].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Builds a table from the v4 and v6 CSV texts; `value` makes the value from the fields
 * after the two addresses. A bad line is an error naming the file and line.
 */
export function buildRangeTable<V>(
  files: { v4: { name: string; text: string }; v6: { name: string; text: string } },
  value: (fields: string[]) => V,
): RangeTable<V> {
  return rangeTableFrom(parseRangeTable(files, value));
}

/** The parsing half of buildRangeTable: the arrays, not yet a table. */
export function parseRangeTable<V>(
  files: { v4: { name: string; text: string }; v6: { name: string; text: string } },
  value: (fields: string[]) => V,
): RangeTableParts<V> {
  const values: V[] = [];
  const v4 = { first: [] as number[], last: [] as number[], value: [] as number[] };
  const v6 = { first: [] as bigint[], last: [] as bigint[], value: [] as number[] };
  for (const [family, f] of [
    ["v4", files.v4],
    ["v6", files.v6],
  ] as const) {
    let lineNo = 0;
    let prevFirst = -1n;
    let prevLast = -1n;
    for (const line of f.text.split("\n")) {
      lineNo++;
      if (line === "" || line === "\r") continue;
      const bad = (why: string): never => {
        throw new DnsightError("INPUT", `${f.name}:${lineNo}: ${why}`);
      };
      let fields: string[];
      try {
        fields = csvFields(line.replace(/\r$/, ""));
      } catch (e) {
        return bad((e as Error).message);
      }
      if (fields.length < 3 || !/^\d+$/.test(fields[0]!) || !/^\d+$/.test(fields[1]!))
        bad("expected first,last,... with decimal addresses");
      let first = BigInt(fields[0]!);
      const last = BigInt(fields[1]!);
      const max = family === "v4" ? 0xffffffffn : (1n << 128n) - 1n;
      if (first > last || last > max) bad("range out of order or out of the address space");
      if (first <= prevFirst) bad("ranges not sorted by their first address");
      prevFirst = first;
      // The published files hold the odd range overlapping the one before (a more
      // specific route): the earlier range keeps its addresses, the later the rest.
      if (last <= prevLast) continue;
      if (first <= prevLast) first = prevLast + 1n;
      prevLast = last;
      try {
        values.push(value(fields.slice(2)));
      } catch (e) {
        bad((e as Error).message);
      }
      if (family === "v4") {
        v4.first.push(Number(first));
        v4.last.push(Number(last));
        v4.value.push(values.length - 1);
      } else {
        v6.first.push(first);
        v6.last.push(last);
        v6.value.push(values.length - 1);
      }
    }
  }
  return {
    values,
    first4: Uint32Array.from(v4.first),
    last4: Uint32Array.from(v4.last),
    val4: Int32Array.from(v4.value),
    first6: BigUint64Array.from(v6.first.map((b) => b >> 64n)),
    first6lo: BigUint64Array.from(v6.first.map((b) => b & 0xffffffffffffffffn)),
    last6: v6.last,
    val6: Int32Array.from(v6.value),
  };
}

/** The table over parsed arrays: no parsing, so cheap on the thread that asks. */
export function rangeTableFrom<V>(parts: RangeTableParts<V>): RangeTable<V> {
  const { values, first4, last4, val4, first6, first6lo, last6, val6 } = parts;
  return {
    size: values.length,
    valueAt(i) {
      if (i < first4.length) return values[val4[i]!];
      return values[val6[i - first4.length]!];
    },
    at(i) {
      if (!Number.isInteger(i) || i < 0 || i >= values.length) return undefined;
      if (i < first4.length)
        return {
          v6: false,
          first: BigInt(first4[i]!),
          last: BigInt(last4[i]!),
          value: values[val4[i]!]!,
        };
      const j = i - first4.length;
      return {
        v6: true,
        first: (first6[j]! << 64n) | first6lo[j]!,
        last: last6[j]!,
        value: values[val6[j]!]!,
      };
    },
    lookup(address, isV6) {
      if (!isV6) {
        const a = Number(address);
        let lo = 0;
        let hi = first4.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          if (first4[mid]! <= a) lo = mid + 1;
          else hi = mid - 1;
        }
        return hi >= 0 && a <= last4[hi]! ? values[val4[hi]!] : undefined;
      }
      const aHi = address >> 64n;
      const aLo = address & 0xffffffffffffffffn;
      let lo = 0;
      let hi = first6.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const fh = first6[mid]!;
        if (fh < aHi || (fh === aHi && first6lo[mid]! <= aLo)) lo = mid + 1;
        else hi = mid - 1;
      }
      return hi >= 0 && address <= last6[hi]! ? values[val6[hi]!] : undefined;
    },
  };
}

/** An address as the integer the tables use, and its family; undefined if not an address. */
export function addressNumber(ip: string): { n: bigint; v6: boolean } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return {
      n: BigInt(((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!),
      v6: false,
    };
  }
  if (!ip.includes(":")) return undefined;
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (tail) {
    const n = addressNumber(tail[1]!);
    if (!n) return undefined;
    text = `${text.slice(0, -tail[1]!.length)}${(Number(n.n) >>> 16).toString(16)}:${(Number(n.n) & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
  if (n >> 32n === 0xffffn) return { n: n & 0xffffffffn, v6: false };
  return { n, v6: true };
}
