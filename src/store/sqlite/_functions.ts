import type BetterSqlite3 from "better-sqlite3";
import { ipKey, rdataName, reverseName } from "../indexed-names.js";

// The derived-key functions as SQL functions, for the migration that fills the
// keys of rows written before they existed. Deterministic, so SQLite may use them
// in indexes and constant-fold them.

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
}
