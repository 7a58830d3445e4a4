import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { DnsightError } from "../../errors.js";
import { ipv4ToBytes, ipv6ToBytes } from "../../net/ip.js";

// The SSRF guard for referrals and RDAP links: a registry response names the next
// server to ask, so a hostile or broken one could point us at 127.0.0.1, the
// LAN or a cloud metadata address. Such targets are refused unless allowed.

/** Why an address is not on the public internet, or undefined when it is. */
export function privateRange(ip: string): string | undefined {
  const v4 = ipv4ToBytes(ip);
  if (v4) return v4Range(v4);
  const v6 = ipv6ToBytes(ip);
  if (!v6) return "not an IP address";
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address.
  if (v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) {
    return v4Range(v6.subarray(12));
  }
  if (v6.every((b, i) => b === 0 || (i === 15 && b === 1)))
    return v6[15] === 1 ? "loopback" : "unspecified";
  if ((v6[0]! & 0xfe) === 0xfc) return "unique local (fc00::/7)";
  if (v6[0] === 0xfe && (v6[1]! & 0xc0) === 0x80) return "link-local (fe80::/10)";
  if (v6[0] === 0xff) return "multicast";
  if (v6[0] === 0x20 && v6[1] === 0x01 && v6[2] === 0x0d && v6[3] === 0xb8)
    return "documentation (2001:db8::/32)";
  return undefined;
}

function v4Range(b: Uint8Array): string | undefined {
  const [a, c] = [b[0]!, b[1]!];
  if (a === 0) return "this network (0/8)";
  if (a === 10) return "private (10/8)";
  if (a === 127) return "loopback (127/8)";
  if (a === 169 && c === 254) return "link-local (169.254/16)";
  if (a === 172 && c >= 16 && c <= 31) return "private (172.16/12)";
  if (a === 192 && c === 168) return "private (192.168/16)";
  if (a === 100 && c >= 64 && c <= 127) return "shared (100.64/10)";
  if (a >= 224) return a >= 240 ? "reserved (240/4)" : "multicast (224/4)";
  return undefined;
}

export interface GuardOptions {
  /** Let private and loopback targets through (a registry mirror on the LAN). */
  allowPrivate?: boolean;
  /** Let loopback (127/8, ::1) through but nothing else private: tests on this machine. */
  allowLoopback?: boolean;
  /** Resolves a host name; injectable for tests. Defaults to getaddrinfo. */
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * Resolves `host` and returns its addresses, or throws DnsightError("INPUT") when
 * any of them is private, loopback or link-local (unless allowed). Checking every
 * address stops a name that has one public and one private record.
 */
export async function guardHost(host: string, o: GuardOptions = {}): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare)
    ? [bare]
    : await (o.resolve ?? defaultResolve)(bare).catch((e: unknown) => {
        throw new DnsightError("NETWORK", `cannot resolve ${bare}: ${(e as Error).message}`, {
          cause: e,
        });
      });
  if (!o.allowPrivate) {
    for (const a of addresses) {
      const why = privateRange(a);
      if (why && o.allowLoopback && why.startsWith("loopback")) continue;
      if (why) throw new DnsightError("INPUT", `refusing ${bare}: it resolves to ${a}, ${why}`);
    }
  }
  return addresses;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((r) => r.address);
}
