import ipaddr from "ipaddr.js";
import { ipv4ToBytes, ipv6ToBytes } from "./ip.js";

// Which addresses are not on the public internet, for the SSRF guard. Two sources,
// both must pass: the IANA IPv4 and IPv6 Special-Purpose Address Registries
// (RFC 6890; blocks whose "Globally Reachable" is False), written out below so a
// refusal can name the block, and ipaddr.js's range() as a maintained cross-check.
// IPv6 forms that carry an IPv4 address are judged by that address (see embedded()).

type Block = [range: [ipaddr.IPv4 | ipaddr.IPv6, number], why: string];

const block = (cidr: string, name: string): Block => [ipaddr.parseCIDR(cidr), `${name} (${cidr})`];

// More specific blocks first: the first match names the address.
const V4: readonly Block[] = [
  block("0.0.0.0/8", "this network"),
  block("10.0.0.0/8", "private"),
  block("100.64.0.0/10", "shared address space"),
  block("127.0.0.0/8", "loopback"),
  block("169.254.0.0/16", "link-local"),
  block("172.16.0.0/12", "private"),
  block("192.0.0.0/24", "IETF protocol assignments"),
  block("192.0.2.0/24", "documentation"),
  block("192.88.99.0/24", "6to4 relay anycast, deprecated"),
  block("192.168.0.0/16", "private"),
  block("198.18.0.0/15", "benchmarking"),
  block("198.51.100.0/24", "documentation"),
  block("203.0.113.0/24", "documentation"),
  block("224.0.0.0/4", "multicast"),
  block("255.255.255.255/32", "limited broadcast"),
  block("240.0.0.0/4", "reserved"),
];

// Inside 2001::/23 the registry marks a few blocks globally reachable (anycast
// services, AMT, AS112, ORCHIDv2, drone IDs): those are not refused.
const V6_GLOBAL: readonly Block[] = [
  block("2001:1::1/128", "PCP anycast"),
  block("2001:1::2/128", "TURN anycast"),
  block("2001:1::3/128", "DNS-SD SRP anycast"),
  block("2001:3::/32", "AMT"),
  block("2001:4:112::/48", "AS112-v6"),
  block("2001:20::/28", "ORCHIDv2"),
  block("2001:30::/28", "drone remote ID"),
];

const V6: readonly Block[] = [
  block("::1/128", "loopback"),
  block("::/128", "unspecified"),
  block("100::/64", "discard-only"),
  block("100:0:0:1::/64", "dummy prefix"),
  block("2001:2::/48", "benchmarking"),
  block("2001:10::/28", "ORCHID, deprecated"),
  block("2001::/23", "IETF protocol assignments"),
  block("2001:db8::/32", "documentation"),
  block("3fff::/20", "documentation"),
  block("5f00::/16", "segment routing SIDs"),
  block("fc00::/7", "unique local"),
  block("fe80::/10", "link-local"),
  block("fec0::/10", "site-local, deprecated"),
  block("ff00::/8", "multicast"),
];

const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");
/** ipaddr.js ranges that are public (or judged by their embedded IPv4 address here). */
const PUBLIC_RANGES = new Set([
  "unicast",
  "amt",
  "as112",
  "as112v6",
  "orchid2",
  "droneRemoteIdProtocolEntityTags",
]);

const find = (a: ipaddr.IPv4 | ipaddr.IPv6, blocks: readonly Block[]): string | undefined =>
  blocks.find(([r]) => a.kind() === r[0].kind() && a.match(r))?.[1];

/**
 * An address in ipaddr.js's classes, read by our own codec: ipaddr.parse reads
 * "::127.0.0.1" (IPv4-compatible) as "::ffff:127.0.0.1" (IPv4-mapped), and accepts
 * forms such as "0x7f.1" that no resolver hands out. A zone index (fe80::1%eth0) is
 * dropped: it only goes with link-local addresses.
 */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.split("%")[0]!;
  const b = ipv4ToBytes(bare) ?? ipv6ToBytes(bare);
  return b ? ipaddr.fromByteArray([...b]) : undefined;
}

