import type { Alert } from "../model/alert.js";
import type { Delivery, DeliveryOutcome, OutboxStore } from "../store/outbox.js";
import { attemptSend, type AlertSink } from "./sink.js";

// Drains the delivery outbox: every due delivery is tried once per round, several
// at a time, each under its own deadline, so a receiver that stalls costs one
// deadline for the whole round instead of one per alert, and a pass never waits
// for a webhook. What fails is tried again later with doubling back-off; what a
// receiver refuses outright (most 4xx), or what stays undelivered too long, is
// given up and reported. Nothing is dropped silently: it stays in the outbox.

export interface OutboxRunnerOptions {
  /** Attempts in flight at once, all sinks together (default 4). */
  concurrency?: number;
  /** Deadline of one attempt, connect to last byte (default 10 s). */
  attemptTimeoutMs?: number;
  /** Back-off after the first failure, doubled each time (default 30 s). */
  firstBackoffS?: number;
  /** Longest back-off (default 1 h). */
  maxBackoffS?: number;
  /** A delivery still failing this long after it was queued is given up (default 7 days). */
  giveUpAfterS?: number;
  /** Epoch seconds (tests fix it). */
  now?: () => number;
}

export interface DeliveryReport {
  delivered: number;
  /** One line per attempt that failed: "webhook https://soc.example/…: al-…: HTTP 503, retrying in 30 s". */
  problems: string[];
}

const DEFAULTS = {
  concurrency: 4,
  attemptTimeoutMs: 10_000,
  firstBackoffS: 30,
  maxBackoffS: 3600,
  giveUpAfterS: 7 * 86_400,
};

export class OutboxRunner {
  private readonly o: typeof DEFAULTS & { now: () => number };
  private readonly byKey: Map<string, AlertSink>;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  /** Sinks that failed, left alone until the back-off passes (epoch s), and their failures in a row. */
  private readonly paused = new Map<string, { until: number; failures: number }>();
  /** The first round of a runner (a new monitor run) retries everything pending, due or not. */
  private firstRound = true;
  /** Set by enqueue, so alerts queued during a round are not left for the next tick. */
  private queued = false;

  constructor(
    private readonly outbox: OutboxStore,
    sinks: readonly AlertSink[],
    options: OutboxRunnerOptions = {},
  ) {
    this.o = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
    } as typeof DEFAULTS & { now: () => number };
    this.byKey = new Map(sinks.map((s) => [s.key, s]));
  }

  /** Queues each alert for every sink; returns how many deliveries are new. */
  async enqueue(alerts: readonly Alert[]): Promise<number> {
    if (alerts.length === 0 || this.byKey.size === 0) return 0;
    const requests = [...this.byKey.keys()].flatMap((sink) =>
      alerts.map((a) => ({
        sink,
        alertId: a.id,
        raisedAt: a.lastSeen,
        payload: JSON.stringify(a),
      })),
    );
    const n = await this.outbox.enqueueDeliveries(requests, this.o.now());
    this.queued = true;
    this.wake?.();
    return n;
  }

  /**
   * Tries what is due now, each delivery at most once, until nothing due is left
   * or `budgetMs` has passed (attempts under way finish within their deadline).
   * A runner's first round tries every pending delivery: a new run is the moment
   * an operator who fixed the receiver expects them to go out.
   */
  async drain(budgetMs = Infinity): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, problems: [] };
    const until = performance.now() + budgetMs;
    const tried = new Set<number>();
    // A sink that just failed to take one alert is not asked for the rest of this
    // round: a receiver that is down costs one deadline, not one per alert.
    const down = new Set<string>();
    const everything = this.firstRound;
    this.firstRound = false;
    for (;;) {
      const now = this.o.now();
      const keys = [...this.byKey.keys()].filter(
        (k) => !down.has(k) && (this.paused.get(k)?.until ?? 0) <= now,
      );
      if (keys.length === 0 || performance.now() >= until) break;
      const due = (
        await this.outbox.dueDeliveries(
          keys,
          everything ? Number.MAX_SAFE_INTEGER : now,
          this.o.concurrency * 8 + tried.size,
        )
      ).filter((d) => !tried.has(d.id));
      if (due.length === 0) break;
      await pool(due, this.o.concurrency, async (d) => {
        if (performance.now() >= until || down.has(d.sink)) return;
        tried.add(d.id);
        if (await this.attempt(d, report)) this.paused.delete(d.sink);
        else down.add(d.sink);
      });
    }
    return report;
  }

  /** Drains in the background every `everyMs` (and at once after `enqueue`) until `stop`. */
  start(onReport: (r: DeliveryReport) => void, everyMs = 5000): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        this.queued = false;
        const r = await this.drain().catch((e: unknown) => ({
          delivered: 0,
          problems: [`delivery: ${e instanceof Error ? e.message : String(e)}`],
        }));
        if (r.delivered > 0 || r.problems.length > 0) onReport(r);
        if (this.stopping) break;
        if (this.queued) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, everyMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })();
  }

  /**
   * Ends the background loop after the round under way (bounded by the attempt
   * deadline); with `abandon`, at once: attempts under way are left, and what
   * they would have recorded stays pending for the next run.
   */
  async stop(o: { abandon?: boolean } = {}): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const loop = this.loop;
    this.loop = undefined;
    if (o.abandon) loop?.catch(() => undefined);
    else await loop;
  }

  /** One try of `d`; false when the sink failed in a way worth waiting out. */
  private async attempt(d: Delivery, report: DeliveryReport): Promise<boolean> {
    const sink = this.byKey.get(d.sink)!;
    let alert: Alert;
    try {
      alert = JSON.parse(d.payload) as Alert;
    } catch {
      await this.record(d, { state: "failed", at: this.o.now(), error: "payload is not JSON" });
      report.problems.push(`${sink.name}: ${d.alertId}: payload is not JSON, given up`);
      return true;
    }
    const r = await attemptSend(sink, alert, this.o.attemptTimeoutMs);
    const at = this.o.now();
    if (r.ok) {
      report.delivered++;
      await this.record(d, { state: "delivered", at });
      return true;
    }
    const tooOld = at - d.createdAt >= this.o.giveUpAfterS;
    if (r.permanent || tooOld) {
      const why = r.permanent ? "refused" : `undelivered for ${fmtS(at - d.createdAt)}`;
      await this.record(d, { state: "failed", at, error: r.error });
      report.problems.push(`${sink.name}: ${d.alertId}: ${r.error}; ${why}, given up`);
      return r.permanent === true;
    }
    const failures = Math.max(d.attempts, this.paused.get(d.sink)?.failures ?? 0);
    const backoff = Math.min(this.o.maxBackoffS, this.o.firstBackoffS * 2 ** failures);
    const wait = Math.max(backoff, Math.ceil((r.retryAfterMs ?? 0) / 1000));
    this.paused.set(d.sink, { until: at + wait, failures: failures + 1 });
    await this.record(d, { state: "pending", at, error: r.error, nextAt: at + wait });
    report.problems.push(
      `${sink.name}: ${d.alertId}: ${r.error}; kept in the outbox, next try in ${fmtS(wait)}`,
    );
    return false;
  }

  private async record(d: Delivery, outcome: DeliveryOutcome): Promise<void> {
    await this.outbox.recordDelivery(d.id, outcome);
  }
}

function fmtS(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function pool<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
