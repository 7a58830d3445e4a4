// Observation batches into ClickHouse, idempotent under a checkpoint without insert
// deduplication (18.16 has none on non-replicated tables, nor insert tokens).
//
// The choice, and why it holds: each piece of a batch is ONE Native block sent to
// `obs_in` together with its insert token, a checkpoint-log row "the batch ending at
// byte B has its first K rows stored" that a materialised view routes to
// `ingest_checkpoints` while the others route the deltas to the observation tables. A
// Native block is stored whole or not at all (a body cut anywhere fails to parse;
// tested), so after a crash the log's newest progress row says exactly how many of the
// batch's rows are in. The batch is merged and sorted here, so the same deltas given
// again (the contract's replay) are the same rows in the same order: the writer skips
// the first K and writes the rest, then the checkpoint row. No row counts twice, and
// reads need no dedup, so the aggregating tables merge freely in the background.
// (Batch ids in the rows with dedup on read would keep every batch's rows apart forever:
// the merges would then save nothing.)
import type { Observation } from "../../model/observation.js";
import type { IngestCheckpoint } from "../types.js";
import { compareObservations, mergeAll } from "../merge.js";
import type { ClickHouseClient } from "./http-client.js";
import type { NativeInserter } from "./native-insert.js";
import { obsBlock, type LogRow } from "./obs-block.js";

export interface ObsWriterOptions {
  /** Rows per piece (one INSERT, one Native block); default 50,000. */
  pieceRows?: number;
  /** For tests: runs after a checkpointed batch's rows, before its checkpoint (a throw is a crash there). */
  beforeCheckpoint?: (cp: IngestCheckpoint) => void;
}

export interface ObsWriter {
  /** Writes a validated batch. */
  write(batch: readonly Observation[], cp?: IngestCheckpoint): Promise<void>;
  read(input: string): Promise<IngestCheckpoint | undefined>;
}

export interface LogState {
  offset?: number;
  /** The newest progress row, when its batch has no checkpoint yet. */
  pending?: { end: number; rows: number };
}

/** The checkpoint log of `input` in the `ingest_checkpoints` table `ch` points at. */
export async function readLogState(ch: ClickHouseClient, input: string): Promise<LogState> {
  const rows = await ch.query<{ kind: number; end_offset: string; rows_in: string }>(
    "SELECT kind, end_offset, rows_in FROM ingest_checkpoints WHERE input = {i:String}" +
      " AND kind IN (1, 2) ORDER BY at DESC LIMIT 1 BY kind",
    { params: { i: input } },
  );
  const cp = rows.find((r) => r.kind === 2);
  const progress = rows.find((r) => r.kind === 1);
  const out: LogState = {};
  if (cp) out.offset = Number(cp.end_offset);
  if (progress && Number(progress.end_offset) > (out.offset ?? -1))
    out.pending = { end: Number(progress.end_offset), rows: Number(progress.rows_in) };
  return out;
}

/**
 * The pieces [from, to) of `total` rows resuming at row `from`: cut at multiples of
 * `size`, wherever `from` is, so a progress count left by any run (a multiple or the
 * end) is a cut of every later run too; a piece is then either wholly stored or not.
 */
export function pieceRanges(from: number, total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = from; a < total;) {
    const b = Math.min(total, (Math.floor(a / size) + 1) * size);
    out.push([a, b]);
    a = b;
  }
  return out;
}

// A clock for the log's `at` (microseconds) that never repeats or goes back in this
// process, so "the newest row" is well defined for writes in one process; across
// processes writing one input (which ingest does not do) it is the wall clock's order.
let lastAt = 0n;
export const nextAt = (): bigint => {
  const now = BigInt(Date.now()) * 1000n;
  lastAt = now > lastAt ? now : lastAt + 1n;
  return lastAt;
};

export function obsWriter(
  ch: ClickHouseClient,
  ins: NativeInserter,
  o: ObsWriterOptions = {},
): ObsWriter {
  const pieceRows = o.pieceRows ?? 50_000;

  const logState = (input: string): Promise<LogState> => readLogState(ch, input);

  return {
    async read(input) {
      const s = await logState(input);
      if (s.offset === undefined && s.pending === undefined) return undefined;
      return {
        input,
        offset: s.offset ?? 0,
        ...(s.pending !== undefined ? { pendingEnd: s.pending.end } : {}),
      };
    },

    async write(batch, cp) {
      const rows = [...mergeAll(batch).values()].sort(compareObservations);
      let from = 0;
      if (cp) {
        const { pending } = await logState(cp.input);
        if (pending?.end === cp.offset) from = Math.min(pending.rows, rows.length);
      }
      for (const [a, to] of pieceRanges(from, rows.length, pieceRows)) {
        const log: LogRow[] = cp
          ? [{ kind: 1, input: cp.input, endOffset: cp.offset, rowsIn: to, at: nextAt() }]
          : [];
        await ins.insert("obs_in", obsBlock(rows.slice(a, to), log));
      }
      if (!cp) return;
      if (rows.length > 0) o.beforeCheckpoint?.(cp);
      const done: LogRow = {
        kind: 2,
        input: cp.input,
        endOffset: cp.offset,
        rowsIn: 0,
        at: nextAt(),
      };
      await ins.insert("obs_in", obsBlock([], [done]));
    },
  };
}
