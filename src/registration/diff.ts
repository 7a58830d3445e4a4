import type { RegistrationRecord } from "../model/registration.js";

// What changed between two snapshots of the same registration, field by field,
// in the terms an analyst (and the T1584.001 analytics) care about: registrar,
// statuses added or removed, name servers, dates moved, privacy switched, DNSSEC.

export interface FieldChange {
  field: string;
  /** What the change means, e.g. "added", "removed", "changed", "moved earlier". */
  change: string;
  before?: string | string[] | boolean;
  after?: string | string[] | boolean;
}

export function diffRecords(before: RegistrationRecord, after: RegistrationRecord): FieldChange[] {
  const out: FieldChange[] = [];
  const scalar = (field: string, a: string | undefined, b: string | undefined): void => {
    if ((a ?? "") === (b ?? "")) return;
    out.push({
      field,
      change: a === undefined ? "added" : b === undefined ? "removed" : "changed",
      ...(a !== undefined ? { before: a } : {}),
      ...(b !== undefined ? { after: b } : {}),
    });
  };
  if (before.status !== after.status)
    out.push({ field: "status", change: "changed", before: before.status, after: after.status });
  scalar("registrar.name", before.registrar.name, after.registrar.name);
  scalar("registrar.ianaId", before.registrar.ianaId, after.registrar.ianaId);
  const org = (r: RegistrationRecord): string | undefined =>
    r.contacts.find((c) => c.role === "registrant")?.organization;
  scalar("registrant.organization", org(before), org(after));
  const net = (r: RegistrationRecord) => r.network;
  const range = (r: RegistrationRecord): string | undefined =>
    r.network ? `${r.network.start} - ${r.network.end}` : undefined;
  scalar("network.range", range(before), range(after));
  scalar("network.name", net(before)?.name, net(after)?.name);
  scalar("network.organization", net(before)?.organization, net(after)?.organization);
  scalar("network.country", net(before)?.country, net(after)?.country);
  const abuse = (r: RegistrationRecord): string | undefined =>
    r.contacts.find((c) => c.role === "abuse" && c.email)?.email;
  if (before.network || after.network) scalar("abuse.email", abuse(before), abuse(after));
  setChange(out, "eppStatus", before.eppStatus, after.eppStatus);
  setChange(
    out,
    "nameservers",
    before.nameservers.map((n) => n.name),
    after.nameservers.map((n) => n.name),
  );
  dateChange(out, "created", before.created, after.created);
  dateChange(out, "expires", before.expires, after.expires);
  if (before.privacy.protected !== after.privacy.protected) {
    out.push({
      field: "privacy",
      change: after.privacy.protected ? "switched on" : "switched off",
      before: before.privacy.protected,
      after: after.privacy.protected,
    });
  } else {
    scalar("privacy.service", before.privacy.service, after.privacy.service);
  }
  if (before.dnssec.signed !== after.dnssec.signed) {
    out.push({
      field: "dnssec",
      change: after.dnssec.signed ? "signed" : "unsigned",
      before: before.dnssec.signed,
      after: after.dnssec.signed,
    });
  }
  return out;
}

/** Set fields report what was added and what removed, order ignored. */
function setChange(out: FieldChange[], field: string, a: string[], b: string[]): void {
  const key = (x: string): string => x.toLowerCase();
  const A = new Set(a.map(key));
  const B = new Set(b.map(key));
  const added = [...new Set(b.filter((x) => !A.has(key(x))))].sort();
  const removed = [...new Set(a.filter((x) => !B.has(key(x))))].sort();
  if (added.length) out.push({ field, change: "added", after: added });
  if (removed.length) out.push({ field, change: "removed", before: removed });
}

/** Dates say which way they moved: an expiry pulled in is a warning sign. */
function dateChange(
  out: FieldChange[],
  field: string,
  a: string | undefined,
  b: string | undefined,
): void {
  if (a === b) return;
  if (a === undefined || b === undefined) {
    out.push({
      field,
      change: a === undefined ? "added" : "removed",
      ...(a ? { before: a } : {}),
      ...(b ? { after: b } : {}),
    });
    return;
  }
  out.push({
    field,
    change: Date.parse(b) < Date.parse(a) ? "moved earlier" : "moved later",
    before: a,
    after: b,
  });
}
