import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import {
  assertBatchSize,
  assertLatestSnapshotQuery,
  assertPartyQuery,
  assertSnapshot,
} from "../check.js";
import { partiesOf, partyKey } from "../registration-parties.js";
import type { LatestSnapshotQuery, RegistrationSnapshot, RegistrationStore } from "../types.js";

// Registration snapshots in SQLite: one row per fetch, never updated. The record's
// protocol and status are copied into columns of their own (migration 3) for the
// cache's filters. registration_parties (migration 13) keeps each key's newest
// answered registrar and registrant, moved on in the same transaction.

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
  // Only a newer snapshot moves a key's parties on: batches may arrive out of order.
  const setParties = db.prepare(
    `INSERT INTO registration_parties (key, fetched_at, seq, registrar, registrant)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET
       fetched_at = excluded.fetched_at, seq = excluded.seq,
       registrar = excluded.registrar, registrant = excluded.registrant
     WHERE excluded.fetched_at > fetched_at
        OR (excluded.fetched_at = fetched_at AND excluded.seq > seq)`,
  );
  const writeAll = db.transaction((batch: readonly RegistrationSnapshot[]) => {
    for (const s of batch) {
      const r = s.record;
      const { lastInsertRowid } = insert.run(
        s.key,
        s.fetchedAt,
        JSON.stringify(r),
        s.raw,
        r.source.protocol,
        r.status,
      );
      if (r.status === "throttled") continue; // not an answer
      const p = partiesOf(r);
      setParties.run(
        s.key,
        s.fetchedAt,
        lastInsertRowid,
        p.registrar ?? null,
        p.registrant ?? null,
      );
    }
  });
  const byParty = {
    registrar: db.prepare(
      "SELECT key FROM registration_parties WHERE registrar = ? AND key > ? ORDER BY key LIMIT ?",
    ),
    registrant: db.prepare(
      "SELECT key FROM registration_parties WHERE registrant = ? AND key > ? ORDER BY key LIMIT ?",
    ),
  };
  const newest = db.prepare(
    `SELECT key, fetched_at, record, raw FROM (
       SELECT * FROM registration_snapshots WHERE key = ? ORDER BY fetched_at DESC, seq DESC LIMIT ?
     ) ORDER BY fetched_at, seq`,
  );
  // Keyset pages along the key index: each page one short read, no open cursor.
  const scanFirst = db.prepare(
    "SELECT key, fetched_at, seq, record, raw FROM registration_snapshots" +
      " ORDER BY key, fetched_at, seq LIMIT ?",
  );
  const scanNext = db.prepare(
    "SELECT key, fetched_at, seq, record, raw FROM registration_snapshots" +
      " WHERE (key, fetched_at, seq) > (?, ?, ?) ORDER BY key, fetched_at, seq LIMIT ?",
  );
  const latest = new Map<string, Database.Statement>();
  return {
    async *scanSnapshots(batchSize = 500) {
      ensureOpen("scan snapshots");
      assertBatchSize(batchSize, "scan snapshots");
      type Scanned = SnapshotRow & { seq: number };
      let rows: Scanned[];
      try {
        rows = scanFirst.all(batchSize) as Scanned[];
      } catch (e) {
        throw fail("scan snapshots", e);
      }
      while (rows.length > 0) {
        yield rows.map(toSnapshot);
        if (rows.length < batchSize) return;
        ensureOpen("scan snapshots");
        const l = rows[rows.length - 1]!;
        try {
          rows = scanNext.all(l.key, l.fetched_at, l.seq, batchSize) as Scanned[];
        } catch (e) {
          throw fail("scan snapshots", e);
        }
      }
    },
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
    async keysByParty(query) {
      ensureOpen("keys by party");
      assertPartyQuery(query);
      const name = partyKey(query.name);
      if (name === undefined) return [];
      try {
        const rows = byParty[query.party].all(name, query.after ?? "", query.limit);
        return (rows as { key: string }[]).map((r) => r.key);
      } catch (e) {
        throw fail(`keys of ${query.party} ${JSON.stringify(name)}`, e);
      }
    },
  };
}
