import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import { assertLatestSnapshotQuery, assertSnapshot } from "../check.js";
import type { LatestSnapshotQuery, RegistrationSnapshot, RegistrationStore } from "../types.js";

// Registration snapshots in SQLite: one row per fetch, never updated. The record's
// protocol and status are copied into columns of their own (migration 3) for the
// cache's filters.

interface SnapshotRow {
  key: string;
  fetched_at: number;
  record: string;
  raw: string;
}

/**
 * The newest matching row. ORDER BY follows the key index (key, fetched_at, seq)
 * backwards, so SQLite stops at the first row that passes the filters: no sort.
 * Only the number of skipped statuses varies, so statements are few and cached.
 */
function latestSql(q: LatestSnapshotQuery): { sql: string; params: unknown[] } {
  const where = ["key = ?", "fetched_at >= ?"];
  // -1: every snapshot, as fetched_at is never negative.
  const params: unknown[] = [q.since ?? -1];
  if (q.protocol !== undefined) {
    where.push("protocol = ?");
    params.push(q.protocol);
  }
  const skip = q.skipStatus ?? [];
  if (skip.length > 0) {
    where.push(`status NOT IN (${skip.map(() => "?").join(", ")})`);
    params.push(...skip);
  }
  const sql =
    "SELECT key, fetched_at, record, raw FROM registration_snapshots" +
    ` WHERE ${where.join(" AND ")} ORDER BY fetched_at DESC, seq DESC LIMIT 1`;
  return { sql, params };
}

function toSnapshot(r: SnapshotRow): RegistrationSnapshot {
  return {
    key: r.key,
    fetchedAt: r.fetched_at,
    record: JSON.parse(r.record) as RegistrationSnapshot["record"],
    raw: r.raw,
  };
}

export function sqliteRegistrations(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): RegistrationStore {
  const insert = db.prepare(
    "INSERT INTO registration_snapshots (key, fetched_at, record, raw, protocol, status)" +
      " VALUES (?, ?, ?, ?, ?, ?)",
  );
  const writeAll = db.transaction((batch: readonly RegistrationSnapshot[]) => {
    for (const s of batch) {
      const r = s.record;
      insert.run(s.key, s.fetchedAt, JSON.stringify(r), s.raw, r.source.protocol, r.status);
    }
  });
  const newest = db.prepare(
    `SELECT key, fetched_at, record, raw FROM (
       SELECT * FROM registration_snapshots WHERE key = ? ORDER BY fetched_at DESC, seq DESC LIMIT ?
     ) ORDER BY fetched_at, seq`,
  );
  const latest = new Map<string, Database.Statement>();
  return {
    async writeSnapshots(batch) {
      ensureOpen("write snapshots");
      batch.forEach(assertSnapshot);
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
        return (newest.all(key.toLowerCase(), limit) as SnapshotRow[]).map(toSnapshot);
      } catch (e) {
        throw fail(`list snapshots of ${key}`, e);
      }
    },
    async latestSnapshot(key, query = {}) {
      ensureOpen("latest snapshot");
      assertLatestSnapshotQuery(query);
      const { sql, params } = latestSql(query);
      try {
        let stmt = latest.get(sql);
        if (stmt === undefined) latest.set(sql, (stmt = db.prepare(sql)));
        const row = stmt.get(key.toLowerCase(), ...params) as SnapshotRow | undefined;
        return row && toSnapshot(row);
      } catch (e) {
        throw fail(`latest snapshot of ${key}`, e);
      }
    },
  };
}
