import type { Contact, RegistrationRecord } from "../../model/registration.js";
import { orderContacts } from "./rir-facts.js";

// One number lookup asks ARIN, then the RIR it refers to. The last registered
// answer leads: it describes the most specific network (RIPE's 193.0.0.0/21, not
// ARIN's "Allocated to RIPE NCC" 193.0.0.0/8). An earlier answer about the same
// range fills whatever the lead lacks; one about a larger block describes a
// different object, so it lends only its abuse contact (the escalation path for
// abuse reports) and nothing of its holder, name or dates.

export function mergeRirRecords(records: readonly RegistrationRecord[]): RegistrationRecord {
  let at = records.length - 1;
  for (let i = records.length - 1; i >= 0; i--) {
    if (records[i]!.status === "registered") {
      at = i;
      break;
    }
  }
  const lead = structuredClone(records[at]!);
  for (let i = records.length - 1; i >= 0; i--) {
    const other = records[i]!;
    if (i === at || other.status !== "registered" || !other.network || !lead.network) continue;
    const same =
      other.network.kind === lead.network.kind &&
      other.network.start === lead.network.start &&
      other.network.end === lead.network.end;
    if (same) {
      lead.network = { ...other.network, ...defined(lead.network) };
      if (lead.network.cidrs.length === 0) lead.network.cidrs = other.network.cidrs;
      lead.created ??= other.created;
      lead.updated ??= other.updated;
      if (lead.created === undefined) delete lead.created;
      if (lead.updated === undefined) delete lead.updated;
    }
    const missing = (c: Contact): boolean =>
      (same || c.role === "abuse") && !lead.contacts.some((l) => l.role === c.role);
    lead.contacts = orderContacts([
      ...lead.contacts,
      ...other.contacts.filter(missing).map((c) => structuredClone(c)),
    ]);
  }
  // What any answer left out is said once, whichever answer leads.
  const truncated = [...new Set(records.flatMap((r) => r.truncated ?? []))];
  if (truncated.length > 0) lead.truncated = truncated;
  return lead;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
