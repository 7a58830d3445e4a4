import { DnsightError } from "../errors.js";
import { mergeInto, observationKey } from "../store/merge.js";
import { normaliseObservation, type ObservationInput } from "../store/observation.js";
import type { Observation, ObservationStore } from "../store/types.js";
import { observationsFromMessage } from "./aggregate.js";
import { SkipCounter, type Source, type SourceItem } from "./source.js";

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
  items?: AsyncIterable<SourceItem>;
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
  const batchRows = o.batchRows ?? 20_000;
  const maxDelayMs = o.maxDelayMs ?? 2000;
  const resume = o.checkpointKey ? await o.store.readCheckpoint(o.checkpointKey) : undefined;
  if (resume) stats.resumedFrom = resume.offset;

  let buffer = new Map<string, Observation>();
  let batchStarted = 0;
  /** Offset of the last item whose observations are all in the buffer. */
  let reached: number | undefined;

  // Writes run one after another (a timer may ask while the loop waits for input).
  let writing: Promise<void> = Promise.resolve();
  let timerError: unknown;
  const flush = (): Promise<void> => (writing = writing.then(write));
  const write = async (): Promise<void> => {
    const rows = [...buffer.values()];
    buffer = new Map();
    const checkpoint =
      o.checkpointKey !== undefined && reached !== undefined
        ? { input: o.checkpointKey, offset: reached }
        : undefined;
    if (rows.length === 0 && checkpoint === undefined) return;
    await o.store.writeObservations(rows, checkpoint);
    stats.rowsWritten += rows.length;
    stats.batches++;
    o.onBatch?.(stats);
  };

  // The buffer owns its rows (fresh from normaliseObservation), so merges happen in place.
  const add = (obs: Observation): void => {
    const key = observationKey(obs);
    const prev = buffer.get(key);
    if (prev === undefined) buffer.set(key, obs);
    else mergeInto(prev, obs);
  };

  // A quiet live input (a listener between bursts) still gets its rows written.
  const timer = setInterval(
    () => {
      if (buffer.size > 0 && Date.now() - batchStarted >= maxDelayMs)
        flush().catch((e: unknown) => (timerError ??= e));
    },
    Math.max(50, Math.min(maxDelayMs, 1000)),
  );
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  await flush();
  if (timerError !== undefined) throw timerError;
  return stats;

  async function run(): Promise<void> {
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
    for await (const item of items) {
      stats.items++;
      const offset = item.position.offset;
      if (resume && offset <= resume.offset) {
        stats.resumedItems++;
        continue;
      }
      // Cut only between offsets: every item of one line or packet lands in the same batch.
      if (reached !== undefined && offset !== reached) {
        const due =
          buffer.size >= batchRows || (buffer.size > 0 && Date.now() - batchStarted >= maxDelayMs);
        if (due) await flush();
      }
      if (buffer.size === 0) batchStarted = Date.now();
      for (const obs of toObservations(item, o, skipped)) {
        stats.observations++;
        add(obs);
      }
      reached = offset;
      if (timerError !== undefined) throw timerError;
    }
  }
}

function toObservations(item: SourceItem, o: IngestOptions, skipped: SkipCounter): Observation[] {
  const where = (): string =>
    `${o.name}${item.position.line !== undefined ? `:${item.position.line}` : ` at byte ${item.position.offset}`}`;
  if (item.kind === "record") {
    const r = item.record as ObservationInput;
    r.source ??= "passive";
    const one = normalised(r, where, skipped);
    return one ? [one] : [];
  }
  const out: Observation[] = [];
  const inputs = observationsFromMessage(item, {
    name: o.name,
    skipped,
    ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
  });
  for (const input of inputs) {
    const one = normalised(input, where, skipped);
    if (one) out.push(one);
  }
  return out;
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
