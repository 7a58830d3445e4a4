import type { Evidence } from "../model/finding.js";
import type { IpFacts, IpLookup } from "../model/ip-facts.js";
import { analytic, componentsOf } from "./analytic.js";

// T1584.001: a name resolving to an address never seen for it: high when the address
// is in a network or country the name never used, low when only the address is new.
// The monitor gives a name's addresses now; an ingest, an address sensors just saw.

export interface NewAddressFacts {
  name: string;
  /** What the name resolves to now. */
  ips: readonly string[];
  /** Addresses seen for the name before (passive and active history); none: a first look, no news. */
  seen: ReadonlySet<string>;
  ipLookup?: IpLookup | undefined;
  /** The evidence of `ips`: the active look, or the sensor's row. */
  now: Evidence;
}

/** "192.0.2.1 (AS64500 Example, DE)", or the address alone when nothing is known of it. */
export function describeIp(ip: string, look?: IpLookup): string {
  const f = look?.(ip);
  if (!f) return ip;
  const parts = [
    f.asn !== undefined ? `AS${f.asn}${f.asnOrg ? ` ${f.asnOrg}` : ""}` : undefined,
    f.country,
  ];
  const said = parts.filter(Boolean).join(", ");
  return said ? `${ip} (${said})` : ip;
}

export const newAddress = analytic<NewAddressFacts>("dns.new-address", (x, found) => {
  if (x.seen.size === 0) return [];
  const look = x.ipLookup;
  const oldFacts = [...x.seen].map((s) => look?.(s)).filter((f): f is IpFacts => f !== undefined);
  const oldAsns = new Set(oldFacts.map((f) => f.asn).filter((a) => a !== undefined));
  const oldCountries = new Set(oldFacts.map((f) => f.country).filter((c) => c !== undefined));
  const before: Evidence = {
    source: "passive",
    what: `addresses of ${x.name} seen before`,
    before: [...x.seen].sort().map((s) => describeIp(s, look)),
  };
  return [...new Set(x.ips)]
    .filter((ip) => !x.seen.has(ip))
    .map((ip) => {
      const f = look?.(ip);
      const newAsn = f?.asn !== undefined && oldAsns.size > 0 && !oldAsns.has(f.asn);
      const newCountry =
        f?.country !== undefined && oldCountries.size > 0 && !oldCountries.has(f.country);
      const what = [newAsn ? "a network" : "", newCountry ? "a country" : ""]
        .filter(Boolean)
        .join(" and ");
      const evidence = [x.now, before];
      return found({
        dataComponents: componentsOf(evidence),
        entity: x.name,
        key: ip,
        severity: newAsn || newCountry ? "high" : "low",
        confidence: newAsn || newCountry ? 70 : 40,
        summary: `${x.name} resolves to ${describeIp(ip, look)}, ${what ? `${what} it never used before` : "an address never seen for it before"}`,
        evidence,
      });
    });
});
