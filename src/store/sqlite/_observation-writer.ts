import type Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";
import type { Observation } from "../../model/observation.js";
import type { IngestCheckpoint } from "../types.js";
import { withWriteLock, type LockWaitOptions } from "./_lock-wait.js";
import { pushUpsertParams, upsertObservationsSql, UPSERT_ROWS } from "./_sql.js";

// Observation batches go in as several short commits rather than one long one:
// SQLite has one writer at a time, so a 100k-row transaction kept every other
// writer (a second ingest, `serve`'s alerts) out for seconds. Each commit takes as
// many rows as the last ones show fit in `commitMs`, and a short pause between
// commits lets a waiting writer in.
//
// A batch with a checkpoint must still count once after a crash, and the contract
// asks no transaction of rows and checkpoint together (an append-only backend has
// none), so this writer keeps to the same protocol (src/store/contract/observations.ts):
// each commit of rows also records its insert token, how far into the (sorted) batch
// it got: "the batch ending at byte B has its first K rows stored"; the checkpoint
// is written after the last piece, on its own. readCheckpoint hands B to the ingest
// (`pendingEnd`) until then, which gives the same batch again (every item after the
// checkpoint up to B, merged the same way, so the same rows in the same order); this
// writer skips the K rows already in (all of them, when only the checkpoint was
// missing) and writes the rest, then the checkpoint.

export interface CommitOptions extends LockWaitOptions {
  /** The longest a commit should hold the write lock, ms (measured, so approximate). */
  commitMs: number;
  busyTimeoutMs: number;
  /**
   * For tests: runs when a checkpointed batch's rows are all stored, before its
   * checkpoint is; a throw (or a kill) there is a crash between the two.
   */
  beforeCheckpoint?: (cp: IngestCheckpoint) => void;
}

// Kept in ingest_checkpoints beside the input's own row, under the input's key and a
// suffix no key has (keys are paths, which cannot hold NUL): no schema change.
const PENDING_END = "\u0000pending-end";
const PENDING_ROWS = "\u0000pending-rows";
const MIN_COMMIT_ROWS = 64;
const FIRST_COMMIT_ROWS = 2000;
const MAX_PAUSE_MS = 25;
/** Commits aim below commitMs: their time varies (a cold page, another process on the CPU). */
const AIM = 0.8;
/**
 * Rows written since the last checkpoint past which the next is run. New rows dirty a
 * page of each of the five indexes, so 2000 of them are about the store's wal_autocheckpoint of
 * 10,000 WAL frames.
 */
const CHECKPOINT_ROWS = 2000;

export interface ObservationWriter {
  /** Writes a batch already validated and sorted in key order. */
  write(sorted: readonly Observation[], checkpoint?: IngestCheckpoint): Promise<void>;
  read(input: string): IngestCheckpoint | undefined;
}

