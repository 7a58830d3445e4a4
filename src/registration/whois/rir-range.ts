import { ipNumberText, ipNumber } from "../../net/ip-number.js";

// The ranges RIR WHOIS writes: "8.8.8.0 - 8.8.8.255" (ARIN NetRange, RPSL
// inetnum), a prefix ("2001:67c:2e8::/48", RPSL inet6num and LACNIC inetnum),
// LACNIC's abbreviated prefixes with trailing zero octets left out ("200.3.12/22"
// is 200.3.12.0/22), and AS numbers alone or as ranges ("15169", "AS3333",
// "3154 - 3353", "AS3209 - AS3353").

export interface IpSpan {
  version: 4 | 6;
  first: bigint;
  last: bigint;
}

function prefixSpan(text: string): IpSpan | undefined {
  const m = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(text.trim());
  if (!m) return undefined;
  let addr = m[1]!;
  if (!addr.includes(":")) {
    const octets = addr.split(".");
    if (octets.length > 4 || octets.some((o) => o === "")) return undefined;
    addr = [...octets, "0", "0", "0"].slice(0, 4).join(".");
  }
  const a = ipNumber(addr);
  const len = Number(m[2]);
  const bits = a?.version === 4 ? 32 : 128;
  if (!a || len > bits) return undefined;
  const host = (1n << BigInt(bits - len)) - 1n;
  const first = a.value & ~host & ((1n << BigInt(bits)) - 1n);
  return { version: a.version, first, last: first | host };
}

/** A prefix in its usual form ("200.3.12/22" → "200.3.12.0/22"); undefined if it is none. */
export function normalPrefix(text: string): string | undefined {
  const span = prefixSpan(text);
  return span && `${spanStart(span)}/${text.trim().split("/")[1]}`;
}

/** An address range or prefix; undefined when the text is neither. */
export function ipSpan(text: string): IpSpan | undefined {
  // Addresses hold no "-": the dash between them is found in one pass.
  const range = /^\s*([^\s-]+)\s*-\s*([^\s-]+)\s*$/.exec(text);
  if (range) {
    const a = ipNumber(range[1]!);
    const b = ipNumber(range[2]!);
    if (!a || !b || a.version !== b.version || a.value > b.value) return undefined;
    return { version: a.version, first: a.value, last: b.value };
  }
  return prefixSpan(text);
}

export function spanStart(s: IpSpan): string {
  return ipNumberText(s.version, s.first);
}

export function spanEnd(s: IpSpan): string {
  return ipNumberText(s.version, s.last);
}

/** Whether `key` (an address) lies in the span. */
export function spanHolds(s: IpSpan, key: string): boolean {
  const a = ipNumber(key);
  return a !== undefined && a.version === s.version && a.value >= s.first && a.value <= s.last;
}

/** An AS number or range; undefined when the text is neither. */
export function asnSpan(text: string): { first: number; last: number } | undefined {
  const m = /^\s*(?:AS)?(\d{1,10})(?:\s*-\s*(?:AS)?(\d{1,10}))?\s*$/i.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  return first <= last ? { first, last } : undefined;
}
