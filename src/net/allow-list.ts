import ipaddr from "ipaddr.js";
import { DnsightError } from "../errors.js";
import { parseAddress } from "./special-ranges.js";

// What --allow-private may name: "all", "loopback", one address or one range
// (repeatable). A lab mirror on 10.1.2.3 is allowed without letting a registry's
// referral reach anything else on the LAN, and loopback is reached only when it is
// named: a range that merely contains it (0.0.0.0/0) does not count.

export type AddressRange = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface AllowPrivate {
  /** Every private, loopback and special address ("all"). */
  allowPrivate?: boolean;
  /** 127/8 and ::1 ("loopback"): a test or a mirror on this machine. */
  allowLoopback?: boolean;
  /** Listed addresses and ranges. */
  allowRanges?: readonly AddressRange[];
}

/** Addresses that mean "this host": reached only by a range inside them, or "all". */
const LOOPBACK = ["127.0.0.0/8", "::1/128"].map((c) => ipaddr.parseCIDR(c));
const THIS_HOST = [...LOOPBACK, ...["0.0.0.0/8", "::/128"].map((c) => ipaddr.parseCIDR(c))];

/** Parses the private addresses a client may reach; throws INPUT naming the bad value. */
export function parseAllowPrivate(values: readonly string[]): AllowPrivate {
  const out: { allowPrivate?: boolean; allowLoopback?: boolean; allowRanges: AddressRange[] } = {
    allowRanges: [],
  };
  for (const v of values) {
    const t = v.trim().toLowerCase();
    if (t === "all") out.allowPrivate = true;
    else if (t === "loopback") out.allowLoopback = true;
    else out.allowRanges.push(parseRange(t));
  }
  return {
    ...(out.allowPrivate ? { allowPrivate: true } : {}),
    ...(out.allowLoopback ? { allowLoopback: true } : {}),
    ...(out.allowRanges.length ? { allowRanges: out.allowRanges } : {}),
  };
}

function parseRange(t: string): AddressRange {
  const [addr = "", len, extra] = t.replace(/^\[|\](?=\/|$)/g, "").split("/");
  const a = addr.includes("%") ? undefined : parseAddress(addr);
  const max = a?.kind() === "ipv4" ? 32 : 128;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!a || extra !== undefined || !(bits >= 0 && bits <= max))
    throw new DnsightError(
      "INPUT",
      `private addresses allowed must be all, loopback, an address or ADDRESS/PREFIX (10.1.2.3, 192.168.5.0/24), got "${t}"`,
    );
  return canonicalRange([a, bits]);
}

/** ::ffff:10.0.0.0/104 is 10.0.0.0/8: one form to compare against. */
function canonicalRange([a, bits]: AddressRange): AddressRange {
  if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
    return [(a as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [a, bits];
}

const inside = (a: ipaddr.IPv4 | ipaddr.IPv6, r: AddressRange): boolean =>
  a.kind() === r[0].kind() && a.match(r as [ipaddr.IPv4 | ipaddr.IPv6, number]);

/** True when `ip` (already found not public) may be reached under `o`. */
export function allowedByList(ip: string, o: AllowPrivate): boolean {
  if (o.allowPrivate) return true;
  let a = parseAddress(ip);
  if (!a) return false;
  if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress())
    a = (a as ipaddr.IPv6).toIPv4Address();
  if (o.allowLoopback && LOOPBACK.some((h) => inside(a, h))) return true;
  const home = THIS_HOST.find((h) => inside(a, h));
  return (o.allowRanges ?? []).some(
    (r) => inside(a, r) && (!home || (inside(r[0], home) && r[1] >= home[1])),
  );
}