export function observationWriter(db: Database.Database, o: CommitOptions): ObservationWriter {
  const upsertOne = db.prepare(upsertObservationsSql(1));
  const upsertMany = db.prepare(upsertObservationsSql(UPSERT_ROWS));
  const save = db.prepare(
    `INSERT INTO ingest_checkpoints (input, offset, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (input) DO UPDATE SET offset = excluded.offset, updated_at = excluded.updated_at`,
  );
  const drop = db.prepare("DELETE FROM ingest_checkpoints WHERE input IN (?, ?)");
  const load = db.prepare("SELECT offset FROM ingest_checkpoints WHERE input = ?").pluck();
  const offsetOf = (key: string): number | undefined => load.get(key) as number | undefined;
  /** Learnt from each commit: how many rows fit in commitMs on this database now. */
  let rowsPerMs = FIRST_COMMIT_ROWS / o.commitMs;

  const commit = db.transaction(
    (rows: readonly Observation[], from: number, to: number, cp?: IngestCheckpoint) => {
      const params: unknown[] = [];
      let i = from;
      for (; i + UPSERT_ROWS <= to; i += UPSERT_ROWS) {
        params.length = 0;
        for (let j = i; j < i + UPSERT_ROWS; j++) pushUpsertParams(params, rows[j]!);
        upsertMany.run(params);
      }
      for (; i < to; i++) {
        params.length = 0;
        pushUpsertParams(params, rows[i]!);
        upsertOne.run(params);
      }
      if (!cp) return;
      // The piece's insert token: the batch (by its end) and the rows now in.
      const now = Math.floor(Date.now() / 1000);
      save.run(cp.input + PENDING_END, cp.offset, now);
      save.run(cp.input + PENDING_ROWS, to, now);
    },
  );
  const checkpoint = db.transaction((cp: IngestCheckpoint) => {
    save.run(cp.input, cp.offset, Math.floor(Date.now() / 1000));
    drop.run(cp.input + PENDING_END, cp.input + PENDING_ROWS);
  });

  /** Rows committed since the last checkpoint. */
  let uncheckpointed = 0;
  const writePieces = async (
    sorted: readonly Observation[],
    cp: IngestCheckpoint | undefined,
    checkpoints: boolean,
  ): Promise<void> => {
    let from = 0;
    // The batch a run stopped in the middle of, given again: its first rows are in.
    if (cp && offsetOf(cp.input + PENDING_END) === cp.offset)
      from = Math.min(offsetOf(cp.input + PENDING_ROWS) ?? 0, sorted.length);
    while (from < sorted.length) {
      const to = Math.min(
        sorted.length,
        from + Math.max(MIN_COMMIT_ROWS, Math.floor(rowsPerMs * o.commitMs * AIM)),
      );
      let took = 0;
      await withWriteLock(db, o.busyTimeoutMs, o, () => {
        const t0 = performance.now();
        commit.immediate(sorted, from, to, cp);
        took = performance.now() - t0;
      });
      if (to - from >= MIN_COMMIT_ROWS && took >= 1) {
        // Slower at once, faster by halves: an overshoot is what holds others up.
        const rate = (to - from) / took;
        rowsPerMs = took > o.commitMs ? Math.min(rowsPerMs, rate) : (rowsPerMs + rate) / 2;
      }
      uncheckpointed += to - from;
      if (checkpoints && uncheckpointed >= CHECKPOINT_ROWS) {
        db.pragma("wal_checkpoint(PASSIVE)");
        uncheckpointed = 0;
      }
      from = to;
      // Other writers poll for the lock (SQLite's busy handler sleeps up to 100 ms
      // between tries): a gap of a tenth of the commit gives them a fair chance.
      if (from < sorted.length) await sleep(Math.min(MAX_PAUSE_MS, Math.max(1, took / 10)));
    }
    if (!cp) return;
    if (sorted.length > 0) o.beforeCheckpoint?.(cp);
    await withWriteLock(db, o.busyTimeoutMs, o, () => checkpoint.immediate(cp));
  };

  return {
    read(input) {
      const offset = offsetOf(input);
      const end = offsetOf(input + PENDING_END);
      if (offset === undefined && end === undefined) return undefined;
      return { input, offset: offset ?? 0, ...(end !== undefined ? { pendingEnd: end } : {}) };
    },

    async write(sorted, cp) {
      // SQLite checkpoints inside the COMMIT that fills the WAL, so a commit's time
      // counted the checkpoint's too, and commits were sized down for work that holds
      // no write lock (a PASSIVE checkpoint lets writers in). Here the checkpoints run
      // between commits, outside the time a commit is sized by: 500k new rows went in
      // 10-11% faster (14.2k -> 15.9k rows/s, alternated runs).
      const autocheckpoint = db.pragma("wal_autocheckpoint", { simple: true }) as number;
      if (autocheckpoint > 0) db.pragma("wal_autocheckpoint = 0");
      try {
        await writePieces(sorted, cp, autocheckpoint > 0);
      } finally {
        if (autocheckpoint > 0) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      }
    },
  };
}
