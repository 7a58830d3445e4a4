import { AbortRace, INTERRUPTED } from "../util/abort.js";
import { DnsightError } from "../errors.js";
import type { ObservationInput, Observation } from "../model/observation.js";
import { mergeInto, observationKey } from "../store/merge.js";
import { normaliseObservation } from "../store/observation.js";
import type { ObservationStore } from "../store/types.js";
import { lineAt } from "./sources/lines.js";
import { MessageObservations, type ObservationTemplate } from "./message-observations.js";
import { SkipCounter, type RecordItem, type Source, type SourceItem } from "./source.js";

// One ingest: a Source's items become observations, merged in memory (a busy name
// seen ten thousand times is one row) and written in batches. With a checkpoint
// key, each batch is written together with the position it reaches, in one
// transaction; a run that is killed and started again skips what its checkpoint
// covers, so the store ends as after one clean run: nothing lost, nothing twice.

export interface IngestOptions {
  store: Pick<ObservationStore, "writeObservations" | "readCheckpoint">;
  /** A format reader and its bytes... */
  source?: Source;
  input?: AsyncIterable<Uint8Array>;
  /** ...or items straight from a live collector (a dnstap listener). */
  items?: AsyncIterable<SourceItem | readonly SourceItem[]>;
  /** The input's name in messages ("capture.pcap", "-"). */
  name: string;
  /** Names the input for checkpoints (path, size and mtime); none for stdin or a listener. */
  checkpointKey?: string;
  sensorId?: string;
  /** Write when this many distinct rows wait (default 20000). */
  batchRows?: number;
  /** ...or this long after the first waiting row (default 2000 ms; a live listener's latency). */
  maxDelayMs?: number;
  skipped?: SkipCounter;
  /** Called after each write, for progress output. */
  onBatch?: (stats: IngestStats) => void;
  /**
   * Called with each batch's rows before they are written, and awaited: an analytic
   * that reads the store then sees it as it was before them. Every row written reaches
   * it once; a failure fails the ingest like a failed write (nothing more is written).
   */
  onRows?: (rows: readonly Observation[]) => Promise<void> | void;
  /** Called once with the figures as they grow, for a progress bar. */
  onStart?: (stats: Readonly<IngestStats>) => void;
  /**
   * Stops the ingest (Ctrl-C): no more is read, and what was taken so far is
   * written with its checkpoint, so a run again continues right after it.
   */
  signal?: AbortSignal;
}

export interface IngestStats {
  /** Items (messages or records) the source produced. */
  items: number;
  /** Items skipped because an earlier run's checkpoint covers them. */
  resumedItems: number;
  /** Observations made (before merging). */
  observations: number;
  /** Rows written (after merging within batches). */
  rowsWritten: number;
  batches: number;
  /** The checkpoint the run started from, if any. */
  resumedFrom?: number;
  /** The checkpoint this run wrote last: every item up to this offset is stored. */
  storedTo?: number;
  /** True when `signal` stopped the run before the input's end. */
  interrupted?: boolean;
  /**
   * When (epoch ms) the oldest observation taken but not yet written was taken: the
   * buffer's first, or the first of a batch still being written. Absent when all is
   * written. A live input's lag (a sensor's: written means JetStream has it).
   */
  heldSince?: number;
  skipped: SkipCounter;
}

