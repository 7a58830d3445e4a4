import { requirePart } from "../store/require-part.js";
import { setTimeout as sleep } from "node:timers/promises";
import { loadFingerprints, type TakeoverFingerprint } from "../detect/takeover-fingerprints.js";
import type { TakeoverProbeOptions } from "../monitor/takeover-pages.js";
import { endpointOf, type Endpoint } from "../dns/client/endpoint.js";
import { StubClient } from "../dns/client/stub.js";
import { DnsightError } from "../errors.js";
import { OutboxRunner, type DeliveryReport } from "../deliver/outbox-runner.js";
import type { AlertSink } from "../deliver/sink.js";
import type { IpLookup } from "../model/ip-facts.js";
import {
  monitorPass,
  type MonitorDeps,
  type PassOptions,
  type PassReport,
} from "../monitor/pass.js";
import { rateLimited, schedule } from "../monitor/schedule.js";
export { monitorStatus, type MonitorStatus, type NameStatus } from "../monitor/status.js";
import type { RegistrationLookupOptions } from "../registration/lookup.js";
import type { Store } from "../store/types.js";
import { INTERRUPTED, unlessInterrupted } from "../util/abort.js";
import { TokenBucket } from "../util/token-bucket.js";

// The monitor as a library call: the watchlist checked on a schedule (run) or once
// (runOnce), the analytics on each result, new alerts stored and handed to the
// sinks through the outbox. The caller says how to stop (an AbortSignal) and hears
// what happens through onEvent: the CLI prints it, the API streams it.

export const DEFAULT_DNS_INTERVAL_S = 3600;
export const DEFAULT_REGISTRATION_INTERVAL_S = 24 * 3600;
/** How long runOnce goes on delivering after its pass; the rest waits in the outbox. */
export const ONCE_DELIVERY_BUDGET_MS = 30_000;
/**
 * How often a running monitor looks for checks that are due: every 30 s, or a
 * quarter of the shortest interval when that is shorter (a 10 s interval is kept).
 */
const TICK_MS = 30_000;
const tickOf = (shortestS: number): number =>
  Math.max(100, Math.min(TICK_MS, (shortestS * 1000) / 4));
export const MAX_QPS = 100_000;

export interface MonitorOptions {
  store: Store;
  /** The recursive resolvers asked for delegations and CNAME targets. */
  servers: readonly Endpoint[];
  /** First-attempt timeout of a DNS query. */
  timeoutMs?: number;
  /** DNS retries after the first attempt. */
  retries?: number;
  /** The port authoritative servers are asked on (default 53). */
  nsPort?: number;
  /** At most this many DNS queries a second, all servers together. */
  qps?: number;
  dnsIntervalS?: number;
  registrationIntervalS?: number;
  /** Registration sources; without them the registration check is skipped. */
  registration?: RegistrationLookupOptions;
  /** Also GET / of aliased hosts (takeover); the options say which private addresses it may reach. */
  http?: false | TakeoverProbeOptions;
  ipLookup?: IpLookup;
  fingerprints?: readonly TakeoverFingerprint[];
  sinks?: readonly AlertSink[];
  /** Per delivery attempt. */
  deliveryTimeoutMs?: number;
  onEvent?: (e: MonitorEvent) => void;
  /** How often a running monitor looks for due checks (tests shorten it). */
  tickMs?: number;
}

export type MonitorEvent =
  | { kind: "started"; dnsIntervalS: number; registrationIntervalS: number }
  | { kind: "nothing-watched" }
  | { kind: "pass"; report: PassReport }
  | { kind: "deliveries"; report: DeliveryReport }
  | { kind: "queued"; sink: string; pending: number; lastError?: string };

export interface MonitorRun {
  /** True when the signal stopped it; what finished is stored. */
  interrupted: boolean;
  /** The pass of runOnce (undefined when interrupted first). */
  pass?: PassReport;
}

/** What one pass of runOnce looks at. */
export interface OnceOptions {
  /** Only these watched names (stored form: lowercase A-labels). */
  names?: readonly string[];
  /**
   * No name is started after this long (ms); the report lists those not reached in
   * `unchecked`. A name under way finishes (its queries have their own timeouts).
   */
  budgetMs?: number;
}

export interface Monitor {
  /**
   * One pass over every check now, then deliveries for at most ONCE_DELIVERY_BUDGET_MS.
   * An aborted signal ends it at once (interrupted) and the pass starts no other name.
   */
  runOnce(signal?: AbortSignal, o?: OnceOptions): Promise<MonitorRun>;
  /** Checks as they fall due until the signal aborts. */
  run(signal: AbortSignal): Promise<MonitorRun>;
}

