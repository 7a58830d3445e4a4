import { DnsightError } from "../errors.js";
import { ipv4ToText, ipv6ToRfc5952Text } from "../net/ip.js";
import { ipNumber } from "../net/ip-number.js";
import { readPages, type PageReader, type ReadLimits } from "./read-pages.js";

// The neighbours of an address: every address of its /24 (IPv4) or /64 (IPv6) that
// passive DNS saw in an A or AAAA record, with the names on each. One range scan of
// the address index, in address order.

export interface Neighbour {
  ip: string;
  /** Distinct names, in key order, at most `namesPerIp`. */
  names: string[];
}

export interface Neighbours {
  /** "192.0.2.0/24" or "2001:db8:1:2::/64". */
  network: string;
  ips: Neighbour[];
  /** Rows, addresses or names were left out by a cap. */
  truncated: boolean;
}

export interface NeighbourLimits extends ReadLimits {
  /** Addresses listed at most. */
  maxIps: number;
  namesPerIp: number;
}

/** The network `ip` is in, as a range: /24 for IPv4, /64 for IPv6 (RFC 4291 2.5.4's subnet size). */
export function neighbourhood(ip: string): {
  version: 4 | 6;
  first: bigint;
  last: bigint;
  cidr: string;
} {
  const n = ipNumber(ip);
  if (n === undefined || ip.includes("%"))
    throw new DnsightError("INPUT", `not an IP address: "${ip.slice(0, 64)}"`);
  const host = n.version === 4 ? 8n : 64n;
  const first = (n.value >> host) << host;
  const last = first + (1n << host) - 1n;
  const bytes = new Uint8Array(n.version === 4 ? 4 : 16);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number((first >> BigInt(8 * (bytes.length - 1 - i))) & 0xffn);
  const text = n.version === 4 ? ipv4ToText(bytes) : ipv6ToRfc5952Text(bytes);
  return { version: n.version, first, last, cidr: `${text}/${n.version === 4 ? 24 : 64}` };
}

export async function ipNeighbours(
  read: PageReader,
  ip: string,
  o: NeighbourLimits,
): Promise<Neighbours> {
  const net = neighbourhood(ip);
  const search = {
    target: { on: "ip" as const, version: net.version, first: net.first, last: net.last },
  };
  const byIp = new Map<string, Set<string>>();
  let truncated = false;
  const pages = readPages(read, search, o);
  let step = await pages.next();
  for (; !step.done; step = await pages.next())
    for (const r of step.value) {
      let names = byIp.get(r.rdata);
      if (names === undefined) {
        if (byIp.size >= o.maxIps) {
          truncated = true;
          continue;
        }
        byIp.set(r.rdata, (names = new Set()));
      }
      if (names.size < o.namesPerIp) names.add(r.rrname);
      else if (!names.has(r.rrname)) truncated = true;
    }
  return {
    network: net.cidr,
    ips: [...byIp].map(([addr, names]) => ({ ip: addr, names: [...names] })),
    truncated: truncated || step.value.cut,
  };
}
