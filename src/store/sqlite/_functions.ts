import type BetterSqlite3 from "better-sqlite3";
import type { RegistrationRecord } from "../../model/registration.js";
import { ipKey, rdataName, reverseName } from "../indexed-names.js";
import { partiesOf } from "../registration-parties.js";

// The derived-key functions as SQL functions, for the migration that fills the
// keys of rows written before they existed. Deterministic, so SQLite may use them
// in indexes and constant-fold them. The party functions read a stored record's JSON.

export function registerFunctions(db: BetterSqlite3.Database): void {
  const det = { deterministic: true };
  db.function("dnsight_reverse_name", det, (name: unknown) =>
    typeof name === "string" ? reverseName(name) : null,
  );
  db.function("dnsight_rdata_name", det, (type: unknown, rdata: unknown) =>
    typeof type === "string" && typeof rdata === "string" ? (rdataName(type, rdata) ?? null) : null,
  );
  db.function("dnsight_ip_key", det, (type: unknown, rdata: unknown) =>
    typeof type === "string" && typeof rdata === "string" ? (ipKey(type, rdata) ?? null) : null,
  );
  const party = (record: unknown, which: "registrar" | "registrant"): string | null => {
    if (typeof record !== "string") return null;
    try {
      const r = JSON.parse(record) as Partial<RegistrationRecord>;
      return partiesOf({ registrar: r.registrar ?? {}, contacts: r.contacts ?? [] })[which] ?? null;
    } catch {
      return null; // a record that is not JSON names no one
    }
  };
  db.function("dnsight_registrar", det, (record: unknown) => party(record, "registrar"));
  db.function("dnsight_registrant", det, (record: unknown) => party(record, "registrant"));
}
