import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import type { IngestCheckpoint, Store } from "../store/types.js";
import { copySnapshots, sourceShrank, type SnapshotCopy } from "./migrate-snapshots.js";
import { CensusTaker, censusDifferences, takeCensus, type StoreCensus } from "./store-census.js";

// `dnsight migrate`: a store's observations and registration snapshots into another
// store, any backend to any backend, then both counted and compared. The state parts
// (users, keys, alerts, watches, audit log) are not data and do not move here: they
// move with --state.
//
// Observations stream in the source's scan order, in batches written with an ingest
// checkpoint in the target (input "migrate:SOURCE", offset = rows of the scan passed),
// so the store's own idempotent ingest (src/store/contract/observations.ts) makes a
// killed run, run again, count nothing twice: it reads the source from the start again,
// writes nothing before the checkpoint, gives the batch that was being written whole
// and alone (the store writes only its part not in yet), and goes on. The same pass
// counts the source, so checking costs one more pass over the target only.

export interface MigrateOptions {
  /** Names the source in the target's checkpoints: its URL without a password. */
  source: string;
  /** Observations per batch (default 20,000). */
  batchRows?: number;
  /** Snapshots per batch (default 500). */
  batchSnapshots?: number;
  /** Told what is being done and how far it got, after each page. */
  onProgress?: (p: MigrateProgress) => void;
}

export interface MigrateProgress {
  phase: "observations" | "snapshots" | "verify";
  /** Rows of the source passed (observations, snapshots) or of the target counted (verify). */
  done: number;
}

export interface MigrateResult {
  observations: { copied: number; skipped: number };
  snapshots: SnapshotCopy;
  /** The target held a checkpoint of this source: an earlier run was resumed. */
  resumed: boolean;
  from: StoreCensus;
  to: StoreCensus;
  /** The census fields where the stores differ (empty: they agree). */
  differences: string[];
}

const PAGE = 5000;

export async function migrateStore(
  from: Store,
  to: Store,
  o: MigrateOptions,
): Promise<MigrateResult> {
  const obsInput = `migrate:${o.source}`;
  const snapInput = `migrate-snapshots:${o.source}`;
  const batchRows = o.batchRows ?? 20_000;
  const cp = await to.readCheckpoint(obsInput);
  const resumed = cp !== undefined || (await to.readCheckpoint(snapInput)) !== undefined;
  if (!resumed) await mustBeEmpty(to);

  const census = new CensusTaker();
  const observations = await copyObservations(from, to, cp, {
    input: obsInput,
    batchRows,
    census,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });

  const snapshots = await copySnapshots(from, to, {
    input: snapInput,
    batch: o.batchSnapshots ?? 500,
    resuming: resumed,
    census,
    ...(o.onProgress
      ? { onProgress: (done: number) => o.onProgress!({ phase: "snapshots", done }) }
      : {}),
  });

  const source = census.result();
  const target = await takeCensus(to, (done) => o.onProgress?.({ phase: "verify", done }));
  return {
    observations,
    snapshots,
    resumed,
    from: source,
    to: target,
    differences: censusDifferences(source, target),
  };
}

interface CopyOptions {
  input: string;
  batchRows: number;
  census: CensusTaker;
  onProgress?: (p: MigrateProgress) => void;
}

/**
 * The observations, each batch with its checkpoint. The target writes on a thread of its
 * own where it has one (SQLite), and one batch is written while the next is read and
 * counted; batches still go in one after the other, in order, as the checkpoints need.
 */
async function copyObservations(
  from: Store,
  to: Store,
  cp: IngestCheckpoint | undefined,
  o: CopyOptions,
): Promise<{ copied: number; skipped: number }> {
  const out = { copied: 0, skipped: 0 };
  const writer = to.openWriter ? await to.openWriter() : undefined;
  const sink = writer ?? to;
  let start = cp?.offset ?? 0;
  // The batch an earlier run was writing ends here: give it again, whole and alone.
  let end = cp?.pendingEnd ?? start + o.batchRows;
  let pos = 0;
  let batch: Observation[] = [];
  let writing: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    const rows = batch;
    const offset = start + rows.length;
    await writing;
    writing = sink.writeObservations(rows, { input: o.input, offset });
    // Awaited before the next write or at the end; until then it must not go unhandled.
    writing.catch(() => undefined);
    out.copied += rows.length;
    start = offset;
    end = start + o.batchRows;
    batch = [];
  };
  try {
    for await (const page of ahead(from.scanObservations(Math.min(PAGE, o.batchRows)))) {
      for (const row of page) {
        o.census.addObservation(row);
        if (pos++ < start) {
          out.skipped++;
          continue;
        }
        batch.push(row);
        if (start + batch.length === end) await write();
      }
      o.onProgress?.({ phase: "observations", done: pos });
    }
    if (batch.length > 0) await write();
    await writing;
  } finally {
    await writer?.close();
  }
  if (pos < start) throw sourceShrank("observations", start, pos);
  return out;
}

/** A target with data and no checkpoint of this source would end as a mix of two stores. */
async function mustBeEmpty(to: Store): Promise<void> {
  let rows = false;
  for await (const page of to.scanObservations(1)) {
    rows = page.length > 0;
    break;
  }
  let snaps = false;
  const scan = to.registrations?.scanSnapshots;
  if (scan !== undefined)
    for await (const page of scan.call(to.registrations, 1)) {
      snaps = page.length > 0;
      break;
    }
  if (rows || snaps)
    throw new DnsightError(
      "INPUT",
      `the target ${to.backend} store already holds ${rows ? "observations" : "registration snapshots"} ` +
        "that no migrate from this source wrote: migrate into an empty store",
    );
}

/** The iterator's next page is read while the caller works on this one. */
async function* ahead<T>(it: AsyncIterable<T>): AsyncIterable<T> {
  const i = it[Symbol.asyncIterator]();
  let next = i.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = i.next();
      // Left unawaited if the caller stops early: the error then has nobody to tell.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    await i.return?.();
  }
}