/** Why an address is not on the public internet, or undefined when it is. */
export function privateRange(ip: string): string | undefined {
  const a = parseAddress(ip);
  if (!a) return "not an IP address";
  return a.kind() === "ipv4" ? v4Range(a as ipaddr.IPv4) : v6Range(a as ipaddr.IPv6);
}

function v4Range(a: ipaddr.IPv4): string | undefined {
  const why = find(a, V4);
  if (why) return why;
  const r = a.range();
  return PUBLIC_RANGES.has(r) ? undefined : `special-purpose (${r})`;
}

function v6Range(a: ipaddr.IPv6): string | undefined {
  const carried = embedded(a);
  if (carried) {
    // Where the IPv4 position is only a guess, zero padding ("this network") says nothing.
    const why = carried.v4
      .map(v4Range)
      .find((w) => w !== undefined && !(carried.guessed && w.startsWith("this network")));
    if (why) return `${carried.form} carrying ${why}`;
    return carried.alwaysRefused ? carried.form : undefined;
  }
  if (find(a, V6_GLOBAL)) return undefined;
  const why = find(a, V6);
  if (why) return why;
  if (!a.match(GLOBAL_UNICAST)) return "not global unicast (outside 2000::/3)";
  const r = a.range();
  return PUBLIC_RANGES.has(r) ? undefined : `special-purpose (${r})`;
}

interface Carried {
  form: string;
  v4: ipaddr.IPv4[];
  /** Refused whatever the IPv4 address is. */
  alwaysRefused?: boolean;
  /** Several candidate positions: the prefix length is the operator's. */
  guessed?: boolean;
}

const v4At = (b: number[], at: number, xor = 0): ipaddr.IPv4 =>
  new ipaddr.IPv4(b.slice(at, at + 4).map((x) => x ^ xor));

/**
 * The IPv4 addresses an IPv6 address carries, for the forms a stack or a relay
 * may turn into IPv4 traffic: a guard that judged only the IPv6 bits would let
 * ::ffff:127.0.0.1 or 64:ff9b::a00:1 reach loopback or the LAN.
 */
function embedded(a: ipaddr.IPv6): Carried | undefined {
  const b = a.toByteArray();
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 §2.5.5.2): the socket speaks IPv4.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff)
    return { form: "IPv4-mapped (::ffff:0:0/96)", v4: [v4At(b, 12)] };
  // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765, SIIT).
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12))
    return { form: "IPv4-translated (::ffff:0:0:0/96)", v4: [v4At(b, 12)] };
  // ::a.b.c.d, IPv4-compatible (RFC 4291 §2.5.5.1): deprecated, never a real peer.
  // :: and ::1 are in ::/96 too and named by the table.
  if (zeros(0, 12) && !zeros(12, 15))
    return { form: "IPv4-compatible, deprecated (::/96)", v4: [v4At(b, 12)], alwaysRefused: true };
  // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052 §2.1): only /96 is allowed.
  if (a.match(ipaddr.parseCIDR("64:ff9b::/96")))
    return { form: "NAT64 (64:ff9b::/96)", v4: [v4At(b, 12)] };
  // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): an operator's prefix of /48 to /96,
  // so the IPv4 address may sit at any of the RFC 6052 §2.2 positions. Never global.
  if (a.match(ipaddr.parseCIDR("64:ff9b:1::/48"))) {
    const at48 = new ipaddr.IPv4([b[6]!, b[7]!, b[9]!, b[10]!]);
    const at56 = new ipaddr.IPv4([b[7]!, b[9]!, b[10]!, b[11]!]);
    return {
      form: "local-use NAT64 (64:ff9b:1::/48)",
      v4: [v4At(b, 12), v4At(b, 9), at56, at48],
      alwaysRefused: true,
      guessed: true,
    };
  }
  // 2002:AABB:CCDD::/48, 6to4 (RFC 3056): the relay sends to a.b.c.d.
  if (b[0] === 0x20 && b[1] === 0x02) return { form: "6to4 (2002::/16)", v4: [v4At(b, 2)] };
  // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, Teredo (RFC 4380 §4): the server's
  // address, then the client's, stored with every bit inverted.
  if (zeros(2, 4) && b[0] === 0x20 && b[1] === 0x01)
    return { form: "Teredo (2001::/32)", v4: [v4At(b, 4), v4At(b, 12, 0xff)] };
  return undefined;
}
