import { DnsightError } from "../../errors.js";
import { endpointOf, parseServerSpec, type Endpoint } from "./endpoint.js";
import { systemResolvers } from "./resolv-conf.js";
import { ipFamily } from "../../net/ip.js";

/**
 * Turns --server values into endpoints; none given means the system's resolvers.
 * `port` (dig's -p) is the port of every server that does not name its own.
 */
export async function resolveServers(
  specs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  port?: number,
): Promise<Endpoint[]> {
  if (specs.length === 0) {
    const system = await systemResolvers(env);
    return port === undefined ? system : system.map((e) => ({ ...e, port }));
  }
  const portOr53 = port ?? 53;
  const out: Endpoint[] = [];
  for (const spec of specs) {
    const { host, port } = parseServerSpec(spec, portOr53);
    if (ipFamily(host)) {
      out.push(endpointOf(host, port));
      continue;
    }
    try {
      // getaddrinfo, so /etc/hosts names such as "localhost" work as dig's do. Loaded
      // here: most runs name servers by address, and start-up counts (issue 17).
      const { lookup } = await import("node:dns/promises");
      const { address } = await lookup(host);
      out.push(endpointOf(address, port));
    } catch (e) {
      throw new DnsightError(
        "USAGE",
        `cannot resolve server name "${host}": ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  return out;
}
