import { endpointText, type Endpoint } from "../dns/client/endpoint.js";
import { toQueryName } from "../dns/input-name.js";
import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { BulkEngine } from "./engine.js";
import type { InputLine, NameSource } from "./input.js";
import { ResolvePipeline, type PipelineBatch, type PipelineStats } from "./pipeline.js";
import type { ResultFormat } from "./present.js";
import { vetUpstreams, type UpstreamVerdict } from "./sanity.js";
import { WorkerPipeline } from "./threaded.js";
import { Upstream } from "./upstream.js";

// A whole `resolve` run: read the first names, vet the upstreams on them, then
// stream every name through a pipeline — in a worker thread by default, so the
// main thread only reads input, writes output and feeds the store.

export interface BulkRunOptions {
  source: NameSource;
  types: string[];
  servers: Endpoint[];
  concurrency: number;
  retries: number;
  qps?: number | undefined;
  dnssec?: boolean;
  wildcardFilter?: boolean;
  check?: boolean;
  format: ResultFormat;
  /** Resolver threads; 0 runs the pipeline in the calling thread. */
  threads: number;
  /** Receives formatted results; a returned promise holds the run until it settles. */
  onOutput: (text: string) => void | Promise<void>;
  /** Receives observations for the store; when absent none are made. */
  onObservations?: (rows: Observation[]) => void;
  /** Told about each input line that is not a valid name (the run goes on). */
  onInvalid?: (message: string) => void;
  /** Aborted: stop reading, drop what is in flight, and return what was done. */
  signal?: AbortSignal;
  /** Names already done (a resumed run): true skips the name. Gets the absolute query name. */
  skip?: (qname: string) => boolean;
  onStart?: (p: {
    done: () => number;
    errors: () => number;
    fraction: () => number | undefined;
  }) => void;
}

export interface BulkSummary extends Omit<PipelineStats, "upstreams"> {
  names: number;
  results: number;
  byStatus: Record<string, number>;
  /** Results with no answer from any upstream (TIMEOUT, ERROR). */
  lost: number;
  invalidNames: number;
  upstreams: (UpstreamVerdict & { sent: number; answered: number; timeouts: number })[];
  /** The whole run, from the first line read. */
  elapsedMs: number;
  /** From the first query of the run proper (after vetting and start-up) to the last answer. */
  resolveMs: number;
  /** Names left out because `skip` said they were done. */
  skipped: number;
  /** The run was stopped by its signal: the figures are what was done until then. */
  interrupted: boolean;
}

/** The first names, used to vet the upstreams before the run. */
const SAMPLE = 8;

interface Feed {
  submit(qname: string): void;
  hasRoom(): boolean;
  waitForRoom(): Promise<void>;
  finish(): Promise<PipelineStats>;
  abort(): Promise<void>;
}

