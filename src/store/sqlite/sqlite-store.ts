import Database from "better-sqlite3";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DnsightError } from "../../errors.js";
import {
  assertCheckpoint,
  assertObservation,
  assertObservationQuery,
  assertForget,
  assertPruneBefore,
  assertSearch,
} from "../check.js";
import type { IngestCheckpoint, ObservationQuery, ObservationSearch, Store } from "../types.js";
import { compareObservations } from "../merge.js";
import { registerFunctions } from "./_functions.js";
import { withWriteLock, type LockWaitOptions } from "./_lock-wait.js";
import { sqliteForgetCheckpoints } from "./forget-checkpoints.js";
import { observationWriter } from "./_observation-writer.js";
import { migrate, MIGRATIONS, schemaVersion } from "./migrations.js";
import { summarySql } from "./_search-sql.js";
import { searchPage } from "./search.js";
import { suggestNames } from "./suggest.js";
import { sqliteRegistrations } from "./registrations.js";
import { sqliteAlerts } from "./alerts.js";
import { sqliteApiKeys } from "./api-keys.js";
import { sqliteWatches } from "./watches.js";
import { sqliteUsers } from "./users.js";
import { sqliteSessions } from "./sessions.js";
import { sqliteAudit } from "./audit.js";
import { sqliteOutbox } from "./outbox.js";
import { sqlitePrune } from "./prune.js";
import { openObservationWriter } from "../write-thread.js";
import { rowToObservation, selectObservationsSql, type ObservationRow } from "./_sql.js";

// The default backend: one file, better-sqlite3, WAL so readers never wait for the
// writer. The driver is synchronous: a 1000-row batch holds the event loop for a few
// milliseconds, which is cheaper than a worker thread's hand-off for every batch.
// Observation batches are committed in pieces of ~commitMs each, so that the one
// write lock SQLite has is never held for long (see _observation-writer.ts).

export const SQLITE_BACKEND = "sqlite";

