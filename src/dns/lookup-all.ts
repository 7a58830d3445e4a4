import { askAuthoritative, zoneServers, type AuthoritativeReport } from "./authoritative.js";
import type { Endpoint } from "./client/endpoint.js";
import { StubClient } from "./client/stub.js";
import { toDnsResult, type DnsResult } from "./result.js";

// One name, several types, as `dnsight lookup -t A -t MX` asks them (one DnsResult
// per type), and as `lookup --authoritative` does (each type asked of every server of
// the zone, the zone and its servers' addresses found once). The types are asked
// side by side: a page waits for the slowest, not for the sum.

export interface LookupSetup {
  /** Recursive resolvers. */
  servers: Endpoint[];
  /** Port the zone's own servers are asked on (53 but in a lab). */
  nsPort: number;
  /** First attempt's timeout (ms) and retries after it. */
  timeoutMs: number;
  retries: number;
}

const resolver = (s: LookupSetup): StubClient =>
  new StubClient({ servers: s.servers, timeoutMs: s.timeoutMs, retries: s.retries });

/** A DnsResult per type, in the order given. */
export function lookupAll(
  qname: string,
  types: readonly string[],
  s: LookupSetup,
): Promise<DnsResult[]> {
  const client = resolver(s);
  return Promise.all(types.map(async (t) => toDnsResult(qname, t, await client.query(qname, t))));
}

export interface TypeReport extends AuthoritativeReport {
  type: string;
}

/**
 * Every authoritative server's answer per type. DnsightError "NETWORK" when the
 * zone or its servers cannot be found through the resolvers.
 */
export async function authoritativeAll(
  qname: string,
  types: readonly string[],
  s: LookupSetup,
): Promise<TypeReport[]> {
  const client = resolver(s);
  const direct = (server: Endpoint): StubClient =>
    new StubClient({
      servers: [server],
      recurse: false,
      timeoutMs: s.timeoutMs,
      retries: s.retries,
    });
  const known = await zoneServers(client, qname);
  return Promise.all(
    types.map(async (type) => ({
      type,
      ...(await askAuthoritative(client, qname, type, { direct, port: s.nsPort }, known)),
    })),
  );
}
