import type { Contact, ContactRole } from "../../model/registration.js";
import { LIMITS, Truncation } from "../limits.js";

// RFC 9537 redaction: when `rdapConformance` has "redacted", the top-level
// `redacted[]` names each withheld field (`name.type`, e.g. "Registrant Name", or
// `name.description`). We record the names on the matching contact; the JSONPaths
// (prePath/postPath) are never evaluated.

const ROLE_WORDS: Readonly<Record<string, ContactRole>> = {
  registrant: "registrant",
  tech: "technical",
  technical: "technical",
  admin: "administrative",
  administrative: "administrative",
  billing: "billing",
};

// Field words as the ICANN gTLD RDAP profile names them → Contact field names.
const FIELD_WORDS: Readonly<Record<string, string>> = {
  "": "contact",
  contact: "contact",
  id: "handle",
  name: "name",
  organization: "organization",
  organisation: "organization",
  street: "street",
  city: "city",
  "state/province": "region",
  state: "region",
  province: "region",
  "postal code": "postalCode",
  country: "country",
  phone: "phone",
  "phone ext": "phoneExt",
  fax: "fax",
  "fax ext": "faxExt",
  email: "email",
};

/** "Registrant Name" → {role: "registrant", field: "name"}; undefined when no contact role is named. */
export function redactedField(label: string): { role: ContactRole; field: string } | undefined {
  const text = label.trim();
  // The role word, then the rest of the label as it is (sliced, not matched: a
  // `\s*(.*)$` tail failed on a line terminator and retried every split of the spaces).
  const m = /^(?:registry\s+)?([a-z]+)\b/i.exec(text);
  const role = m?.[1] ? ROLE_WORDS[m[1].toLowerCase()] : undefined;
  if (!m || !role) return undefined;
  const rest = text.slice(m[0].length).trim().toLowerCase().replace(/\s+/g, " ");
  return { role, field: FIELD_WORDS[rest] ?? rest };
}

/** The field names of a response's redacted[] (empty unless rdapConformance says "redacted"). */
export function redactionLabels(json: Record<string, unknown>, cut = new Truncation()): string[] {
  const conformance = json.rdapConformance;
  if (!Array.isArray(conformance) || !conformance.includes("redacted")) return [];
  if (!Array.isArray(json.redacted)) return [];
  const out: string[] = [];
  for (const r of cut.keep("redactions", json.redacted, LIMITS.redactions)) {
    if (typeof r !== "object" || r === null) continue;
    const name = (r as Record<string, unknown>).name;
    if (typeof name !== "object" || name === null) continue;
    const { type, description } = name as Record<string, unknown>;
    const label = typeof type === "string" ? type : description;
    if (typeof label === "string" && label.trim() !== "") out.push(label.trim());
  }
  return out;
}

/**
 * Adds each redacted field to the first contact with its role, making an empty
 * contact when the role was removed altogether ("Administrative Contact").
 * Labels that name no contact (e.g. "Registry Domain ID") are returned.
 */
export function applyRedactions(contacts: Contact[], labels: readonly string[]): string[] {
  const unmatched: string[] = [];
  for (const label of labels) {
    const target = redactedField(label);
    if (!target) {
      unmatched.push(label);
      continue;
    }
    let contact = contacts.find((c) => c.role === target.role);
    if (!contact) {
      contact = { role: target.role, redacted: [] };
      contacts.push(contact);
    }
    if (!contact.redacted.includes(target.field)) contact.redacted.push(target.field);
  }
  return unmatched;
}
