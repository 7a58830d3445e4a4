import type { RegistrationRecord } from "../../model/registration.js";

// A thin registry's answer (.com, .net) and the registrar's answer it links to
// describe one domain. The registry is authoritative for what it holds (dates,
// statuses, name servers, DNSSEC); the registrar adds contacts and its own
// details. Anything one side lacks is taken from the other.

/** Merges the registrar's record into the registry's; `server` is the registrar RDAP server followed. */
export function mergeRegistrarRecord(
  registry: RegistrationRecord,
  registrar: RegistrationRecord,
  server: string,
): RegistrationRecord {
  const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];
  const merged: RegistrationRecord = {
    ...registry,
    eppStatus: union(registry.eppStatus, registrar.eppStatus),
    rawStatus: union(registry.rawStatus, registrar.rawStatus),
    // The registry's registrar fields win (the IANA id comes from it); the registrar fills gaps.
    registrar: { ...registrar.registrar, ...registry.registrar },
    contacts: registrar.contacts.length > 0 ? registrar.contacts : registry.contacts,
    nameservers: registry.nameservers.length > 0 ? registry.nameservers : registrar.nameservers,
    dnssec:
      registry.dnssec.signed || registry.dnssec.ds.length > 0 ? registry.dnssec : registrar.dnssec,
    privacy: registrar.privacy.protected ? registrar.privacy : registry.privacy,
    source: { ...registry.source, referrals: [...registry.source.referrals, server] },
  };
  for (const k of ["created", "updated", "expires"] as const) {
    const v = registry[k] ?? registrar[k];
    if (v !== undefined) merged[k] = v;
  }
  const truncated = union(registry.truncated ?? [], registrar.truncated ?? []);
  if (truncated.length > 0) merged.truncated = truncated;
  return merged;
}
