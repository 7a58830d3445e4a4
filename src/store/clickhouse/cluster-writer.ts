// Observation batches on a cluster: each row goes to the shard of its reversed owner
// name (shard-key.ts), as Native blocks into THAT shard's `obs_in`, each carrying that
// shard's own checkpoint-log rows, so every shard is idempotent on its own exactly as
// one server is (obs-writer.ts). A batch is finished on every shard (stored, or spooled
// when a shard is down: shard-pieces.ts) before the next starts: rows of every shard
// first, then every shard's checkpoint row, in shard order. So shards are at most one
// batch apart, and the input's checkpoint is the least of theirs (`combine`), the
// batch beyond it ending where some shard already has it; given again, each shard
// skips what its own log says it holds.
import type { Observation } from "../../model/observation.js";
import { compareObservations, mergeAll } from "../merge.js";
import { reverseName } from "../indexed-names.js";
import type { IngestCheckpoint } from "../types.js";
import { obsBlock, type LogRow } from "./obs-block.js";
import {
  nextAt,
  pieceRanges,
  type LogState,
  type ObsWriter,
  type ObsWriterOptions,
} from "./obs-writer.js";
import { shardIndex } from "./shard-key.js";

/** One INSERT for one shard: a Native block of `obs_in` and the log rows inside it. */
export interface Piece {
  block: Buffer;
  log: readonly LogRow[];
}

/** How the writer reaches the shards (0-based indexes, in shard_num order). */
export interface ShardPieces {
  readonly count: number;
  /**
   * The shard's checkpoint log of `input`, pieces waiting in the spool counted as stored.
   * `exact` false (a writer's question): a shard that is down and whose log is not known
   * answers "nothing", since every piece it gets then waits in the spool, whose drain
   * skips what the shard has; true (readCheckpoint): that is an error naming the shard.
   */
  state(shard: number, input: string, exact?: boolean): Promise<LogState>;
  /** Stores the piece on the shard, or durably spools it; resolves when either is done. */
  send(shard: number, piece: Piece): Promise<void>;
}

/** The input's checkpoint over every shard's log (undefined: nothing of it anywhere). */
export function combine(input: string, states: readonly LogState[]): IngestCheckpoint | undefined {
  if (states.every((s) => s.offset === undefined && s.pending === undefined)) return undefined;
  const offset = Math.min(...states.map((s) => s.offset ?? 0));
  // Ends some shard has beyond the least checkpoint: its checkpoint or its progress.
  const ahead = states
    .flatMap((s) => [s.offset, s.pending?.end])
    .filter((e): e is number => e !== undefined && e > offset);
  return ahead.length > 0 ? { input, offset, pendingEnd: Math.min(...ahead) } : { input, offset };
}

export function clusterObsWriter(shards: ShardPieces, o: ObsWriterOptions = {}): ObsWriter {
  const pieceRows = o.pieceRows ?? 50_000;
  const states = (input: string, exact: boolean): Promise<LogState[]> =>
    Promise.all(Array.from({ length: shards.count }, (_, i) => shards.state(i, input, exact)));

  return {
    async read(input) {
      return combine(input, await states(input, true));
    },

    async write(batch, cp) {
      const rows = [...mergeAll(batch).values()].sort(compareObservations);
      const parts = Array.from({ length: shards.count }, (): Observation[] => []);
      for (const r of rows) parts[shardIndex(reverseName(r.rrname), shards.count)]!.push(r);
      // Per shard: skip a batch its checkpoint covers, and the rows its progress counts.
      const from = parts.map(() => 0);
      const done = parts.map(() => false);
      if (cp) {
        for (const [i, s] of (await states(cp.input, false)).entries()) {
          if (s.offset !== undefined && s.offset >= cp.offset) done[i] = true;
          else if (s.pending?.end === cp.offset)
            from[i] = Math.min(s.pending.rows, parts[i]!.length);
        }
      }
      for (const [i, part] of parts.entries()) {
        if (done[i]) continue;
        for (const [a, to] of pieceRanges(from[i]!, part.length, pieceRows)) {
          // Without a checkpoint, a token row still lets a retry see whether it landed.
          const log: LogRow[] = [
            cp
              ? { kind: 1, input: cp.input, endOffset: cp.offset, rowsIn: to, at: nextAt() }
              : { kind: 3, input: "", endOffset: 0, rowsIn: to - a, at: nextAt() },
          ];
          await shards.send(i, { block: obsBlock(part.slice(a, to), log), log });
        }
      }
      if (!cp) return;
      if (rows.length > 0) o.beforeCheckpoint?.(cp);
      for (const i of parts.keys()) {
        if (done[i]) continue;
        const log: LogRow[] = [
          { kind: 2, input: cp.input, endOffset: cp.offset, rowsIn: 0, at: nextAt() },
        ];
        await shards.send(i, { block: obsBlock([], log), log });
      }
    },
  };
}
