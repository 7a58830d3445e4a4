import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import type { RegistrationSnapshot, RegistrationStore } from "../types.js";

// Registration snapshots in SQLite: one row per fetch, never updated.

interface SnapshotRow {
  key: string;
  fetched_at: number;
  record: string;
  raw: string;
}

function check(s: RegistrationSnapshot, i: number): void {
  const where = `snapshot ${i}`;
  if (typeof s.key !== "string" || s.key === "" || s.key !== s.key.toLowerCase()) {
    throw new DnsightError(
      "INPUT",
      `${where}: key ${JSON.stringify(s.key)} must be a non-empty lowercase name`,
    );
  }
  if (!Number.isSafeInteger(s.fetchedAt) || s.fetchedAt < 0) {
    throw new DnsightError("INPUT", `${where}: fetchedAt must be whole epoch seconds`);
  }
  if (s.record === null || typeof s.record !== "object")
    throw new DnsightError("INPUT", `${where}: no record`);
  if (typeof s.raw !== "string") throw new DnsightError("INPUT", `${where}: raw must be text`);
}

export function sqliteRegistrations(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): RegistrationStore {
  const insert = db.prepare(
    "INSERT INTO registration_snapshots (key, fetched_at, record, raw) VALUES (?, ?, ?, ?)",
  );
  const writeAll = db.transaction((batch: readonly RegistrationSnapshot[]) => {
    for (const s of batch) insert.run(s.key, s.fetchedAt, JSON.stringify(s.record), s.raw);
  });
  const newest = db.prepare(
    `SELECT key, fetched_at, record, raw FROM (
       SELECT * FROM registration_snapshots WHERE key = ? ORDER BY fetched_at DESC, seq DESC LIMIT ?
     ) ORDER BY fetched_at, seq`,
  );
  return {
    async writeSnapshots(batch) {
      ensureOpen("write snapshots");
      batch.forEach(check);
      try {
        writeAll(batch);
      } catch (e) {
        throw fail(`write ${batch.length} registration snapshots`, e);
      }
    },
    async listSnapshots(key, options = {}) {
      ensureOpen("list snapshots");
      const limit = options.limit ?? -1; // SQLite: a negative LIMIT means none
      try {
        return (newest.all(key.toLowerCase(), limit) as SnapshotRow[]).map((r) => ({
          key: r.key,
          fetchedAt: r.fetched_at,
          record: JSON.parse(r.record) as RegistrationSnapshot["record"],
          raw: r.raw,
        }));
      } catch (e) {
        throw fail(`list snapshots of ${key}`, e);
      }
    },
  };
}