export async function runBulk(o: BulkRunOptions): Promise<BulkSummary> {
  const started = performance.now();
  const byStatus: Record<string, number> = {};
  let names = 0;
  let invalidNames = 0;
  let lost = 0;
  let results = 0;
  let skipped = 0;

  const parse = (l: InputLine): string | undefined => {
    try {
      const q = toQueryName(l.text).qname;
      if (o.skip?.(q)) {
        skipped++;
        return undefined;
      }
      return q;
    } catch (e) {
      o.onInvalid?.(`${o.source.label} line ${l.line}: ${(e as Error).message}`);
      invalidNames++;
      byStatus.INVALID_NAME = (byStatus.INVALID_NAME ?? 0) + 1;
      return undefined;
    }
  };
  // The first names are held back to vet the upstreams on.
  const input = o.source.batches[Symbol.asyncIterator]();
  const head: string[] = [];
  let pending: InputLine[] = [];
  while (head.length < SAMPLE) {
    const n = await input.next();
    if (n.done) break;
    pending = n.value;
    while (pending.length > 0 && head.length < SAMPLE) {
      const q = parse(pending.shift()!);
      if (q !== undefined) head.push(q);
    }
  }

  // The resolver thread loads while the upstreams are vetted.
  const thread = o.threads > 0 ? new WorkerPipeline() : undefined;
  let verdicts: UpstreamVerdict[] = o.servers.map((s) => ({ upstream: endpointText(s) }));
  try {
    if (o.check !== false) verdicts = await vet(o, head);
  } catch (e) {
    await thread?.abort();
    throw e;
  }
  const alive = o.servers.filter((_, i) => verdicts[i]!.dropped === undefined);
  if (alive.length === 0) {
    await thread?.abort();
    throw new DnsightError(
      "NETWORK",
      `every upstream was dropped: ${verdicts.map((v) => `${v.upstream} (${v.dropped})`).join(", ")}`,
    );
  }

  const consume = (b: PipelineBatch): void | Promise<void> => {
    results += b.completed;
    lost += b.lost;
    for (const [k, v] of Object.entries(b.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
    if (o.onObservations && b.observations.length > 0) o.onObservations(b.observations);
    return b.text === "" ? undefined : o.onOutput(b.text);
  };
  const options = {
    servers: alive,
    types: o.types,
    concurrency: o.concurrency,
    retries: o.retries,
    qps: o.qps,
    dnssec: o.dnssec ?? false,
    wildcardFilter: o.wildcardFilter ?? false,
    format: o.format,
    observe: o.onObservations !== undefined,
  };
  // Enough queued to keep every window full, and no more.
  const highWater = Math.max(512, o.concurrency * alive.length * 2);
  let feed: Feed;
  if (thread) {
    await thread.open(options, highWater * 2, consume);
    feed = thread;
  } else {
    feed = await localFeed(options, highWater, consume);
  }
  const resolveStarted = performance.now();

  o.onStart?.({
    done: () => results,
    errors: () => lost,
    // Input is read ahead of the answers, so estimate the total number of results
    // from the bytes per name so far, and count answers against it.
    fraction: () => {
      const total = o.source.totalBytes;
      const read = o.source.bytesRead();
      if (!total || read === 0 || names === 0) return undefined;
      return Math.min(1, results / ((names * total) / read) / o.types.length);
    },
  });
  let stats: PipelineStats;
  const stop = o.signal;
  const aborted = new Promise<void>((resolve) =>
    stop?.addEventListener("abort", () => resolve(), { once: true }),
  );
  try {
    for (const q of head) feed.submit(q);
    names += head.length;
    let batch: InputLine[] | undefined = pending;
    reading: while (batch !== undefined) {
      for (const l of batch) {
        if (stop?.aborted) break reading;
        const q = parse(l);
        if (q === undefined) continue;
        names++;
        feed.submit(q);
        if (!feed.hasRoom()) await Promise.race([feed.waitForRoom(), aborted]);
      }
      const n = await input.next();
      batch = n.done ? undefined : n.value;
    }
    if (stop?.aborted) {
      // What was handed over (output, store) is all that counts: the rest is dropped.
      await feed.abort();
      stats = emptyStats(verdicts);
    } else stats = await feed.finish();
  } catch (e) {
    await feed.abort();
    throw e;
  }
  if (names === 0 && invalidNames > 0)
    throw new DnsightError("INPUT", `${o.source.label}: no valid names (${invalidNames} invalid)`);
  const upstreams = verdicts.map((v) => {
    const s = stats.upstreams.find((u) => u.upstream === v.upstream);
    return { ...v, sent: s?.sent ?? 0, answered: s?.answered ?? 0, timeouts: s?.timeouts ?? 0 };
  });
  return {
    ...stats,
    names,
    results,
    byStatus,
    lost,
    invalidNames,
    upstreams,
    elapsedMs: Math.round(performance.now() - started),
    resolveMs: Math.round(performance.now() - resolveStarted),
    skipped,
    interrupted: stop?.aborted === true,
  };
}

/** An interrupted run's pipeline figures: not counted, since the pipeline was dropped. */
function emptyStats(verdicts: UpstreamVerdict[]): PipelineStats {
  return {
    queries: 0,
    retries: 0,
    tcpFallbacks: 0,
    rejectedReplies: 0,
    wildcardDropped: 0,
    upstreams: verdicts.map((v) => ({ upstream: v.upstream, sent: 0, answered: 0, timeouts: 0 })),
  };
}

/** Vets the upstreams on the first names with an engine of their own. */
async function vet(o: BulkRunOptions, head: string[]): Promise<UpstreamVerdict[]> {
  const ups = o.servers.map((s) => new Upstream(s, Math.min(o.concurrency, 64)));
  try {
    for (const u of ups) await u.open();
    return await vetUpstreams(
      new BulkEngine(ups, { retries: o.retries, dnssec: o.dnssec ?? false }),
      ups,
      head,
      o.types[0]!,
    );
  } finally {
    for (const u of ups) u.close();
  }
}

async function localFeed(
  options: Parameters<typeof ResolvePipeline.open>[0],
  highWater: number,
  consume: (b: PipelineBatch) => void | Promise<void>,
): Promise<Feed> {
  const p = await ResolvePipeline.open(options, consume);
  return {
    submit: (q) => p.submit(q),
    hasRoom: () => p.engine.queued < highWater,
    waitForRoom: () => p.engine.waitForRoom(highWater),
    finish: async () => {
      try {
        await p.drain();
        return p.stats();
      } finally {
        p.close();
      }
    },
    abort: async () => p.close(),
  };
}
