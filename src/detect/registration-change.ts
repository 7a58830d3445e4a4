import type { Evidence, Finding, Severity } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { diffRecords, type FieldChange } from "../registration/diff.js";
import { analytic, type Analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";
import type { RuleId } from "./rules.js";

// T1584.001 from two registration snapshots of a watched domain: the changes that
// come with a hijacked or stolen domain (registrar or registrant moved, transfer and
// update locks lifted, the domain put on hold or up for deletion, name servers
// swapped, expiry pulled in). Only two answers that are registrations are compared.

export interface RegistrationPair {
  before: RegistrationRecord;
  after: RegistrationRecord;
}

const LOCKS = [
  "clientTransferProhibited",
  "serverTransferProhibited",
  "clientUpdateProhibited",
  "serverUpdateProhibited",
  "clientDeleteProhibited",
  "serverDeleteProhibited",
];
const HOLDS = ["serverHold", "clientHold", "pendingDelete", "redemptionPeriod"];

interface Found {
  key: string;
  severity: Severity;
  confidence: number;
  summary: string;
  changes: FieldChange[];
}

/** A rule over the field changes between two registrations; `look` says what it found, if anything. */
function changeRule(
  rule: RuleId,
  look: (
    p: RegistrationPair,
    field: (f: string, change?: string) => FieldChange[],
  ) => Found | undefined,
): Analytic<RegistrationPair> {
  return analytic(rule, ({ before, after }, found) => {
    if (before.status !== "registered" || after.status !== "registered") return [];
    const changes = diffRecords(before, after);
    const field = (f: string, change?: string): FieldChange[] =>
      changes.filter((c) => c.field === f && (change === undefined || c.change === change));
    const hit = look({ before, after }, field);
    if (!hit) return [];
    const evidence = (c: FieldChange): Evidence => ({
      source: "registration",
      what: `${c.field} ${c.change}`,
      ...(c.before !== undefined ? { before: c.before } : {}),
      ...(c.after !== undefined ? { after: c.after } : {}),
      at: after.source.fetchedAt,
      ref: `${after.source.protocol} ${after.source.server}; previous snapshot ${before.source.fetchedAt}`,
    });
    return [
      found({
        dataComponents: [DATA_COMPONENTS.registration],
        entity: after.domain,
        key: hit.key,
        severity: hit.severity,
        confidence: hit.confidence,
        summary: hit.summary,
        evidence: hit.changes.map(evidence),
      }),
    ];
  });
}

export const registrarChanged = changeRule("registration.registrar-changed", (p, field) => {
  const changes = [...field("registrar.name"), ...field("registrar.ianaId")];
  if (changes.length === 0) return undefined;
  return {
    key: p.after.registrar.ianaId ?? p.after.registrar.name ?? "",
    severity: "high",
    confidence: 80,
    summary: `${p.after.domain}: registrar changed from ${p.before.registrar.name ?? "?"} to ${p.after.registrar.name ?? "?"}`,
    changes,
  };
});

export const registrantChanged = changeRule("registration.registrant-changed", (p, field) => {
  const c = field("registrant.organization")[0];
  if (c?.change !== "changed") return undefined;
  return {
    key: String(c.after),
    severity: "high",
    confidence: 70,
    summary: `${p.after.domain}: registrant organisation changed from "${c.before}" to "${c.after}"`,
    changes: field("registrant.organization"),
  };
});

export const locksRemoved = changeRule("registration.locks-removed", (p, field) => {
  const removed = (field("eppStatus", "removed")[0]?.before as string[] | undefined) ?? [];
  const lifted = removed.filter((s) => LOCKS.some((l) => l.toLowerCase() === s.toLowerCase()));
  if (lifted.length === 0) return undefined;
  return {
    key: lifted.join(","),
    severity: "high",
    confidence: 75,
    summary: `${p.after.domain}: registry locks removed: ${lifted.join(", ")}`,
    changes: [{ field: "eppStatus", change: "removed", before: lifted }],
  };
});

export const holdAdded = changeRule("registration.hold-added", (p, field) => {
  const added = (field("eppStatus", "added")[0]?.after as string[] | undefined) ?? [];
  const held = added.filter((s) => HOLDS.some((h) => h.toLowerCase() === s.toLowerCase()));
  if (held.length === 0) return undefined;
  return {
    key: held.join(","),
    severity: held.some((h) => /hold/i.test(h)) ? "high" : "medium",
    confidence: 85,
    summary: `${p.after.domain}: ${held.join(", ")} added: the domain stops resolving or is on its way out`,
    changes: [{ field: "eppStatus", change: "added", after: held }],
  };
});

export const nameserversChanged = changeRule("registration.nameservers-changed", (p, field) => {
  const changes = field("nameservers");
  if (changes.length === 0 || p.before.nameservers.length === 0 || p.after.nameservers.length === 0)
    return undefined;
  const names = p.after.nameservers.map((n) => n.name);
  return {
    key: [...names].sort().join(","),
    severity: "medium",
    confidence: 60,
    summary: `${p.after.domain}: name servers changed to ${names.join(", ")}`,
    changes,
  };
});

export const expiryPulledIn = changeRule("registration.expiry-pulled-in", (p, field) => {
  const changes = field("expires", "moved earlier");
  const c = changes[0];
  if (!c) return undefined;
  return {
    key: String(c.after),
    severity: "medium",
    confidence: 60,
    summary: `${p.after.domain}: expiry moved earlier, from ${c.before} to ${c.after}`,
    changes,
  };
});

export const REGISTRATION_CHANGE_ANALYTICS: readonly Analytic<RegistrationPair>[] = [
  registrarChanged,
  registrantChanged,
  locksRemoved,
  holdAdded,
  nameserversChanged,
  expiryPulledIn,
];

export function registrationChangeFindings(
  before: RegistrationRecord,
  after: RegistrationRecord,
): Finding[] {
  return REGISTRATION_CHANGE_ANALYTICS.flatMap((a) => a.run({ before, after }));
}
