import type { Evidence, Finding, Severity } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { diffRecords, type FieldChange } from "../registration/diff.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1584.001 from two registration snapshots of a watched domain: the changes that
// come with a hijacked or stolen domain (registrar or registrant moved, transfer and
// update locks lifted, the domain put on hold or up for deletion, name servers
// swapped, expiry pulled in).

const LOCKS = [
  "clientTransferProhibited",
  "serverTransferProhibited",
  "clientUpdateProhibited",
  "serverUpdateProhibited",
  "clientDeleteProhibited",
  "serverDeleteProhibited",
];
const HOLDS = ["serverHold", "clientHold", "pendingDelete", "redemptionPeriod"];

export function registrationChangeFindings(
  before: RegistrationRecord,
  after: RegistrationRecord,
): Finding[] {
  if (before.status !== "registered" || after.status !== "registered") return [];
  const changes = diffRecords(before, after);
  const out: Finding[] = [];
  const evidence = (c: FieldChange): Evidence => ({
    source: "registration",
    what: `${c.field} ${c.change}`,
    ...(c.before !== undefined ? { before: c.before } : {}),
    ...(c.after !== undefined ? { after: c.after } : {}),
    at: after.source.fetchedAt,
    ref: `${after.source.protocol} ${after.source.server}; previous snapshot ${before.source.fetchedAt}`,
  });
  const add = (
    rule: string,
    key: string,
    severity: Severity,
    confidence: number,
    summary: string,
    found: FieldChange[],
  ): void => {
    out.push({
      rule: `registration.${rule}`,
      technique: "T1584.001",
      dataComponents: [DATA_COMPONENTS.registration],
      entity: after.domain,
      key,
      severity,
      confidence,
      summary,
      evidence: found.map(evidence),
    });
  };
  const field = (f: string, change?: string): FieldChange[] =>
    changes.filter((c) => c.field === f && (change === undefined || c.change === change));

  const registrar = [...field("registrar.name"), ...field("registrar.ianaId")];
  if (registrar.length > 0)
    add(
      "registrar-changed",
      after.registrar.ianaId ?? after.registrar.name ?? "",
      "high",
      80,
      `${after.domain}: registrar changed from ${before.registrar.name ?? "?"} to ${after.registrar.name ?? "?"}`,
      registrar,
    );
  const registrant = field("registrant.organization");
  if (registrant.length > 0 && registrant[0]!.change === "changed")
    add(
      "registrant-changed",
      String(registrant[0]!.after),
      "high",
      70,
      `${after.domain}: registrant organisation changed from "${registrant[0]!.before}" to "${registrant[0]!.after}"`,
      registrant,
    );
  const removed = (field("eppStatus", "removed")[0]?.before as string[] | undefined) ?? [];
  const lifted = removed.filter((s) => LOCKS.some((l) => l.toLowerCase() === s.toLowerCase()));
  if (lifted.length > 0)
    add(
      "locks-removed",
      lifted.join(","),
      "high",
      75,
      `${after.domain}: registry locks removed: ${lifted.join(", ")}`,
      [{ field: "eppStatus", change: "removed", before: lifted }],
    );
  const added = (field("eppStatus", "added")[0]?.after as string[] | undefined) ?? [];
  const held = added.filter((s) => HOLDS.some((h) => h.toLowerCase() === s.toLowerCase()));
  if (held.length > 0)
    add(
      "hold-added",
      held.join(","),
      held.some((h) => /hold/i.test(h)) ? "high" : "medium",
      85,
      `${after.domain}: ${held.join(", ")} added: the domain stops resolving or is on its way out`,
      [{ field: "eppStatus", change: "added", after: held }],
    );
  const ns = field("nameservers");
  if (ns.length > 0 && before.nameservers.length > 0 && after.nameservers.length > 0)
    add(
      "nameservers-changed",
      after.nameservers
        .map((n) => n.name)
        .sort()
        .join(","),
      "medium",
      60,
      `${after.domain}: name servers changed to ${after.nameservers.map((n) => n.name).join(", ")}`,
      ns,
    );
  const expiry = field("expires", "moved earlier");
  if (expiry.length > 0)
    add(
      "expiry-pulled-in",
      String(expiry[0]!.after),
      "medium",
      60,
      `${after.domain}: expiry moved earlier, from ${expiry[0]!.before} to ${expiry[0]!.after}`,
      expiry,
    );
  return out;
}
