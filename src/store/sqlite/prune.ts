import type Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";
import type { PruneOptions, PruneResult } from "../types.js";
import { withWriteLock, type LockWaitOptions } from "./_lock-wait.js";

// Retention on SQLite: DELETE the merged observations last seen before the cutoff. All
// observation data is the one `observations` table; its search indexes (reversed name,
// rdata name and its reversal, address bytes: migrations 4 and 10) are indexes of that
// table, so SQLite removes their entries in the same statement and they stay in step.
// There is no index on time_last, so the table is walked by rowid, a range at a time,
// each range its own short transaction: a prune of millions of rows never holds the one
// write lock for long (an ingest or `serve` gets in between), and a killed prune leaves
// a store that the next run finishes.

export interface PruneLockOptions extends LockWaitOptions {
  busyTimeoutMs: number;
  /** How long one transaction should hold the write lock, ms (approximate). */
  commitMs: number;
}

const FIRST_RANGE = 5000;
const MIN_RANGE = 500;
const MAX_RANGE = 1_000_000;

export function sqlitePrune(db: Database.Database, o: PruneLockOptions) {
  const count = db.prepare("SELECT count(*) FROM observations WHERE time_last < ?").pluck();
  const maxRowid = db.prepare("SELECT coalesce(max(rowid), 0) FROM observations").pluck();
  const del = db.prepare(
    "DELETE FROM observations WHERE rowid > ? AND rowid <= ? AND time_last < ?",
  );
  const range = db.transaction((from: number, to: number, before: number) =>
    del.run(from, to, before),
  );

  return async (before: number, options: PruneOptions = {}): Promise<PruneResult> => {
    const result: PruneResult = { granularity: "row", cutoff: before, rows: 0 };
    // A read in WAL mode: it waits for no writer and holds none up.
    if (options.dryRun) return { ...result, rows: count.get(before) as number };
    // Rows written after this point are newer than the prune, not its business.
    const last = maxRowid.get() as number;
    let size = FIRST_RANGE;
    for (let from = 0; from < last;) {
      const to = Math.min(last, from + size);
      let took = 0;
      await withWriteLock(db, o.busyTimeoutMs, o, () => {
        const t0 = performance.now();
        result.rows += range.immediate(from, to, before).changes;
        took = performance.now() - t0;
      });
      from = to;
      // Ranges between a quarter of the commit time and all of it: deletes cost more
      // where more of the range goes, so the size follows what the last one took.
      if (took < o.commitMs / 4) size = Math.min(MAX_RANGE, size * 2);
      else if (took > o.commitMs) size = Math.max(MIN_RANGE, Math.floor(size / 2));
      if (from < last) await sleep(Math.min(25, Math.max(1, took / 10)));
    }
    return result;
  };
}