export interface SqliteStoreOptions extends LockWaitOptions {
  /** How long a write waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** How long one commit of observations should hold the write lock (default 250 ms). */
  commitMs?: number;
  /** For tests: a crash between a batch's rows and its checkpoint (_observation-writer.ts). */
  beforeCheckpoint?: (cp: IngestCheckpoint) => void;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_COMMIT_MS = 250;

/** True when the schema is this dnsight's: opening then needs no write lock. */
function schemaCurrent(db: Database.Database): boolean {
  try {
    return schemaVersion(db) === MIGRATIONS.length;
  } catch {
    return false; // a new file: no schema_migrations yet
  }
}

/** Turns a driver error into DnsightError("STORE") naming the file and the operation. */
function storeError(path: string, op: string, e: unknown): DnsightError {
  if (e instanceof DnsightError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new DnsightError("STORE", `sqlite ${path}: ${op}: ${msg}`, { cause: e });
}

/** Opens (creating if needed) and migrates the database at `path` (":memory:" works too). */
export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<Store> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (e) {
    throw storeError(path, "open", e);
  }
  try {
    // Needs no lock once the file is in WAL mode: a reader opening during a long
    // write goes straight through.
    db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
    db.pragma("synchronous = NORMAL");
    // Random new names dirty one index page each, so a batch of 1000 can be ~4 MB of
    // WAL; the default 1000-page auto-checkpoint would then fsync after every batch.
    // Checkpointing every ~40 MB and caching 64 MB of pages measured up to 2x faster.
    db.pragma("wal_autocheckpoint = 10000");
    db.pragma("journal_size_limit = 67108864");
    db.pragma("cache_size = -65536");
    registerFunctions(db);
    // Migrating takes the write lock; a current schema is only read, so `serve` and
    // `pdns` start while an ingest writes.
    if (!schemaCurrent(db)) await withWriteLock(db, busyTimeoutMs, options, () => migrate(db));
  } catch (e) {
    db.close();
    throw storeError(path, "open", e);
  }
  return sqliteStore(db, path, {
    ...options,
    busyTimeoutMs,
    commitMs: options.commitMs ?? DEFAULT_COMMIT_MS,
  });
}

const KEY = "rrname, rrtype, rdata, bailiwick, sensor_id";
const SCAN_COLUMNS = `${KEY}, time_first, time_last, count, source`;

function sqliteStore(
  db: Database.Database,
  path: string,
  options: SqliteStoreOptions & { busyTimeoutMs: number; commitMs: number },
): Store {
  const selects = new Map<string, Database.Statement>();
  const observations = observationWriter(db, options);
  const prune = sqlitePrune(db, options);
  const forget = sqliteForgetCheckpoints(db, options);
  const prepared = (sql: string): Database.Statement => {
    let stmt = selects.get(sql);
    if (stmt === undefined) selects.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const ensureOpen = (op: string): void => {
    if (!db.open) throw new DnsightError("STORE", `sqlite ${path}: ${op}: the store is closed`);
  };

  return {
    backend: SQLITE_BACKEND,
    registrations: sqliteRegistrations(db, (op, e) => storeError(path, op, e), ensureOpen),
    apiKeys: sqliteApiKeys(db, (op, e) => storeError(path, op, e), ensureOpen),
    alerts: sqliteAlerts(db, (op, e) => storeError(path, op, e), ensureOpen),
    watches: sqliteWatches(db, (op, e) => storeError(path, op, e), ensureOpen),
    outbox: sqliteOutbox(db, (op, e) => storeError(path, op, e), ensureOpen),
    users: sqliteUsers(db, (op, e) => storeError(path, op, e), ensureOpen),
    sessions: sqliteSessions(db, (op, e) => storeError(path, op, e), ensureOpen),
    audit: sqliteAudit(db, (op, e) => storeError(path, op, e), ensureOpen),

    async writeObservations(batch, checkpoint) {
      ensureOpen("write");
      // Check everything first: a bad delta must leave the whole batch unwritten.
      batch.forEach((o, i) => assertObservation(o, `observation ${i}`));
      if (checkpoint) assertCheckpoint(checkpoint);
      if (batch.length === 0 && !checkpoint) return;
      try {
        // In key order the unique index is written page after page instead of at
        // random: measured twice as fast on 20k-row batches. The order is also what
        // lets a batch cut short by a crash be completed (_observation-writer.ts).
        await observations.write(
          batch.length > 1 ? [...batch].sort(compareObservations) : batch,
          checkpoint,
        );
      } catch (e) {
        throw storeError(path, `write ${batch.length} observations`, e);
      }
    },

    async queryObservations(query: ObservationQuery) {
      ensureOpen("query");
      assertObservationQuery(query);
      const { sql, params } = selectObservationsSql(query);
      try {
        let stmt = selects.get(sql);
        if (stmt === undefined) selects.set(sql, (stmt = db.prepare(sql)));
        return (stmt.all(...params) as ObservationRow[]).map(rowToObservation);
      } catch (e) {
        throw storeError(path, `query ${query.rrname}`, e);
      }
    },

    async searchObservations(search: ObservationSearch) {
      ensureOpen("search");
      assertSearch(search);
      try {
        return searchPage(prepared, search);
      } catch (e) {
        throw storeError(path, "search", e);
      }
    },

    async suggestNames(prefix: string, limit: number) {
      ensureOpen("suggest");
      try {
        return suggestNames(prepared, prefix, limit);
      } catch (e) {
        throw storeError(path, "suggest", e);
      }
    },

    async summarizeObservations(search: ObservationSearch) {
      ensureOpen("summarize");
      assertSearch(search);
      const q = summarySql(search);
      try {
        const r = prepared(q.sql).get(...q.params) as {
          count: number;
          num_results: number;
          time_first: number | null;
          time_last: number | null;
        };
        return {
          count: r.count,
          numResults: r.num_results,
          ...(r.time_first !== null ? { timeFirst: r.time_first } : {}),
          ...(r.time_last !== null ? { timeLast: r.time_last } : {}),
        };
      } catch (e) {
        throw storeError(path, "summarize", e);
      }
    },

    async pruneObservations(before, o) {
      ensureOpen("prune");
      assertPruneBefore(before);
      try {
        return await prune(before, o);
      } catch (e) {
        throw storeError(path, "prune observations", e);
      }
    },

    async *scanObservations(batchSize = 5000) {
      ensureOpen("scan");
      // Keyset paging on the unique key: each page is one short read, so a long
      // export never holds a read transaction (and the WAL) open.
      const first = prepared(`SELECT ${SCAN_COLUMNS} FROM observations ORDER BY ${KEY} LIMIT ?`);
      const next = prepared(
        `SELECT ${SCAN_COLUMNS} FROM observations WHERE (${KEY}) > (?, ?, ?, ?, ?) ORDER BY ${KEY} LIMIT ?`,
      );
      let rows = first.all(batchSize) as ObservationRow[];
      while (rows.length > 0) {
        yield rows.map(rowToObservation);
        if (rows.length < batchSize) return;
        ensureOpen("scan");
        const l = rows[rows.length - 1]!;
        rows = next.all(
          l.rrname,
          l.rrtype,
          l.rdata,
          l.bailiwick,
          l.sensor_id,
          batchSize,
        ) as ObservationRow[];
      }
    },

    // A file can be opened again on another thread; ":memory:" would be another database.
    ...(path === ":memory:"
      ? {}
      : {
          openWriter: () => {
            ensureOpen("open a writer");
            const { onLockWait, lockTimeoutMs, commitMs } = options;
            return openObservationWriter(pathToFileURL(resolve(path)).href, {
              commitMs,
              ...(onLockWait ? { onLockWait } : {}),
              ...(lockTimeoutMs !== undefined ? { lockTimeoutMs } : {}),
            });
          },
        }),

    async readCheckpoint(input: string) {
      ensureOpen("read checkpoint");
      return observations.read(input);
    },

    async forgetCheckpoints(prefix, before) {
      ensureOpen("forget checkpoints");
      assertForget(prefix, before);
      try {
        return await forget(prefix, before);
      } catch (e) {
        throw storeError(path, "forget checkpoints", e);
      }
    },

    async close() {
      // The last connection to close checkpoints the WAL back into the file itself.
      if (db.open) db.close();
    },
  };
}
