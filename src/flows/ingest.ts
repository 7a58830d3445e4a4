import { createReadStream, realpathSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { DnsightError } from "../errors.js";
import type { Alert } from "../model/alert.js";
import { ingest, type IngestStats } from "../passive/ingest.js";
import { ingestLinesParallel } from "../passive/parallel-ingest.js";
import { SkipCounter } from "../passive/source.js";
import type { Store } from "../store/types.js";
import { ByteCount, counted } from "../util/byte-count.js";
import { ingestDetection, NO_DETECTION } from "./ingest-detect.js";
import { isLineFormat, sourceFor, type IngestFormat } from "./ingest-formats.js";
import {
  mdnsNotRead,
  portHint,
  wrongFormat,
  type IngestNote,
  type Unread,
  type WrongFormat,
} from "./ingest-notes.js";

// One library call for an ingest of a file or a stream, whoever asks (the CLI, the
// API, a script): it picks the reader and the threads, resumes a file from its
// checkpoint, runs the analytics on what it writes, stops cleanly on a signal, and
// reports progress through a callback. The caller draws bars and prints.

/** Distinct rows per batch when reading a file (a live input keeps ingest's 20,000). */
const FILE_BATCH_ROWS = 100_000;
/** Files from this size get a writer thread. */
const WRITE_THREAD_MIN_BYTES = 16 << 20;
/**
 * With a writer thread, a file's batch is cut after this long too, so the writer works
 * beside the reader instead of after it (the reader waits only when two batches are out).
 */
const WRITER_BATCH_MS = 1000;
/** How often onProgress hears of a running ingest. */
const PROGRESS_MS = 200;

export interface IngestProgress {
  bytesRead: number;
  /** The file's size (undefined for a stream). */
  totalBytes?: number;
  /** Lines of a log, messages of a capture. */
  rows: number;
}

export interface IngestRequest {
  format: IngestFormat;
  store: Store;
  /** A file: checkpointed, so the same request again carries on where the store stopped... */
  path?: string;
  /** ...or bytes from a stream (standard input), which keeps no checkpoint. */
  stream?: AsyncIterable<unknown>;
  /** The input in messages and alerts (default: the path, or "-"). */
  name?: string;
  sensor?: string;
  /** pcap: the ports read as DNS (default 53). */
  ports?: readonly number[];
  /** Parser threads for a log file (default: the CPUs, at most 4). */
  threads?: number;
  /** With threads: bytes read per round. */
  roundBytes?: number;
  /** Distinct rows merged in memory per write and checkpoint. */
  batchRows?: number;
  /** Read the whole file again, ignoring (and keeping no) checkpoint. */
  restart?: boolean;
  /** Run the analytics on what is written (default true); `dataDir` holds the IP tables. */
  detect?: boolean;
  dataDir?: string;
  /** A large file's rows go through the store's own writer (`openWriter`), when it has one. */
  writeThread?: boolean;
  /** Stops the ingest: what was read is stored with its checkpoint (stats.interrupted). */
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestOutcome {
  stats: IngestStats;
  /** Alerts raised by the analytics (new or re-opened). */
  alerts: Alert[];
  /** Things to tell the user: multicast DNS not read, DNS probably on another port. */
  notes: IngestNote[];
  /** Set when every line was rejected: why, and the format the file looks like. */
  wrongFormat?: WrongFormat;
  bytesRead: number;
}

export async function ingestInput(r: IngestRequest): Promise<IngestOutcome> {
  const path = r.path;
  if (path === undefined && r.stream === undefined)
    throw new DnsightError("USAGE", "an ingest needs a path or a stream");
  const name = r.name ?? path ?? "-";
  if (path !== undefined) checkReadable(path); // a missing file fails here, by name
  const format = r.format;
  const skipped = new SkipCounter();
  const unread: Unread = { otherPorts: new Map(), ports: r.ports };
  const detection =
    r.detect === false ? NO_DETECTION : await ingestDetection(r.store, name, r.dataDir);
  const read = new ByteCount();
  const totalBytes = path !== undefined ? statSync(path).size : undefined;
  let live: Readonly<IngestStats> | undefined;
  const lines = isLineFormat(format);
  const report = (): void =>
    r.onProgress?.({
      bytesRead: read.bytes,
      ...(totalBytes !== undefined ? { totalBytes } : {}),
      rows: lines ? read.lines : (live?.items ?? 0),
    });
  const timer = r.onProgress ? setInterval(report, PROGRESS_MS) : undefined;
  timer?.unref();
  const checkpointKey =
    path === undefined || r.restart === true
      ? undefined
      : await checkpointKeyFor(r.store, format, r.sensor, path);
  const common = {
    store: r.store,
    skipped,
    ...(detection.onRows ? { onRows: detection.onRows } : {}),
    ...(r.sensor !== undefined ? { sensorId: r.sensor } : {}),
    ...(r.batchRows !== undefined ? { batchRows: r.batchRows } : {}),
    ...(checkpointKey !== undefined ? { checkpointKey } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
  };
  const threads = r.threads ?? Math.min(4, availableParallelism());
  let stats: IngestStats;
  try {
    if (path !== undefined && lines && threads > 1) {
      stats = await ingestLinesParallel({
        ...common,
        path,
        format,
        threads,
        ...(r.roundBytes !== undefined ? { roundBytes: r.roundBytes } : {}),
        ...(r.batchRows !== undefined ? { flushRows: r.batchRows } : {}),
        read,
      });
    } else {
      // A large file's rows go in apart from this thread (SQLite: a thread of its own)
      // while this one parses; for a small input, starting it costs more than it saves.
      const writer =
        r.writeThread === true && totalBytes !== undefined && totalBytes >= WRITE_THREAD_MIN_BYTES
          ? await r.store.openWriter?.()
          : undefined;
      try {
        const bytes =
          path !== undefined ? createReadStream(path, { highWaterMark: 1 << 20 }) : r.stream!;
        stats = await ingest({
          ...common,
          ...(writer ? { store: writer } : {}),
          name,
          source: sourceFor(format, r.ports, unread.otherPorts),
          input: counted(bytes, read),
          // A file is read as fast as the disk gives it: fewer, larger batches
          // (a busy name is one row, not one per batch); a stream may be a live capture.
          ...(path !== undefined
            ? {
                batchRows: r.batchRows ?? FILE_BATCH_ROWS,
                maxDelayMs: writer ? WRITER_BATCH_MS : 30_000,
              }
            : {}),
          onStart: (s) => (live = s),
        });
      } finally {
        await writer?.close();
      }
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  report();
  const notes: IngestNote[] = [];
  let wrong: WrongFormat | undefined;
  if (stats.interrupted !== true) {
    const mdns = format === "pcap" ? mdnsNotRead(unread, stats) : undefined;
    if (mdns !== undefined) notes.push(mdns);
    const hint = portHint(format, name, stats, unread);
    if (hint !== undefined) notes.push(hint);
    wrong = wrongFormat(format, name, path, stats);
  }
  // What was stored is checked for alerts as after a whole run, interrupted or not.
  const alerts = wrong === undefined ? await detection.raise() : [];
  return {
    stats,
    alerts,
    notes,
    ...(wrong !== undefined ? { wrongFormat: wrong } : {}),
    bytesRead: read.bytes,
  };
}

function checkReadable(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new DnsightError("INPUT", `${path} is not a file`);
  } catch (e) {
    if (e instanceof DnsightError) throw e;
    throw new DnsightError(
      "INPUT",
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/**
 * The checkpoint of this file read as this format for this sensor: the same file
 * read as another format, or for another sensor, is another ingest. A checkpoint an
 * older dnsight kept under the file alone is taken over once.
 */
async function checkpointKeyFor(
  store: Store,
  format: IngestFormat,
  sensorId: string | undefined,
  path: string,
): Promise<string> {
  const file = fileKey(path);
  const key = `${format}:${sensorId ?? ""}:${file}`;
  if ((await store.readCheckpoint(key)) === undefined) {
    const legacy = await store.readCheckpoint(file);
    if (legacy !== undefined)
      await store.writeObservations([], { input: key, offset: legacy.offset });
  }
  return key;
}

/** The same file, however it is named: its real path and inode (a rotated log is a new file). */
function fileKey(path: string): string {
  const st = statSync(path);
  return `file:${realpathSync(path)}:${st.dev}:${st.ino}`;
}