function checkOptions(o: MonitorOptions): { dnsEvery: number; regEvery: number } {
  const dnsEvery = o.dnsIntervalS ?? DEFAULT_DNS_INTERVAL_S;
  const regEvery = o.registrationIntervalS ?? DEFAULT_REGISTRATION_INTERVAL_S;
  if (!(dnsEvery > 0) || !(regEvery > 0))
    throw new DnsightError("INPUT", "monitor intervals must be longer than 0");
  if (o.qps !== undefined && !(o.qps > 0 && o.qps <= MAX_QPS))
    throw new DnsightError(
      "INPUT",
      `a query rate must be above 0 and at most ${MAX_QPS}, got ${o.qps}`,
    );
  requirePart(o.store, "watches");
  requirePart(o.store, "alerts");
  if ((o.sinks?.length ?? 0) > 0) requirePart(o.store, "outbox");
  return { dnsEvery, regEvery };
}

/** The collectors' DNS clients: one budget for every query, whichever server it goes to. */
function dnsClients(o: MonitorOptions): Pick<MonitorDeps, "resolver" | "direct"> {
  const bucket =
    o.qps !== undefined ? new TokenBucket(o.qps, Math.max(1, Math.ceil(o.qps / 10))) : undefined;
  const limit = (c: StubClient): StubClient => (bucket ? rateLimited(c, bucket) : c);
  const timing = {
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
  };
  const resolver = limit(new StubClient({ servers: [...o.servers], ...timing }));
  const direct = new Map<string, StubClient>();
  return {
    resolver,
    direct: (address) => {
      let c = direct.get(address);
      if (!c) {
        c = limit(
          new StubClient({
            servers: [endpointOf(address, o.nsPort ?? 53)],
            recurse: false,
            ...timing,
          }),
        );
        direct.set(address, c);
      }
      return c;
    },
  };
}

/** Checks the options (a bad interval or rate, a store without a watchlist) before anything runs. */
export function createMonitor(o: MonitorOptions): Monitor {
  const { dnsEvery, regEvery } = checkOptions(o);
  const emit = o.onEvent ?? (() => undefined);
  const sinks = o.sinks ?? [];
  const deps: MonitorDeps = {
    store: o.store,
    ...dnsClients(o),
    fingerprints: o.fingerprints ?? loadFingerprints(),
    http: o.http ?? false,
    ...(o.ipLookup ? { ipLookup: o.ipLookup } : {}),
    ...(o.registration ? { registration: o.registration } : {}),
  };
  const outbox =
    o.store.outbox &&
    new OutboxRunner(o.store.outbox, sinks, {
      ...(o.deliveryTimeoutMs !== undefined ? { attemptTimeoutMs: o.deliveryTimeoutMs } : {}),
    });
  const reported = async (r: PassReport): Promise<void> => {
    emit({ kind: "pass", report: r });
    await outbox?.enqueue(r.raised);
  };
  const warnIfEmpty = async (): Promise<void> => {
    if ((await o.store.watches!.listWatches()).length === 0) emit({ kind: "nothing-watched" });
  };
  const stopped = async (): Promise<MonitorRun> => {
    await outbox?.stop({ abandon: true });
    return { interrupted: true };
  };
  const queued = async (): Promise<void> => {
    const names = new Map(sinks.map((s) => [s.key, s.name]));
    for (const q of await o.store.outbox!.outboxSummary()) {
      const sink = names.get(q.sink);
      if (sink === undefined || q.pending === 0) continue;
      emit({
        kind: "queued",
        sink,
        pending: q.pending,
        ...(q.lastError ? { lastError: q.lastError } : {}),
      });
    }
  };

  return {
    async runOnce(signal = new AbortController().signal, once = {}) {
      await warnIfEmpty();
      const until = once.budgetMs !== undefined ? performance.now() + once.budgetMs : Infinity;
      const pass: PassOptions = {
        stop: () => signal.aborted || performance.now() > until,
        ...(once.names ? { names: new Set(once.names) } : {}),
      };
      try {
        const r = await unlessInterrupted(monitorPass(deps, undefined, pass), signal);
        if (r === INTERRUPTED) return await stopped();
        await reported(r);
        // Deliveries after the pass, bounded: what is not through in time stays queued.
        if (outbox && sinks.length > 0) {
          emit({ kind: "deliveries", report: await outbox.drain(ONCE_DELIVERY_BUDGET_MS) });
          await queued();
        }
        return { interrupted: false, pass: r };
      } finally {
        await outbox?.stop();
      }
    },

    async run(signal) {
      await warnIfEmpty();
      try {
        if (outbox && sinks.length > 0)
          outbox.start((d) => emit({ kind: "deliveries", report: d }));
        const plan = schedule({ dns: dnsEvery, registration: regEvery, lookalikes: regEvery });
        const pass: PassOptions = { next: plan.next, stop: () => signal.aborted };
        emit({ kind: "started", dnsIntervalS: dnsEvery, registrationIntervalS: regEvery });
        for (;;) {
          const r = await unlessInterrupted(monitorPass(deps, plan.due, pass), signal);
          if (r === INTERRUPTED) return await stopped();
          if (r.checks > 0 || r.heldElsewhere > 0) await reported(r);
          const tick = o.tickMs ?? tickOf(Math.min(dnsEvery, regEvery));
          const slept = await unlessInterrupted(sleep(tick), signal);
          if (slept === INTERRUPTED) return await stopped();
        }
      } finally {
        await outbox?.stop();
      }
    },
  };
}
