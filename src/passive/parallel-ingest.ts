import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { startWorker } from "../threads/start-worker.js";
import type { IngestOptions, IngestStats } from "./ingest.js";
import { mergePacked } from "./packed-rows.js";
import type { LineFormat, RangeResult, RangeTask } from "./range-parse.js";
import { SkipCounter } from "./source.js";
import { INTERRUPTED, unlessInterrupted } from "../util/abort.js";
import type { ByteCount } from "../util/byte-count.js";

// A line-oriented log file (Zeek, passivedns, COF) parsed by several threads.
// The file is read in rounds of a few tens of megabytes; each round is cut at
// line ends into one range per thread, the threads parse and merge their ranges,
// and the round's rows are written with a checkpoint at the round's end, in one
// transaction. While a round is written the threads already parse the next one.
// A killed run starts again at the last round written, so nothing is lost or
// counted twice, as with the one-thread ingest.

export interface ParallelIngestOptions extends Pick<
  IngestOptions,
  "store" | "checkpointKey" | "sensorId" | "skipped" | "onBatch" | "onRows" | "signal"
> {
  path: string;
  format: LineFormat;
  threads: number;
  /** Write (and checkpoint) once this many distinct rows wait (default 250000). */
  flushRows?: number;
  /** Bytes per round (default 16 MiB per thread: fewer, larger merges; a checkpoint every ~100k lines a thread). */
  roundBytes?: number;
  /** Counts the bytes and lines the threads have read (from the checkpoint on, which it starts at), for progress. */
  read?: ByteCount;
}

const startRangeWorker = (): Worker => startWorker(import.meta.url, "range-worker");

/**
 * Runs tasks on a fixed set of threads. Each thread is handed its next task before
 * it finishes the current one (it parses them in order, range-worker.ts): a thread
 * never waits for this one, which may be busy merging or writing, to be given work.
 */
class Pool {
  private readonly queues = new Map<Worker, Array<Pending>>();
  private readonly waiting: Array<() => void> = [];
  constructor(
    private readonly workers: Worker[],
    /** Tasks a thread holds at a time: the one it parses and the next. */
    private readonly depth = 2,
  ) {
    for (const w of workers) {
      const queue: Pending[] = [];
      this.queues.set(w, queue);
      w.on("message", (m: { ok: boolean; result?: RangeResult; error?: string }) => {
        const p = queue.shift();
        if (!p) return;
        if (m.ok) p.resolve(m.result!);
        else p.reject(new DnsightError("INPUT", m.error ?? "parse failed"));
        this.waiting.shift()?.();
      });
      w.on("error", (e: Error) => {
        for (const p of queue.splice(0)) p.reject(e);
        this.waiting.shift()?.();
      });
    }
  }
  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.workers) {
      const n = this.queues.get(w)!.length;
      if (n < this.depth && (best === undefined || n < this.queues.get(best)!.length)) best = w;
    }
    return best;
  }
  async run(task: RangeTask): Promise<RangeResult> {
    let w = this.leastBusy();
    while (w === undefined) {
      await new Promise<void>((r) => this.waiting.push(r));
      w = this.leastBusy();
    }
    const worker = w;
    return new Promise<RangeResult>((resolve, reject) => {
      this.queues.get(worker)!.push({ resolve, reject });
      worker.postMessage(task);
    });
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

interface Pending {
  resolve: (r: RangeResult) => void;
  reject: (e: unknown) => void;
}

/** The offset just past the line that holds byte `at - 1` (a line start), or the file's size. */
function lineEndAfter(fd: number, at: number, size: number): number {
  if (at <= 0) return 0;
  if (at >= size) return size;
  const buf = Buffer.allocUnsafe(65_536);
  for (let pos = at - 1; pos < size; pos += buf.length) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    if (n === 0) break;
  }
  return size;
}

/** Zeek's leading `#` lines, to put in front of every later range. */
function headerOf(fd: number, size: number): string {
  const buf = Buffer.allocUnsafe(Math.min(size, 1 << 20));
  const n = readSync(fd, buf, 0, buf.length, 0);
  const lines: string[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1 && nl < n; nl = buf.indexOf(10, start)) {
    const line = buf.toString("utf8", start, nl + 1);
    if (!line.startsWith("#")) break;
    lines.push(line);
    start = nl + 1;
  }
  return lines.join("");
}

