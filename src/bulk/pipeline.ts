import type { Endpoint } from "../dns/client/endpoint.js";
import type { DnsResult } from "../dns/result.js";
import type { Observation } from "../model/observation.js";
import { BulkEngine } from "./engine.js";
import { activeObservations } from "./observations.js";
import { formatResult, type ResultFormat } from "./present.js";
import { Upstream } from "./upstream.js";
import { WildcardFilter } from "./wildcard.js";

// One thread's share of a `resolve` run: names in, formatted text and
// observations out in batches. The same code runs in the main thread (small
// runs, tests) and in a worker thread (see worker.ts), so only plain data
// crosses between them.

export interface PipelineOptions {
  servers: Endpoint[];
  types: string[];
  concurrency: number;
  retries: number;
  qps?: number | undefined;
  dnssec?: boolean;
  wildcardFilter?: boolean;
  format: ResultFormat;
  /** Produce observations for the store. */
  observe: boolean;
}

export interface PipelineBatch {
  text: string;
  observations: Observation[];
  /** Results finished, printed or dropped as wildcard answers. */
  completed: number;
  byStatus: Record<string, number>;
  lost: number;
}

export interface PipelineStats {
  queries: number;
  retries: number;
  tcpFallbacks: number;
  rejectedReplies: number;
  wildcardDropped: number;
  upstreams: { upstream: string; sent: number; answered: number; timeouts: number }[];
}

const BATCH_TEXT = 1 << 16;
const BATCH_MS = 100;

export class ResolvePipeline {
  private batch = emptyBatch();
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  private holding: Promise<void> | undefined;
  private failure: unknown;
  private filtering = 0;
  private readonly filter: WildcardFilter | undefined;
  /** One function for every task, not a closure each. */
  private readonly deliverBound = (r: DnsResult): void => this.deliver(r);

  private constructor(
    private readonly o: PipelineOptions,
    private readonly ups: Upstream[],
    readonly engine: BulkEngine,
    /** Receives each batch; a returned promise holds the engine until it settles. */
    private readonly onBatch: (b: PipelineBatch) => void | Promise<void>,
  ) {
    this.filter = o.wildcardFilter ? new WildcardFilter(engine) : undefined;
  }

  static async open(
    o: PipelineOptions,
    onBatch: (b: PipelineBatch) => void | Promise<void>,
  ): Promise<ResolvePipeline> {
    const ups = o.servers.map((s) => new Upstream(s, o.concurrency));
    for (const u of ups) await u.open();
    return new ResolvePipeline(
      o,
      ups,
      new BulkEngine(ups, { retries: o.retries, qps: o.qps, dnssec: o.dnssec ?? false }),
      onBatch,
    );
  }

  /** Queues every type of one (absolute) name. */
  submit(qname: string): void {
    if (this.failure) throw this.failure;
    for (const type of this.o.types) {
      this.engine.submit({
        qname,
        type,
        attempt: 0,
        tried: [],
        firstSent: 0,
        done: this.deliverBound,
      });
    }
  }

  private deliver(r: DnsResult): void {
    if (!this.filter) return this.add(r);
    this.filtering++;
    this.filter.keep(r).then(
      (keep) => {
        this.filtering--;
        if (keep) this.add(r);
        else this.batch.completed++;
      },
      (e: unknown) => {
        this.filtering--;
        this.failure ??= e;
      },
    );
  }

  private add(r: DnsResult): void {
    const b = this.batch;
    b.completed++;
    b.byStatus[r.status] = (b.byStatus[r.status] ?? 0) + 1;
    if (r.status === "TIMEOUT" || r.status === "ERROR") b.lost++;
    b.text += formatResult(r, this.o.format);
    if (this.o.observe) for (const obs of activeObservations(r)) b.observations.push(obs);
    if (b.text.length >= BATCH_TEXT) this.ship();
    // Nothing left to send: hand the results over now, not on the timer. A feeder that
    // gives names only for results handed over (a resolver thread's credit, a few
    // windows deep) would otherwise leave the window empty until the timer fired.
    else if (this.engine.queued === 0) this.soon ??= setImmediate(() => this.ship());
    else this.timer ??= setTimeout(() => this.ship(), BATCH_MS);
  }

  /** Hands the current batch over; waits for the consumer before sending more. */
  private ship(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.soon !== undefined) clearImmediate(this.soon);
    this.soon = undefined;
    if (this.batch.completed === 0) return;
    const b = this.batch;
    this.batch = emptyBatch();
    let ret: void | Promise<void>;
    try {
      ret = this.onBatch(b);
    } catch (e) {
      this.failure ??= e;
      return;
    }
    if (ret !== undefined && this.holding === undefined) {
      this.engine.pause();
      this.holding = ret.then(
        () => {
          this.holding = undefined;
          this.engine.resume();
        },
        (e: unknown) => {
          this.failure ??= e;
          this.holding = undefined;
          this.engine.resume();
        },
      );
    }
  }

  /** Waits for every submitted name, ships the last batch and rethrows a consumer failure. */
  async drain(): Promise<void> {
    // Wildcard checks finish after the engine's last answer; wait for both.
    while (this.engine.busy > 0 || this.filtering > 0 || this.holding) {
      await this.engine.idle();
      while (this.holding) await this.holding;
      if (this.filtering > 0) await new Promise((r) => setImmediate(r));
    }
    this.ship();
    while (this.holding) await this.holding;
    if (this.failure) throw this.failure;
  }

  stats(): PipelineStats {
    return {
      queries: this.engine.counters.queries,
      retries: this.engine.counters.retries,
      tcpFallbacks: this.engine.counters.tcpFallbacks,
      rejectedReplies: this.ups.reduce((s, u) => s + u.rejectedReplies(), 0),
      wildcardDropped: this.filter?.dropped ?? 0,
      upstreams: this.ups.map((u) => ({
        upstream: u.label,
        sent: u.stats.sent,
        answered: u.stats.answered,
        timeouts: u.stats.timeouts,
      })),
    };
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.soon !== undefined) clearImmediate(this.soon);
    for (const u of this.ups) u.close();
  }
}

function emptyBatch(): PipelineBatch {
  return { text: "", observations: [], completed: 0, byStatus: {}, lost: 0 };
}
