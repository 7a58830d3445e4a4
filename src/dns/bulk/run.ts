import { DnsightError } from "../../errors.js";
import type { Endpoint } from "../client/endpoint.js";
import { toQueryName } from "../input-name.js";
import type { DnsResult } from "../result.js";
import { BulkEngine } from "./engine.js";
import type { NameSource } from "./input.js";
import { vetUpstreams, type UpstreamVerdict } from "./sanity.js";
import { Upstream } from "./upstream.js";
import { WildcardFilter } from "./wildcard.js";

// A whole `resolve` run: open the upstreams, vet them on the first names, then
// stream every (name, type) through the engine with backpressure on both ends.

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
  /** Called with each result; a returned promise holds the engine until it settles. */
  onResult: (r: DnsResult) => void | Promise<void>;
  /** Told about each input line that is not a valid name (the run goes on). */
  onInvalid?: (message: string) => void;
  onStart?: (p: { done: () => number; errors: () => number; fraction: () => number | undefined }) => void;
}

export interface BulkSummary {
  names: number;
  results: number;
  byStatus: Record<string, number>;
  /** Results with no answer from any upstream (TIMEOUT, ERROR). */
  lost: number;
  queries: number;
  retries: number;
  tcpFallbacks: number;
  /** Replies dropped for a wrong address, id or question. */
  rejectedReplies: number;
  wildcardDropped: number;
  invalidNames: number;
  upstreams: (UpstreamVerdict & { sent: number; answered: number; timeouts: number })[];
  elapsedMs: number;
}

const SAMPLE = 8;

export async function runBulk(o: BulkRunOptions): Promise<BulkSummary> {
  const started = performance.now();
  const ups = o.servers.map((s) => new Upstream(s, o.concurrency));
  for (const u of ups) await u.open();
  const engine = new BulkEngine(ups, { retries: o.retries, qps: o.qps, dnssec: o.dnssec ?? false });
  const byStatus: Record<string, number> = {};
  let names = 0;
  let invalidNames = 0;
  let lost = 0;
  let results = 0;
  const filter = o.wildcardFilter ? new WildcardFilter(engine) : undefined;
  let holding: Promise<void> | undefined;
  let outputError: unknown;

  const emit = (r: DnsResult): void => {
    results++;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status === "TIMEOUT" || r.status === "ERROR") lost++;
    let ret: void | Promise<void>;
    try {
      ret = o.onResult(r);
    } catch (e) {
      outputError ??= e;
      return;
    }
    if (ret !== undefined && holding === undefined) {
      engine.pause();
      holding = ret.then(
        () => {
          holding = undefined;
          engine.resume();
        },
        (e: unknown) => {
          outputError ??= e;
          holding = undefined;
          engine.resume();
        },
      );
    }
  };
  let filtering = 0;
  const deliver = (r: DnsResult): void => {
    if (!filter) return emit(r);
    filtering++;
    filter.keep(r).then(
      (keep) => {
        filtering--;
        if (keep) emit(r);
      },
      (e: unknown) => {
        filtering--;
        outputError ??= e;
      },
    );
  };

  const it = o.source.lines[Symbol.asyncIterator]();
  const head: string[] = [];
  const submit = (qname: string): void => {
    names++;
    for (const type of o.types) engine.submit({ qname, type, attempt: 0, tried: [], firstSent: 0, done: deliver });
  };
  const nextName = async (): Promise<string | undefined | null> => {
    const n = await it.next();
    if (n.done) return null;
    try {
      return toQueryName(n.value.text).qname;
    } catch (e) {
      o.onInvalid?.(`${o.source.label} line ${n.value.line}: ${(e as Error).message}`);
      invalidNames++;
      byStatus.INVALID_NAME = (byStatus.INVALID_NAME ?? 0) + 1;
      return undefined;
    }
  };

  let verdicts: UpstreamVerdict[] = ups.map((u) => ({ upstream: u.label }));
  try {
    while (head.length < SAMPLE) {
      const q = await nextName();
      if (q === null) break;
      if (q !== undefined) head.push(q);
    }
    if (o.check !== false) {
      verdicts = await vetUpstreams(engine, ups, head, o.types[0]!);
      engine.assertUsable();
    }
    o.onStart?.({
      done: () => results,
      errors: () => lost,
      fraction: () => (o.source.totalBytes ? Math.min(1, o.source.bytesRead() / o.source.totalBytes) : undefined),
    });
    for (const q of head) submit(q);
    const highWater = Math.max(256, o.concurrency * ups.length * 2);
    for (;;) {
      if (outputError) throw outputError;
      await engine.waitForRoom(highWater);
      const q = await nextName();
      if (q === null) break;
      if (q !== undefined) submit(q);
    }
    // Wildcard checks finish after the engine's last answer; drain both.
    while (engine.busy > 0 || filtering > 0 || holding) {
      await engine.idle();
      while (holding) await holding;
      if (filtering > 0) await new Promise((r) => setImmediate(r));
    }
    if (outputError) throw outputError;
  } finally {
    for (const u of ups) u.close();
  }
  if (results === 0 && names === 0 && invalidNames > 0) {
    throw new DnsightError("INPUT", `${o.source.label}: no valid names (${invalidNames} invalid)`);
  }
  return {
    names,
    results,
    byStatus,
    lost,
    queries: engine.counters.queries,
    retries: engine.counters.retries,
    tcpFallbacks: engine.counters.tcpFallbacks,
    rejectedReplies: ups.reduce((s, u) => s + u.rejectedReplies(), 0),
    wildcardDropped: filter?.dropped ?? 0,
    invalidNames,
    upstreams: ups.map((u, i) => ({ ...verdicts[i]!, sent: u.stats.sent, answered: u.stats.answered, timeouts: u.stats.timeouts })),
    elapsedMs: Math.round(performance.now() - started),
  };
}
