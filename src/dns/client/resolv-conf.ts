import { readFileSync } from "node:fs";
import { endpointOf, type Endpoint } from "./endpoint.js";
import { ipFamily } from "../../net/ip.js";

/** The system's resolvers, from resolv.conf (path overridable for tests via DNSIGHT_RESOLV_CONF). */
export function systemResolvers(env: NodeJS.ProcessEnv = process.env): Endpoint[] {
  const path = env.DNSIGHT_RESOLV_CONF ?? "/etc/resolv.conf";
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // No resolv.conf: glibc falls back to the local host, and so do we.
  }
  return parseResolvConf(text);
}

export function parseResolvConf(text: string): Endpoint[] {
  const out: Endpoint[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!m) continue;
    // A link-local IPv6 with a zone id ("fe80::1%eth0") keeps the zone for the socket.
    const addr = m[1]!;
    if (ipFamily(addr.split("%")[0]!) === 0) continue;
    out.push(endpointOf(addr.split("%")[0]!, 53));
  }
  return out.length > 0 ? out : [endpointOf("127.0.0.1", 53)];
}
