import type { DnsState, HostView } from "../model/dns-state.js";
import type { Finding, Severity } from "../model/finding.js";
import type { IpFacts, IpLookup } from "../model/ip-facts.js";
import { DATA_COMPONENTS } from "./attack.js";
import { fingerprintFor, type TakeoverFingerprint } from "./takeover-fingerprints.js";

// T1584.001 (domains) from what a watched zone's names resolve to: an alias left
// pointing at a name that no longer exists (a takeover waiting to happen, worse when
// the target lives under a service anyone can claim), an address never seen for the
// name before, or one in a network or country the name has never used, and a
// subdomain living in another country or network than its apex.

export interface HostChangeInput {
  now: DnsState;
  /** Addresses seen for each name before this pass (passive and active history). */
  history: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subdomains sensors saw recently, with the addresses they saw (passive DNS). */
  passive?: ReadonlyMap<string, readonly string[]>;
  ipLookup?: IpLookup;
  fingerprints: readonly TakeoverFingerprint[];
  at: string;
}

const addresses = (h: HostView): string[] => [...h.a, ...h.aaaa];

function describe(ip: string, look?: IpLookup): string {
  const f = look?.(ip);
  if (!f) return ip;
  const parts = [
    f.asn !== undefined ? `AS${f.asn}${f.asnOrg ? ` ${f.asnOrg}` : ""}` : undefined,
    f.country,
  ];
  const said = parts.filter(Boolean).join(", ");
  return said ? `${ip} (${said})` : ip;
}

/**
 * A name resolving to an address never seen for it: high when the address is in a
 * network or country the name never used, low when only the address is new.
 */
export function newAddressFinding(
  name: string,
  ip: string,
  seen: ReadonlySet<string>,
  look: IpLookup | undefined,
  now: Finding["evidence"][number],
): Finding {
  const oldFacts = [...seen].map((x) => look?.(x)).filter((f): f is IpFacts => f !== undefined);
  const oldAsns = new Set(oldFacts.map((f) => f.asn).filter((a) => a !== undefined));
  const oldCountries = new Set(oldFacts.map((f) => f.country).filter((c) => c !== undefined));
  const f = look?.(ip);
  const newAsn = f?.asn !== undefined && oldAsns.size > 0 && !oldAsns.has(f.asn);
  const newCountry =
    f?.country !== undefined && oldCountries.size > 0 && !oldCountries.has(f.country);
  const what = [newAsn ? "a network" : "", newCountry ? "a country" : ""]
    .filter(Boolean)
    .join(" and ");
  const evidence = [
    now,
    {
      source: "passive" as const,
      what: `addresses of ${name} seen before`,
      before: [...seen].sort().map((x) => describe(x, look)),
    },
  ];
  return {
    rule: "dns.new-address",
    technique: "T1584.001",
    dataComponents: [
      ...new Set(
        evidence.map((e) =>
          e.source === "passive" ? DATA_COMPONENTS.passive : DATA_COMPONENTS.active,
        ),
      ),
    ],
    entity: name,
    key: ip,
    severity: newAsn || newCountry ? "high" : "low",
    confidence: newAsn || newCountry ? 70 : 40,
    summary: `${name} resolves to ${describe(ip, look)}, ${what ? `${what} it never used before` : "an address never seen for it before"}`,
    evidence,
  };
}

export function hostChangeFindings(i: HostChangeInput): Finding[] {
  const out: Finding[] = [];
  const add = (
    rule: string,
    entity: string,
    key: string,
    severity: Severity,
    confidence: number,
    summary: string,
    evidence: Finding["evidence"],
  ): void => {
    out.push({
      rule: `dns.${rule}`,
      technique: "T1584.001",
      dataComponents: [
        ...new Set(
          evidence.map((e) =>
            e.source === "passive" ? DATA_COMPONENTS.passive : DATA_COMPONENTS.active,
          ),
        ),
      ],
      entity,
      key,
      severity,
      confidence,
      summary,
      evidence,
    });
  };
  const look = i.ipLookup;
  for (const h of i.now.hosts) {
    if (h.cname && h.cnameStatus === "NXDOMAIN") {
      const fp = fingerprintFor(h.cname, i.fingerprints);
      const claimable = fp !== undefined && fp.nxdomain && fp.vulnerable;
      add(
        "dangling-cname",
        h.name,
        h.cname,
        claimable ? "critical" : "high",
        claimable ? 90 : 75,
        `${h.name} is an alias of ${h.cname}, which does not exist${fp ? ` (${fp.service}${claimable ? ": anyone can claim it" : `, ${fp.status.toLowerCase()}`})` : ""}: subdomain takeover`,
        [
          { source: "active", what: `CNAME of ${h.name}`, after: h.cname, at: i.at },
          {
            source: "active",
            what: `${h.cname} through the resolver`,
            after: h.cnameStatus,
            at: i.at,
          },
        ],
      );
    }
    const seen = i.history.get(h.name);
    if (seen && seen.size > 0)
      for (const ip of addresses(h).filter((x) => !seen.has(x)))
        out.push(
          newAddressFinding(h.name, ip, seen, look, {
            source: "active",
            what: `addresses of ${h.name}`,
            after: addresses(h),
            at: i.at,
          }),
        );
  }

  // A subdomain elsewhere than its apex: a country or network the apex never used.
  const apex = i.now.hosts.find((h) => h.name === i.now.name);
  if (apex && look) {
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
        add(
          "subdomain-elsewhere",
          name,
          key,
          "medium",
          55,
          `${name} resolves to ${describe(ip, look)}, ${otherCountry ? "another country" : "another network"} than its apex ${apex.name} (${addresses(
            apex,
          )
            .map((x) => describe(x, look))
            .join(", ")})`,
          [
            fromPassive
              ? { source: "passive", what: `addresses sensors saw for ${name}`, after: [...sensed] }
              : {
                  source: "active",
                  what: `addresses of ${name}`,
                  after: addresses(active),
                  at: i.at,
                },
            {
              source: "active",
              what: `addresses of ${apex.name}`,
              after: addresses(apex),
              at: i.at,
            },
          ],
        );
      }
    }
  }
  return out;
}