export async function ingestLinesParallel(o: ParallelIngestOptions): Promise<IngestStats> {
  const skipped = o.skipped ?? new SkipCounter();
  const stats: IngestStats = {
    items: 0,
    resumedItems: 0,
    observations: 0,
    rowsWritten: 0,
    batches: 0,
    skipped,
  };
  let size: number;
  try {
    size = statSync(o.path).size;
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `cannot read ${o.path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  const resume = o.checkpointKey ? await o.store.readCheckpoint(o.checkpointKey) : undefined;
  if (resume) stats.resumedFrom = resume.offset;
  // The last run was killed while committing the rows up to here: a round ends here
  // and they are written alone, so the store can tell which it already holds.
  let holdUntil = resume?.pendingEnd;
  const threads = Math.max(1, o.threads);
  const roundBytes = o.roundBytes ?? threads * (16 << 20);

  const fd = openSync(o.path, "r");
  const header = o.format === "zeek" ? headerOf(fd, size) : "";
  // A round: ranges cut at line ends.
  const plan = (from: number): { tasks: RangeTask[]; end: number } => {
    let end = lineEndAfter(fd, Math.min(from + roundBytes, size), size);
    if (holdUntil !== undefined && from < holdUntil) end = Math.min(end, holdUntil);
    // Two ranges a thread: one that finishes early takes the next instead of waiting.
    const step = Math.ceil((end - from) / (threads * 2));
    const tasks: RangeTask[] = [];
    for (let s = from; s < end;) {
      const e = Math.min(end, lineEndAfter(fd, s + step, size));
      tasks.push({
        path: o.path,
        format: o.format,
        start: s,
        end: e,
        header,
        ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
        ...(o.read ? { read: o.read.shared } : {}),
      });
      s = e;
    }
    return { tasks, end };
  };

  const flushRows = o.flushRows ?? 250_000;
  let merged = new Map<string, Observation>();
  /** Where a checkpoint may go: the end of the last round not made only of rejected lines. */
  let safeEnd = resume?.offset ?? 0;
  let checkpointed = safeEnd;
  o.read?.add(safeEnd);
  const flush = async (): Promise<void> => {
    const rows = [...merged.values()];
    merged = new Map();
    if (rows.length === 0 && safeEnd === checkpointed) return;
    if (rows.length > 0) await o.onRows?.(rows);
    await o.store.writeObservations(
      rows,
      o.checkpointKey !== undefined ? { input: o.checkpointKey, offset: safeEnd } : undefined,
    );
    checkpointed = safeEnd;
    if (o.checkpointKey !== undefined) stats.storedTo = safeEnd;
    stats.rowsWritten += rows.length;
    stats.batches++;
    o.onBatch?.(stats);
  };
  const pool = new Pool(Array.from({ length: threads }, startRangeWorker));
  try {
    // Two rounds in flight: the threads parse ahead while this thread merges and writes.
    let next = resume?.offset ?? 0;
    const inFlight: Array<{ end: number; results: Promise<RangeResult[]> }> = [];
    const dispatch = (): void => {
      if (next >= size) return;
      const round = plan(next);
      next = round.end;
      const results = Promise.all(round.tasks.map((t) => pool.run(t)));
      // Keep a failure from going unhandled while an earlier round is written.
      results.catch(() => undefined);
      inFlight.push({ end: round.end, results });
    };
    dispatch();
    dispatch();
    while (inFlight.length > 0) {
      const current = inFlight.shift()!;
      const results = o.signal
        ? await unlessInterrupted(current.results, o.signal)
        : await current.results;
      if (results === INTERRUPTED) {
        // Ctrl-C: the rounds merged so far are written with their checkpoint, the ones
        // being parsed are dropped (the threads are stopped below), unless this run
        // is still giving again a batch an earlier one was killed inside.
        stats.interrupted = true;
        if (holdUntil === undefined) await flush();
        break;
      }
      const done = current.end;
      dispatch();
      let roundObservations = 0;
      const skippedBefore = skipped.total;
      for (const r of results) {
        stats.items += r.items;
        stats.observations += r.observations;
        roundObservations += r.observations;
        for (const [reason, n] of r.skipped)
          if (r.damage.includes(reason)) skipped.damaged(reason, undefined, n);
          else skipped.add(reason, undefined, n);
        for (const ex of r.examples) if (skipped.examples.length < 5) skipped.examples.push(ex);
        mergePacked(r.rows, merged);
      }
      // A round whose lines were all rejected (the wrong format, say) moves no
      // checkpoint: a run with the right reader must still find them.
      if (roundObservations > 0 || skipped.total === skippedBefore) safeEnd = done;
      // Rows wait across rounds until there are enough: a name seen in every round
      // is written once per flush, not once per round. The checkpoint moves with them.
      const last = inFlight.length === 0;
      if (holdUntil !== undefined) {
        if (done < holdUntil && !last) continue;
        holdUntil = undefined;
        await flush();
      } else if (merged.size >= flushRows || last) await flush();
    }
  } finally {
    closeSync(fd);
    await pool.close();
  }
  return stats;
}
