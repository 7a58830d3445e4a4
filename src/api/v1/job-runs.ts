import type { InputLine, NameSource } from "../../bulk/input.js";
import { runBulk } from "../../bulk/run.js";
import type { Endpoint } from "../../dns/client/endpoint.js";
import { DnsightError } from "../../errors.js";
import { ingestInput } from "../../flows/ingest.js";
import type { IngestFormat } from "../../flows/ingest-formats.js";
import { createObservationBatcher } from "../../store/batcher.js";
import type { Store } from "../../store/types.js";
import type { JobControl } from "../jobs.js";
import type { Upload } from "./upload-body.js";

// What a job runs: the library calls of `dnsight ingest FILE` and `dnsight resolve`,
// with the job's signal and progress in place of ^C and the progress bar.

/** An uploaded file read as `format` into the store, the analytics run on it. */
export async function ingestRun(
  store: Store,
  upload: Upload,
  format: IngestFormat,
  sensor: string | undefined,
  c: JobControl,
): Promise<Record<string, number>> {
  c.progress(0, upload.bytes);
  const o = await ingestInput({
    format,
    store,
    path: upload.path,
    // Messages name the upload, not the temp file it sits in.
    name: "the upload",
    ...(sensor !== undefined ? { sensor } : {}),
    // The temp file is read once: no checkpoint to leave behind.
    restart: true,
    detect: true,
    writeThread: true,
    // Log parsing in threads would take every core from the requests.
    threads: 1,
    signal: c.signal,
    onProgress: (p) => c.progress(p.bytesRead, p.totalBytes),
  });
  const w = o.wrongFormat;
  if (w !== undefined)
    throw new DnsightError(
      "INPUT",
      `the upload is not a ${w.format} log: all ${w.rejected} lines were rejected` +
        (w.looksLike !== undefined ? `; it looks like ${w.looksLike}` : ""),
    );
  return {
    bytes: o.bytesRead,
    items: o.stats.items,
    observations: o.stats.observations,
    rowsWritten: o.stats.rowsWritten,
    alerts: o.alerts.length,
  };
}

/** The names of a request, as the bulk resolver reads a file's lines. */
function namesSource(names: readonly string[]): NameSource {
  const total = names.reduce((n, s) => n + s.length + 1, 0);
  let read = 0;
  async function* batches(): AsyncGenerator<InputLine[]> {
    for (let i = 0; i < names.length; i += 1000) {
      const batch = names.slice(i, i + 1000).map((text, j) => ({ text, line: i + j + 1 }));
      for (const l of batch) read += l.text.length + 1;
      yield batch;
    }
  }
  async function* lines(): AsyncGenerator<InputLine> {
    for await (const b of batches()) yield* b;
  }
  return {
    batches: batches(),
    lines: lines(),
    bytesRead: () => read,
    totalBytes: total,
    label: "name",
  };
}

/** `dnsight resolve` over `names`: every answer stored, as the CLI stores them. */
export async function resolveRun(
  store: Store,
  servers: Endpoint[],
  names: readonly string[],
  types: string[],
  c: JobControl,
): Promise<Record<string, number>> {
  const batcher = createObservationBatcher(store, { maxItems: 2000, maxDelayMs: 500 });
  let observations = 0;
  let done = (): number => 0;
  const timer = setInterval(() => c.progress(Math.floor(done() / types.length), names.length), 200);
  timer.unref();
  c.progress(0, names.length);
  try {
    const s = await runBulk({
      source: namesSource(names),
      signal: c.signal,
      types,
      servers,
      concurrency: 1000,
      retries: 5,
      check: true,
      // The text is not kept (the answers go to the store): the cheaper form.
      format: "lines",
      // A thread of its own: the server's thread keeps answering requests.
      threads: 1,
      onStart: (p) => (done = p.done),
      onOutput: () => undefined,
      onObservations: (rows) => {
        observations += rows.length;
        for (const r of rows) batcher.add(r);
      },
    });
    c.progress(Math.floor(s.results / types.length), names.length);
    return {
      names: s.names,
      answered: s.results - s.lost,
      failed: s.lost,
      observations,
    };
  } finally {
    clearInterval(timer);
    // What was answered is stored, cancelled or not.
    await batcher.close();
  }
}