export async function ingest(o: IngestOptions): Promise<IngestStats> {
  const skipped = o.skipped ?? new SkipCounter();
  const stats: IngestStats = {
    items: 0,
    resumedItems: 0,
    observations: 0,
    rowsWritten: 0,
    batches: 0,
    skipped,
  };
  o.onStart?.(stats);
  const batchRows = o.batchRows ?? 20_000;
  const maxDelayMs = o.maxDelayMs ?? 2000;
  const resume = o.checkpointKey ? await o.store.readCheckpoint(o.checkpointKey) : undefined;
  if (resume) stats.resumedFrom = resume.offset;
  // A batch the last run was killed while committing ends here: it is given again
  // exactly (no cut before this offset, one right after), so the store can tell
  // which of its rows it already holds.
  let holdUntil = resume?.pendingEnd;

  let buffer = new Map<string, Observation>();
  let batchStarted = 0;
  /** Offset of the last item whose observations are all in the buffer. */
  let reached: number | undefined;

  // A batch is cut (its rows and checkpoint taken) at once and written behind the
  // loop: writes run one after another, and the loop waits only for the write before
  // the one it just started, so at most two batches are held. After a failed write
  // nothing more is written: a later checkpoint would cover the lost rows.
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  /** When each batch cut and not yet written began (its first row's take), oldest first. */
  const cutStarts: number[] = [];
  const updateHeldSince = (): void => {
    const since = cutStarts[0] ?? (buffer.size > 0 ? batchStarted : undefined);
    if (since === undefined) delete stats.heldSince;
    else stats.heldSince = since;
  };
  /** Items skipped (rejected) when the last batch was cut. */
  let skippedAtCut = skipped.total;
  const flush = (): Promise<void> => {
    if (holdUntil !== undefined && reached !== undefined && reached >= holdUntil)
      holdUntil = undefined;
    const rows = [...buffer.values()];
    buffer = new Map();
    // A stretch where every item was rejected (the wrong format, say) moves no
    // checkpoint: a run with the right reader must still find those lines.
    const allRejected = rows.length === 0 && skipped.total > skippedAtCut;
    skippedAtCut = skipped.total;
    const checkpoint =
      o.checkpointKey !== undefined && reached !== undefined && !allRejected
        ? { input: o.checkpointKey, offset: reached }
        : undefined;
    if (rows.length === 0 && checkpoint === undefined) return writing;
    if (rows.length > 0) cutStarts.push(batchStarted);
    writing = writing.then(async () => {
      if (writeError !== undefined) return;
      try {
        if (rows.length > 0) await o.onRows?.(rows);
        await o.store.writeObservations(rows, checkpoint);
      } catch (e) {
        writeError ??= e;
        return;
      }
      if (rows.length > 0) cutStarts.shift();
      updateHeldSince();
      stats.rowsWritten += rows.length;
      stats.batches++;
      if (checkpoint) stats.storedTo = checkpoint.offset;
      o.onBatch?.(stats);
    });
    return writing;
  };

  // The buffer owns its rows (fresh from normaliseObservation), so merges happen in place.
  const add = (obs: Observation): void => {
    const key = observationKey(obs);
    const prev = buffer.get(key);
    if (prev === undefined) buffer.set(key, obs);
    else mergeInto(prev, obs);
  };
  // A response's rows come as templates with their keys: one sighting at `time`.
  const messages = new MessageObservations({
    name: o.name,
    ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
  });
  const addSighting = (t: ObservationTemplate, time: number): void => {
    const prev = buffer.get(t.key);
    if (prev === undefined) buffer.set(t.key, { ...t.row, timeFirst: time, timeLast: time });
    else {
      if (time < prev.timeFirst) prev.timeFirst = time;
      if (time > prev.timeLast) prev.timeLast = time;
      prev.count++;
    }
  };

  /** Set by run(): takes the items held for their offset once the input has gone quiet. */
  let takeQuietGroup: (() => void) | undefined;
  // A quiet live input (a listener between bursts, a capture tcpdump writes) still gets
  // its rows written, the last record's included.
  const timer = setInterval(
    () => {
      takeQuietGroup?.();
      if (holdUntil === undefined && buffer.size > 0 && Date.now() - batchStarted >= maxDelayMs)
        void flush();
    },
    Math.max(50, Math.min(maxDelayMs, 1000)),
  );
  let readError: unknown;
  try {
    readError = await run();
  } finally {
    clearInterval(timer);
    await writing; // never rejects: a failure is kept in writeError
  }
  // Input that breaks off (a broken container, a failing disk) still has what was read
  // before it stored, with its checkpoint: a run again resumes there and stops again.
  // So does an interrupted run, unless it stopped inside the batch an earlier run was
  // killed while committing: that batch must be given again whole, so the next run does.
  const unfinishedBatch = holdUntil !== undefined && (reached === undefined || reached < holdUntil);
  if (!(stats.interrupted && unfinishedBatch)) await flush();
  if (writeError !== undefined) throw writeError;
  if (readError !== undefined) throw readError;
  return stats;

  /** Reads the source to its end; returns (not throws) the source's own failure. */
  async function run(): Promise<unknown> {
    const items =
      o.items ??
      (o.source && o.input
        ? o.source(o.input, {
            name: o.name,
            skipped,
            ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
          })
        : undefined);
    if (!items) throw new DnsightError("INTERNAL", "ingest needs a source and its input, or items");
    const it = items[Symbol.asyncIterator]();
    type Next = IteratorResult<SourceItem | readonly SourceItem[]>;
    // With a signal, the items of one offset (a line, a packet) are held until the
    // next offset begins, then taken together: Ctrl-C may come between two of them,
    // and a checkpoint must never cover half a line.
    const group: SourceItem[] = [];
    const sameOffset = (item: SourceItem): boolean =>
      group.length === 0 || item.position.offset === group[0]!.position.offset;
    const takeNow = (): void => {
      if (writeError !== undefined) throw writeError;
      for (const item of group) take(item);
      group.length = 0;
    };
    /** Takes the group, after writing the batch before it when one is due (only then async). */
    const takeGroup = (): Promise<void> | undefined => {
      if (group.length === 0 || !dueBefore(group[0]!)) {
        takeNow();
        return undefined;
      }
      const before = writing;
      void flush();
      return before.then(takeNow);
    };
    // A read that waits (a quiet pipe) is stopped at once by Ctrl-C.
    const aborted = new AbortRace(o.signal);
    /**
     * While the loop waits for the source, the source needs more input: the items of
     * the offset it gave last are all in the group (a source gives a record's items
     * together, once the record is whole; completeGroup relies on the same). A quiet
     * input (a capture still being written) has its last record taken at the timer's
     * next tick, not when the next record comes. Only while parked: the loop alone changes the group.
     */
    let parked = false;
    /** Reads started, and their count at the timer's last tick: unchanged, parked since. */
    let reads = 0;
    let readsAtTick = -1;
    takeQuietGroup = () => {
      const quiet = parked && reads === readsAtTick;
      readsAtTick = reads;
      if (!quiet || group.length === 0 || writeError !== undefined) return;
      if (dueBefore(group[0]!)) void flush();
      takeNow();
    };
    /**
     * Ctrl-C came while the source was reading on. Items it has ready (the rest of a
     * line already read) come before the event loop turns, and join the group; one
     * that is not ready needs more input, so the group, a line read whole, is complete.
     */
    const completeGroup = async (p: Promise<Next>): Promise<void> => {
      while (group.length > 0) {
        const r = await Promise.race([
          p.catch((): typeof LATE => LATE),
          new Promise<typeof LATE>((resolve) => setImmediate(resolve, LATE)),
        ]);
        if (r === LATE || r.done) break;
        for (const item of asItems(r.value)) {
          if (!sameOffset(item)) return takeGroup();
          group.push(item);
        }
        p = it.next();
      }
      return takeGroup();
    };
    let open = true;
    try {
      for (;;) {
        const p = it.next();
        let next: Next | typeof INTERRUPTED;
        try {
          reads++;
          parked = true;
          next = await aborted.race(p);
          parked = false;
        } catch (e) {
          parked = false;
          open = false;
          await takeGroup(); // what was read before the failure is stored
          return e;
        }
        if (next === INTERRUPTED) {
          open = false;
          await completeGroup(p);
          stats.interrupted = true;
          // The read under way is left behind: the source ends after it.
          void it.return?.()?.catch(() => undefined);
          return undefined;
        }
        if (next.done) {
          open = false;
          await takeGroup();
          return undefined;
        }
        for (const item of asItems(next.value)) {
          if (!sameOffset(item)) {
            const cut = takeGroup();
            if (cut) await cut;
            if (o.signal?.aborted) {
              stats.interrupted = true;
              return undefined;
            }
          }
          group.push(item);
          if (o.signal) continue;
          const cut = takeGroup();
          if (cut) await cut;
        }
      }
    } finally {
      takeQuietGroup = undefined;
      aborted.dispose();
      // Stopped early (a failed write, Ctrl-C): let the source release its input.
      if (open) await it.return?.();
    }
  }

  /** True when a batch should be written before `item`: cut only between offsets, so every item of one line or packet lands in the same batch. */
  function dueBefore(item: SourceItem): boolean {
    const offset = item.position.offset;
    if (reached === undefined || offset === reached || (resume && offset <= resume.offset))
      return false;
    if (holdUntil !== undefined) return reached >= holdUntil;
    return buffer.size >= batchRows || (buffer.size > 0 && Date.now() - batchStarted >= maxDelayMs);
  }

  function take(item: SourceItem): void {
    stats.items++;
    const offset = item.position.offset;
    if (resume && offset <= resume.offset) {
      stats.resumedItems++;
      return;
    }
    if (buffer.size === 0) batchStarted = Date.now();
    if (item.kind === "message") {
      const time = Math.floor(item.time);
      for (const t of messages.of(item, skipped)) {
        stats.observations++;
        addSighting(t, time);
      }
    } else {
      const obs = recordObservation(item, o, skipped);
      if (obs) {
        stats.observations++;
        add(obs);
      }
    }
    reached = offset;
    if (stats.heldSince === undefined && buffer.size > 0) stats.heldSince = batchStarted;
  }
}

const LATE: unique symbol = Symbol("late");

const asItems = (run: SourceItem | readonly SourceItem[]): readonly SourceItem[] =>
  Array.isArray(run) ? (run as readonly SourceItem[]) : [run as SourceItem];

function recordObservation(
  item: RecordItem,
  o: IngestOptions,
  skipped: SkipCounter,
): Observation | undefined {
  const { line, start, offset } = item.position;
  const where = (): string =>
    line !== undefined && start !== undefined
      ? lineAt(o.name, { number: line, start })
      : `${o.name}${line !== undefined ? `:${line}` : ` at byte ${offset}`}`;
  const r = item.record as ObservationInput;
  r.source ??= "passive";
  return normalised(r, where, skipped);
}

/** The observation, or undefined after counting why it was left out. */
function normalised(
  input: ObservationInput,
  where: () => string,
  skipped: SkipCounter,
): Observation | undefined {
  try {
    return normaliseObservation(input, "record");
  } catch (e) {
    if (!(e instanceof DnsightError)) throw e;
    const at = where();
    skipped.add(e.message.replace(/^record: /, ""), at);
    return undefined;
  }
}
