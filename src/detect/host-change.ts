import type { DnsState, HostView } from "../model/dns-state.js";
import type { Evidence, Finding } from "../model/finding.js";
import type { IpFacts, IpLookup } from "../model/ip-facts.js";
import { analytic, componentsOf, type Analytic } from "./analytic.js";
import { describeIp, newAddress } from "./new-address.js";
import { fingerprintFor, type TakeoverFingerprint } from "./takeover-fingerprints.js";

// T1584.001 (domains) from what a watched zone's names resolve to: an alias left
// pointing at a name that no longer exists (a takeover waiting to happen, worse when
// the target lives under a service anyone can claim), an address never seen for the
// name before (new-address.ts), and a subdomain living in another country or network
// than its apex.

export interface HostChangeInput {
  now: DnsState;
  /** Addresses seen for each name before this pass (passive and active history). */
  history: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subdomains sensors saw recently, with the addresses they saw (passive DNS). */
  passive?: ReadonlyMap<string, readonly string[]> | undefined;
  ipLookup?: IpLookup | undefined;
  fingerprints: readonly TakeoverFingerprint[];
  at: string;
}

const addresses = (h: HostView): string[] => [...h.a, ...h.aaaa];

export const danglingCname = analytic<HostChangeInput>("dns.dangling-cname", (i, found) =>
  i.now.hosts
    .filter((h) => h.cname && h.cnameStatus === "NXDOMAIN")
    .map((h) => {
      const cname = h.cname!;
      const fp = fingerprintFor(cname, i.fingerprints);
      const claimable = fp !== undefined && fp.nxdomain && fp.vulnerable;
      const evidence: Evidence[] = [
        { source: "active", what: `CNAME of ${h.name}`, after: cname, at: i.at },
        { source: "active", what: `${cname} through the resolver`, after: h.cnameStatus, at: i.at },
      ];
      return found({
        dataComponents: componentsOf(evidence),
        entity: h.name,
        key: cname,
        severity: claimable ? "critical" : "high",
        confidence: claimable ? 90 : 75,
        summary: `${h.name} is an alias of ${cname}, which does not exist${fp ? ` (${fp.service}${claimable ? ": anyone can claim it" : `, ${fp.status.toLowerCase()}`})` : ""}: subdomain takeover`,
        evidence,
      });
    }),
);

/** Each host's addresses now against those seen for it before. */
export const hostNewAddresses = (i: HostChangeInput): Finding[] =>
  i.now.hosts.flatMap((h) =>
    newAddress.run({
      name: h.name,
      ips: addresses(h),
      seen: i.history.get(h.name) ?? new Set(),
      ipLookup: i.ipLookup,
      now: { source: "active", what: `addresses of ${h.name}`, after: addresses(h), at: i.at },
    }),
  );

// A subdomain elsewhere than its apex: a country or network the apex never used.
export const subdomainElsewhere = analytic<HostChangeInput>(
  "dns.subdomain-elsewhere",
  (i, found) => {
    const look = i.ipLookup;
    const apex = i.now.hosts.find((h) => h.name === i.now.name);
    if (!apex || !look) return [];
    const out: Finding[] = [];
    // Where the apex is and has been: a subdomain still where the apex used to be is
    // not the subdomain's anomaly (the apex moving is its own finding).
    const apexFacts = [...addresses(apex), ...(i.history.get(apex.name) ?? [])]
      .map(look)
      .filter((f): f is IpFacts => f !== undefined);
    const countries = new Set(apexFacts.map((f) => f.country).filter(Boolean));
    const asns = new Set(apexFacts.map((f) => f.asn).filter((a) => a !== undefined));
    // Each subdomain with what it resolves to now and, from passive DNS, recently.
    const names = new Set([...i.now.hosts.map((h) => h.name), ...(i.passive?.keys() ?? [])]);
    names.delete(apex.name);
    for (const name of [...names].sort()) {
      const active = i.now.hosts.find((h) => h.name === name);
      const sensed = i.passive?.get(name) ?? [];
      const ips = [...new Set([...(active ? addresses(active) : []), ...sensed])];
      const flagged = new Set<string>();
      for (const ip of ips) {
        const f = look(ip);
        if (!f) continue;
        const otherCountry =
          f.country !== undefined && countries.size > 0 && !countries.has(f.country);
        const otherAsn = f.asn !== undefined && asns.size > 0 && !asns.has(f.asn);
        const key = `${f.country ?? ""}/${f.asn ?? ""}`;
        if ((!otherCountry && !otherAsn) || flagged.has(key)) continue;
        flagged.add(key);
        const fromPassive = !active || !addresses(active).includes(ip);
        const evidence: Evidence[] = [
          fromPassive
            ? { source: "passive", what: `addresses sensors saw for ${name}`, after: [...sensed] }
            : {
                source: "active",
                what: `addresses of ${name}`,
                after: addresses(active),
                at: i.at,
              },
          { source: "active", what: `addresses of ${apex.name}`, after: addresses(apex), at: i.at },
        ];
        out.push(
          found({
            dataComponents: componentsOf(evidence),
            entity: name,
            key,
            severity: "medium",
            confidence: 55,
            summary: `${name} resolves to ${describeIp(ip, look)}, ${otherCountry ? "another country" : "another network"} than its apex ${apex.name} (${addresses(
              apex,
            )
              .map((x) => describeIp(x, look))
              .join(", ")})`,
            evidence,
          }),
        );
      }
    }
    return out;
  },
);

/** The new-address rule over a whole look, as the other host analytics see it. */
const newAddresses: Analytic<HostChangeInput> = { rule: "dns.new-address", run: hostNewAddresses };

export const HOST_CHANGE_ANALYTICS: readonly Analytic<HostChangeInput>[] = [
  danglingCname,
  newAddresses,
  subdomainElsewhere,
];

export function hostChangeFindings(i: HostChangeInput): Finding[] {
  return HOST_CHANGE_ANALYTICS.flatMap((a) => a.run(i));
}
