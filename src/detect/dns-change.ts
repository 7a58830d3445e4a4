import type { TechniqueId } from "../model/attack.js";
import type { DnsState } from "../model/dns-state.js";
import type { Evidence, Finding, Severity } from "../model/finding.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1584.002 (DNS server) from two looks at a watched zone: the delegation moved to
// other name servers, a new SOA primary, DNSSEC taken away; and from one look: lame
// servers, servers that disagree with each other.

export function dnsChangeFindings(
  before: DnsState | undefined,
  now: DnsState,
  at: string,
): Finding[] {
  const out: Finding[] = [];
  const add = (
    rule: string,
    technique: TechniqueId,
    key: string,
    severity: Severity,
    confidence: number,
    summary: string,
    evidence: Omit<Evidence, "source" | "at">[],
  ): void => {
    out.push({
      rule: `dns.${rule}`,
      technique,
      dataComponents: [DATA_COMPONENTS.active],
      entity: now.name,
      key,
      severity,
      confidence,
      summary,
      evidence: evidence.map((e) => ({ source: "active", at, ...e })),
    });
  };
  if (before) {
    if (before.ns.length > 0 && now.ns.length > 0 && before.ns.join() !== now.ns.join())
      add(
        "ns-changed",
        "T1584.002",
        now.ns.join(","),
        "high",
        80,
        `${now.name}: delegated to other name servers: ${now.ns.join(", ")} (was ${before.ns.join(", ")})`,
        [{ what: `NS set of ${now.zone}`, before: before.ns, after: now.ns }],
      );
    if (before.soaPrimary && now.soaPrimary && before.soaPrimary !== now.soaPrimary)
      add(
        "soa-primary-changed",
        "T1584.002",
        now.soaPrimary,
        "high",
        75,
        `${now.name}: SOA primary is now ${now.soaPrimary} (was ${before.soaPrimary})`,
        [{ what: `SOA MNAME of ${now.zone}`, before: before.soaPrimary, after: now.soaPrimary }],
      );
    const gone: string[] = [];
    if (before.ds.length > 0 && now.ds.length === 0) gone.push("DS");
    if (before.dnskey.length > 0 && now.dnskey.length === 0) gone.push("DNSKEY");
    if (gone.length > 0)
      add(
        "dnssec-removed",
        "T1584.002",
        gone.join(","),
        "high",
        80,
        `${now.name}: DNSSEC removed (${gone.join(" and ")} gone)`,
        [
          ...(gone.includes("DS")
            ? [{ what: `DS of ${now.name} at the parent`, before: before.ds, after: [] }]
            : []),
          ...(gone.includes("DNSKEY")
            ? [{ what: `DNSKEY of ${now.zone}`, before: before.dnskey, after: [] }]
            : []),
        ],
      );
  }
  for (const s of now.servers) {
    if (s.status === "NXDOMAIN") {
      // Not only lame: the name server's own name does not exist (T1584.001, as ATT&CK
      // files hijacked delegations): whoever registers its domain answers for the zone.
      out.push({
        rule: "dns.dangling-ns",
        technique: "T1584.001",
        dataComponents: [DATA_COMPONENTS.active],
        entity: now.name,
        key: s.nameserver,
        severity: "critical",
        confidence: 85,
        summary: `${now.name}: delegated to ${s.nameserver}, a name that does not exist: whoever registers it takes the zone`,
        evidence: [
          { source: "active", what: `A of name server ${s.nameserver}`, after: "NXDOMAIN", at },
        ],
      });
      continue;
    }
    if (s.status === "TIMEOUT" || s.status === "ERROR") {
      // Silence is not lameness: a firewall, a lab server on another port or a
      // network fault look the same. Said as such, with low confidence.
      add(
        "ns-no-answer",
        "T1584.002",
        `${s.nameserver}@${s.address}`,
        "low",
        30,
        `${now.name}: name server ${s.nameserver}${s.address ? ` (${s.address})` : ""} gave no answer (${s.status}); not counted as lame`,
        [{ what: `SOA of ${now.zone} at ${s.nameserver}`, after: s.status, ref: s.address }],
      );
      continue;
    }
    const lame =
      s.status === "NOADDRESS"
        ? "has no address"
        : s.status === "REFUSED" || s.status === "SERVFAIL" || s.status === "NOTAUTH"
          ? `answers ${s.status}`
          : !s.aa
            ? "answers without authority"
            : undefined;
    if (lame)
      add(
        "lame-delegation",
        "T1584.002",
        `${s.nameserver}@${s.address}`,
        "medium",
        70,
        `${now.name}: name server ${s.nameserver}${s.address ? ` (${s.address})` : ""} ${lame}: lame delegation`,
        [{ what: `SOA of ${now.zone} at ${s.nameserver}`, after: s.status, ref: s.address }],
      );
  }
  const answering = now.servers.filter((s) => s.aa && s.status === "NOERROR");
  const views = new Map<string, string[]>();
  for (const s of answering)
    views.set(s.a.join(","), [...(views.get(s.a.join(",")) ?? []), s.nameserver]);
  if (views.size > 1)
    add(
      "servers-disagree",
      "T1584.002",
      [...views.keys()].sort().join("|"),
      "high",
      75,
      `${now.name}: its authoritative servers give different addresses`,
      answering.map((s) => ({
        what: `A of ${now.name} at ${s.nameserver}`,
        after: s.a,
        ref: s.address,
      })),
    );
  // The resolver's answer against the zone's own: a poisoned cache or an answer rewritten
  // on the way looks like this.
  const zoneView = answering[0]?.a;
  if (
    now.recursive &&
    zoneView &&
    zoneView.length > 0 &&
    views.size === 1 &&
    now.recursive.join() !== zoneView.join()
  )
    add(
      "resolver-disagrees",
      "T1584.002",
      now.recursive.join(","),
      "high",
      65,
      `${now.name}: the resolver answers ${now.recursive.join(", ")}, its authoritative servers ${zoneView.join(", ")}`,
      [
        { what: `A of ${now.name} through the resolver`, after: now.recursive },
        { what: `A of ${now.name} at its authoritative servers`, after: zoneView },
      ],
    );
  return out;
}
