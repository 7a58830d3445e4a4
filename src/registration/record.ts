import type { RegistrationRecord, RegistrationSource } from "../model/registration.js";

/** An empty record to fill in, with every list present. */
export function emptyRecord(domain: string, source: RegistrationSource): RegistrationRecord {
  return {
    domain,
    status: "unknown",
    eppStatus: [],
    rawStatus: [],
    registrar: {},
    contacts: [],
    nameservers: [],
    dnssec: { signed: false, ds: [] },
    privacy: { protected: false },
    source,
  };
}
