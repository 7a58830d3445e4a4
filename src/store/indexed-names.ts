import { ipNumber } from "../net/ip-number.js";
import { isIPv6Text } from "../net/ip.js";

// The derived keys that make passive-DNS lookups range scans, computed once when
// a row is written (every backend stores the same values):
// - a name with its labels reversed ("www.example.com" -> "com.example.www"), so
//   "*.example.com" is the range ("com.example.", "com.example/");
// - the name a record's data points at (CNAME/NS/MX/... targets), and its reversal;
// - an address as bytes that sort in numeric order, version first, so a CIDR or
//   a range a-b is a range scan.

/** Labels of a presentation-form name, split on dots that are not escaped. */
function labels(name: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "\\" && i + 1 < name.length) {
      cur += c + name[i + 1]!;
      i++;
    } else if (c === ".") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** "www.example.com" -> "com.example.www"; the root stays ".". */
export function reverseName(name: string): string {
  if (name === "." || name === "") return ".";
  return labels(name).reverse().join(".");
}

/** Lowercase, no trailing dot: how a name inside rdata is indexed. */
const bare = (name: string): string | undefined => {
  const n = name.toLowerCase().replace(/\.$/, "");
  return n === "" ? undefined : n;
};

/** Which whitespace-separated field of the rdata holds the name, by type. */
const NAME_FIELD: Readonly<Record<string, number>> = {
  CNAME: 0,
  DNAME: 0,
  NS: 0,
  PTR: 0,
  MD: 0,
  MF: 0,
  MB: 0,
  MG: 0,
  MR: 0,
  SOA: 0,
  MX: 1,
  KX: 1,
  AFSDB: 1,
  RT: 1,
  SVCB: 1,
  HTTPS: 1,
  SRV: 3,
  NAPTR: 5,
};

/** The name a record's data points at, indexed for `--rdata` name queries; undefined for other types. */
export function rdataName(rrtype: string, rdata: string): string | undefined {
  const field = NAME_FIELD[rrtype];
  if (field === undefined) return undefined;
  // Names in rdata carry no spaces (they are \032-escaped), except NAPTR's quoted strings before them.
  const parts =
    rrtype === "NAPTR" ? (rdata.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []) : rdata.split(/\s+/);
  const name = parts[field];
  // "." as a target means "none" (NAPTR replacement, SVCB AliasMode with no target).
  return name === undefined || name === "." ? undefined : bare(name);
}

/** An A or AAAA record's address as sortable bytes: 4 or 6, then the address. */
export function ipKey(rrtype: string, rdata: string): Buffer | undefined {
  if (rrtype === "A") {
    // The hot path (most passive DNS is A records): no BigInt.
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(rdata);
    if (!m) return undefined;
    const b = Buffer.allocUnsafe(5);
    b[0] = 4;
    for (let i = 1; i <= 4; i++) {
      const n = Number(m[i]);
      if (n > 255) return undefined;
      b[i] = n;
    }
    return b;
  }
  if (rrtype === "AAAA" && isIPv6Text(rdata)) return addressKey(6, ipNumber(rdata)!.value);
  return undefined;
}

/** The key bytes of an address number; ranges of keys are ranges of addresses. */
export function addressKey(version: 4 | 6, value: bigint): Buffer {
  const len = version === 4 ? 4 : 16;
  const b = Buffer.alloc(1 + len);
  b[0] = version;
  for (let i = len; i >= 1; i--) {
    b[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return b;
}
