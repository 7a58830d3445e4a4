import type { RegistrationRecord } from "../model/registration.js";

// Who a registration names, for the pivot from a registrar or a registrant
// organisation to the domains it holds. Names are matched as people type them:
// without regard to case, Unicode compatibility forms or runs of white space.

/** The two parties a registration can be searched by. */
export type RegistrationParty = "registrar" | "registrant";

export const REGISTRATION_PARTIES: readonly RegistrationParty[] = ["registrar", "registrant"];

/** Longer names are cut: no registrar or company name comes close, and the index stays small. */
const MAX_PARTY_NAME = 256;

/** The form a party name is stored and searched in; undefined when nothing is left. */
export function partyKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // Linear: one NFKC pass, one split on white space runs, one join.
  const key = name
    .slice(0, MAX_PARTY_NAME * 4)
    .normalize("NFKC")
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "")
    .join(" ")
    .slice(0, MAX_PARTY_NAME);
  return key === "" ? undefined : key;
}

/**
 * The registrar's name and the registrant's organisation (its name when no
 * organisation is given, as for a person), each as `partyKey` gives it.
 */
export function partiesOf(
  record: Pick<RegistrationRecord, "registrar" | "contacts">,
): Record<RegistrationParty, string | undefined> {
  const holder = record.contacts.find((c) => c.role === "registrant");
  return {
    registrar: partyKey(record.registrar.name),
    registrant: partyKey(holder?.organization ?? holder?.name),
  };
}
