import { DnsightError } from "../../errors.js";
import { ipFamily, ipv6ToBytes, ipv6ToInetNtopText } from "../../net/ip.js";

/** A DNS server to talk to: an IP literal and a port. */
export interface Endpoint {
  address: string;
  port: number;
  family: 4 | 6;
}

/**
 * Parses "HOST[:PORT]", "[v6]:PORT", a bare IPv6 address or "HOST@PORT" (kdig's form).
 * Host names are not resolved here; callers do that once, up front.
 */
export function parseServerSpec(spec: string, defaultPort = 53): { host: string; port: number } {
  let host = spec.trim();
  let port = defaultPort;
  // "[v6]@PORT" too: a bracketed literal must never reach getaddrinfo as a host name.
  const bracket = /^\[([^\]]+)\](?:[:@](\d+))?$/.exec(host);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if (host.includes("@")) {
    const [h, p] = host.split("@");
    host = h!;
    port = Number(p);
  } else if (ipFamily(host) !== 6 && host.includes(":")) {
    const i = host.lastIndexOf(":");
    port = Number(host.slice(i + 1));
    host = host.slice(0, i);
  }
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DnsightError("USAGE", `bad server "${spec}": want HOST, HOST:PORT or [IPv6]:PORT`);
  }
  return { host, port };
}

export function endpointOf(address: string, port: number): Endpoint {
  const fam = ipFamily(address);
  if (fam === 0) throw new DnsightError("USAGE", `"${address}" is not an IP address`);
  // Replies are matched on the source address, which the kernel reports in canonical form.
  const bytes = fam === 6 ? ipv6ToBytes(address) : undefined;
  if (fam === 6 && bytes === undefined)
    throw new DnsightError("USAGE", `"${address}": IPv6 zone ids are not supported`);
  const canonical = bytes ? ipv6ToInetNtopText(bytes) : address;
  return { address: canonical, port, family: fam as 4 | 6 };
}

export function endpointText(e: Endpoint): string {
  return e.family === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
