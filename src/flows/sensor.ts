// A sensor as one library call: what `ingest` reads (a dnstap socket, a capture or
// Zeek log, a stream on standard input), merged for a few seconds in memory and
// published to JetStream as observation batches instead of being stored. A file is
// followed as it grows (a log being written, a capture tcpdump is still writing)
// until the signal; a rotated file is read to its end and the new one taken up.
// A full stream or an absent server makes the publish wait, and so the reading.
import type { NatsConnection } from "@nats-io/transport-node";
import { DnsightError } from "../errors.js";
import { BatchPublisher } from "../fleet/publisher.js";
import { PublishingStore, type CheckpointStore } from "../fleet/publishing-store.js";
import { ensureStream, type StreamOptions } from "../fleet/stream.js";
import { ingest, type IngestStats } from "../passive/ingest.js";
import { SkipCounter } from "../passive/source.js";
import { listenDnstap } from "../passive/sources/dnstap/listener.js";
import { listenerItems } from "../passive/sources/dnstap/source.js";
import { followFile } from "../util/follow-file.js";
import { sourceFor } from "./ingest-formats.js";
import { realpathSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export type SensorFormat = "pcap" | "dnstap" | "zeek";
export const SENSOR_FORMATS: readonly SensorFormat[] = ["pcap", "dnstap", "zeek"];

export interface SensorRequest extends StreamOptions {
  format: SensorFormat;
  /** A file (followed), "-" (standard input, given as `bytes`), or for dnstap unix:PATH / tcp:HOST:PORT. */
  source: string;
  bytes?: AsyncIterable<unknown>;
  nc: NatsConnection;
  sensor: string;
  /** Where a file's checkpoints are kept (the sensor's own small store). */
  checkpoints?: CheckpointStore;
  /** Seconds rows are merged in memory before they are published (default 2). */
  flushSeconds?: number;
  /** Distinct rows that publish a batch at once (default 20000). */
  batchRows?: number;
  ports?: readonly number[];
  /** Stops reading: what was read is published first. A file is followed until then. */
  signal: AbortSignal;
  onListening?: (address: string) => void;
  /** The figures, live, as soon as the sensor starts (for /metrics). */
  onStart?: (stats: SensorStats) => void;
  onBatch?: (stats: SensorStats) => void;
  onRetry?: (why: string) => void;
  onError?: (e: Error) => void;
}

export interface SensorStats {
  /** Items read (messages of a capture, lines of a log). */
  items: number;
  /** Observations made before merging. */
  observations: number;
  published: BatchPublisher["counters"];
  skipped: SkipCounter;
  /** dnstap: connections the listener closed for a limit, by reason. */
  connectionsClosed: ReadonlyMap<string, number>;
  /**
   * Seconds the oldest observation read and not yet in the stream has waited (merging,
   * then publishing): 0 when the stream has all. Grows while the stream holds back.
   */
  lagSeconds(): number;
}

const isListen = (s: string): boolean => /^(unix|tcp):/.test(s);

export async function runSensor(r: SensorRequest): Promise<SensorStats> {
  await ensureStream(r.nc, r);
  const publisher = new BatchPublisher(r.nc, {
    sensor: r.sensor,
    ...(r.onRetry ? { onRetry: r.onRetry } : {}),
  });
  const skipped = new SkipCounter();
  /** The figures of the input being read, live. */
  let reading: Readonly<IngestStats> | undefined;
  const stats: SensorStats = {
    items: 0,
    observations: 0,
    published: publisher.counters,
    skipped,
    connectionsClosed: new Map(),
    lagSeconds: () => {
      const since = reading?.heldSince;
      return since === undefined ? 0 : Math.max(0, Date.now() - since) / 1000;
    },
  };
  r.onStart?.(stats);
  // Figures of inputs done (a rotated file), and of the one being read.
  const done = { items: 0, observations: 0 };
  const add = (s: IngestStats): void => {
    done.items += s.items;
    done.observations += s.observations;
    stats.items = done.items;
    stats.observations = done.observations;
  };
  const common = {
    skipped,
    sensorId: r.sensor,
    batchRows: r.batchRows ?? 20_000,
    maxDelayMs: (r.flushSeconds ?? 2) * 1000,
    onStart: (s: Readonly<IngestStats>) => void (reading = s),
    onBatch: (s: IngestStats) => {
      stats.items = done.items + s.items;
      stats.observations = done.observations + s.observations;
      r.onBatch?.(stats);
    },
  };
  try {
    if (r.format === "dnstap" && isListen(r.source)) {
      add(await listen(r, publisher, common, stats));
    } else if (r.source === "-" || r.bytes) {
      add(
        await ingest({
          ...common,
          store: new PublishingStore(publisher, r.sensor),
          name: r.source,
          source: sourceFor(r.format, r.ports, new Map()),
          input: r.bytes! as AsyncIterable<Uint8Array>,
          signal: r.signal,
        }),
      );
    } else {
      // A file, followed; when it is rotated, the new one is a new input.
      // ingest reads from the start and skips what the checkpoint covers, so offsets stay the file's.
      // A failed publish or checkpoint ends the ingest, but only once its input ends:
      // a followed file never does, so the failure stops the reading.
      const failed = new AbortController();
      for (let first = true; !r.signal.aborted && !failed.signal.aborted; first = false) {
        const key = await fileKey(r.source, r.signal, first);
        if (key === undefined) break;
        add(
          await ingest({
            ...common,
            store: stopsReading(new PublishingStore(publisher, r.sensor, r.checkpoints), failed),
            name: r.source,
            checkpointKey: `sensor:${r.format}:${key}`,
            source: sourceFor(r.format, r.ports, new Map()),
            input: followFile(r.source, { signal: AbortSignal.any([r.signal, failed.signal]) }),
            signal: r.signal,
          }),
        );
      }
    }
    await publisher.flush();
  } finally {
    publisher.close();
  }
  return stats;
}

async function listen(
  r: SensorRequest,
  publisher: BatchPublisher,
  common: Omit<Parameters<typeof ingest>[0], "store" | "name">,
  stats: SensorStats,
): Promise<IngestStats> {
  const listener = await listenDnstap(r.source, {
    skipped: common.skipped!,
    ...(r.onError ? { onError: r.onError } : {}),
  });
  stats.connectionsClosed = listener.dropped;
  r.onListening?.(listener.address);
  const stop = (): void => void listener.close();
  if (r.signal.aborted) stop();
  else r.signal.addEventListener("abort", stop, { once: true });
  try {
    return await ingest({
      ...common,
      store: new PublishingStore(publisher, r.sensor),
      name: listener.address,
      items: listenerItems(listener.records),
    });
  } finally {
    r.signal.removeEventListener("abort", stop);
    await listener.close();
  }
}

/**
 * The file, however it is named: its real path and inode (a rotated log is a new file).
 * Between a rotation's rename and the new file, the path is missing for a moment:
 * waited for, for as long as the signal allows; a file never there fails at once.
 */
async function fileKey(
  path: string,
  signal: AbortSignal,
  first: boolean,
): Promise<string | undefined> {
  for (;;) {
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new DnsightError("INPUT", `${path} is not a file`);
      return `${realpathSync(path)}:${st.dev}:${st.ino}`;
    } catch (e) {
      if (e instanceof DnsightError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (first || code !== "ENOENT")
        throw new DnsightError("INPUT", `cannot read ${path}: ${code ?? (e as Error).message}`);
      if (signal.aborted) return undefined;
      await sleep(100, undefined, { signal }).catch(() => {});
    }
  }
}

/** The store, aborting `failed` when a write fails. */
function stopsReading(store: CheckpointStore, failed: AbortController): CheckpointStore {
  return {
    readCheckpoint: (input) => store.readCheckpoint(input),
    async writeObservations(rows, cp) {
      try {
        await store.writeObservations(rows, cp);
      } catch (e) {
        failed.abort();
        throw e;
      }
    },
  };
}
