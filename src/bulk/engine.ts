import type { Exchange, Protocol } from "../dns/client/stub.js";
import { tcpExchange } from "../dns/client/tcp.js";
import type { UdpOutcome } from "../dns/client/channel.js";
import { toDnsResult, type DnsResult } from "../dns/result.js";
import { decodeMessage } from "../dns/wire/message.js";
import { encodeQuery } from "../dns/wire/query.js";
import { rcodeToString } from "../dns/wire/types.js";
import { DnsightError } from "../errors.js";
import { Deque } from "../util/deque.js";
import { TokenBucket } from "../util/token-bucket.js";
import type { Upstream } from "./upstream.js";

// The bulk engine: (name, type) tasks flow from a bounded queue to the upstream
// with the most room in its window; a lost query is sent again, to another
// upstream when there is one, until the retries run out. Results leave in
// completion order, so memory does not grow with the input.

export interface BulkOptions {
  retries: number;
  qps?: number;
  dnssec?: boolean;
  recurse?: boolean;
  udpSize?: number;
}

export interface Task {
  qname: string;
  type: string;
  attempt: number;
  /** Upstreams already tried, so a retry goes elsewhere. */
  tried: Upstream[];
  /** Only this upstream may answer (probes of one server). */
  pin?: Upstream;
  /** Retries for this task, when it differs from the run's (probes give up sooner). */
  retries?: number;
  firstSent: number;
  done: (r: DnsResult) => void;
}

export interface EngineCounters {
  queries: number;
  retries: number;
  tcpFallbacks: number;
  completed: number;
}

const RETRY_ON_OTHER = new Set(["SERVFAIL", "REFUSED"]);

export class BulkEngine {
  readonly counters: EngineCounters = { queries: 0, retries: 0, tcpFallbacks: 0, completed: 0 };
  private readonly urgent = new Deque<Task>();
  private readonly retryQ = new Deque<Task>();
  private readonly queue = new Deque<Task>();
  private readonly bucket: TokenBucket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inflight = 0;
  private paused = false;
  private pumpScheduled = false;
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly upstreams: Upstream[],
    private readonly o: BulkOptions,
  ) {
    if (o.qps !== undefined) this.bucket = new TokenBucket(o.qps);
  }

  get queued(): number {
    return this.queue.length + this.retryQ.length + this.urgent.length;
  }

  get busy(): number {
    return this.inflight + this.queued;
  }

  /** Adds a task; `urgent` tasks (probes) go before the input. */
  submit(t: Task, urgent = false): void {
    (urgent ? this.urgent : this.queue).push(t);
    this.pump();
  }

  /** Resolves one (name, type) through the engine. */
  ask(qname: string, type: string, pin?: Upstream, retries?: number): Promise<DnsResult> {
    return new Promise((done) => {
      const t: Task = { qname, type, attempt: 0, tried: [], firstSent: 0, done };
      if (pin) t.pin = pin;
      if (retries !== undefined) t.retries = retries;
      this.submit(t, true);
    });
  }

  /** Resolves when the input queue is below `max` tasks. */
  async waitForRoom(max: number): Promise<void> {
    while (this.queue.length >= max) await new Promise<void>((r) => this.roomWaiters.push(r));
  }

  /** Resolves when nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.busy > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  private pick(t: Task): Upstream | undefined {
    if (t.pin) return t.pin.hasRoom ? t.pin : undefined;
    let best: Upstream | undefined;
    let bestLoad = Infinity;
    for (const u of this.upstreams) {
      if (!u.hasRoom) continue;
      // Prefer a server this task has not tried yet.
      const load = u.inflight / (u.stats.answered + 1) + (t.tried.includes(u) ? 1e9 : 0);
      if (load < bestLoad) {
        best = u;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * Sends after the replies of this loop turn are all handled, so queries leave in
   * bursts: on loopback every send that wakes the server costs a context switch,
   * and a burst wakes it once.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.paused) return;
    for (;;) {
      const from =
        this.urgent.length > 0 ? this.urgent : this.retryQ.length > 0 ? this.retryQ : this.queue;
      const t = from.shift();
      if (t === undefined) break;
      const up = this.pick(t);
      if (up === undefined) {
        from.unshift(t);
        break;
      }
      if (this.bucket && !this.bucket.take()) {
        from.unshift(t);
        if (this.timer === undefined) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, this.bucket.wait());
        }
        break;
      }
      this.send(t, up);
    }
    if (this.roomWaiters.length > 0) for (const w of this.roomWaiters.splice(0)) w();
    if (this.busy === 0 && this.idleWaiters.length > 0)
      for (const w of this.idleWaiters.splice(0)) w();
  }

  private send(t: Task, up: Upstream): void {
    const ch = up.channel();
    const id = ch.allocId();
    // Counted before encoding, so that finish() after a failed encode balances.
    up.inflight++;
    this.inflight++;
    let packet: Buffer;
    try {
      packet = encodeQuery(id, t.qname, t.type, {
        rd: this.o.recurse ?? true,
        dnssecOk: this.o.dnssec ?? false,
        udpSize: this.o.udpSize ?? 1232,
      });
    } catch (e) {
      this.finish(t, up, {
        status: "ERROR",
        server: up.endpoint,
        protocol: "udp",
        durationMs: 0,
        attempts: 0,
        error: (e as Error).message,
        rejected: 0,
      });
      return;
    }
    if (t.attempt === 0) t.firstSent = performance.now();
    const sentAt = performance.now();
    t.tried.push(up);
    up.stats.sent++;
    this.counters.queries++;
    ch.send({
      packet,
      id,
      timeoutMs: up.rto(t.attempt),
      done: (o: UdpOutcome) => this.onOutcome(t, up, o, sentAt, packet, id),
    });
  }

  private onOutcome(
    t: Task,
    up: Upstream,
    o: UdpOutcome,
    sentAt: number,
    packet: Buffer,
    id: number,
  ): void {
    if (o.kind === "reply") {
      up.onAnswer(performance.now() - sentAt);
      if ((o.buf[2]! & 0x02) !== 0) {
        this.counters.tcpFallbacks++;
        tcpExchange(up.endpoint, { packet, id, timeoutMs: 5000 }).then(
          (buf) => this.onBuffer(t, up, buf, "tcp"),
          () => this.onLost(t, up, "error"),
        );
        return;
      }
      this.onBuffer(t, up, o.buf, "udp");
      return;
    }
    up.onLoss();
    this.onLost(t, up, o.kind);
  }

  private onBuffer(t: Task, up: Upstream, buf: Buffer, protocol: Protocol): void {
    const durationMs = round(performance.now() - t.firstSent);
    let x: Exchange;
    try {
      const message = decodeMessage(buf);
      x = {
        status: rcodeToString(message.rcode),
        message,
        server: up.endpoint,
        protocol,
        durationMs,
        attempts: t.attempt + 1,
        rejected: 0,
      };
    } catch (e) {
      x = {
        status: "MALFORMED",
        server: up.endpoint,
        protocol,
        durationMs,
        attempts: t.attempt + 1,
        error: (e as Error).message,
        rejected: 0,
      };
    }
    if (
      RETRY_ON_OTHER.has(x.status) &&
      !t.pin &&
      t.attempt < (t.retries ?? this.o.retries) &&
      this.untried(t) !== undefined
    ) {
      this.requeue(t, up);
      return;
    }
    this.finish(t, up, x);
  }

  private untried(t: Task): Upstream | undefined {
    return this.upstreams.find((u) => u.dropped === undefined && !t.tried.includes(u));
  }

  private onLost(t: Task, up: Upstream, kind: "timeout" | "error"): void {
    if (kind === "timeout") up.stats.timeouts++;
    else up.stats.errors++;
    if (t.attempt < (t.retries ?? this.o.retries)) {
      this.requeue(t, up);
      return;
    }
    const x: Exchange = {
      status: kind === "timeout" ? "TIMEOUT" : "ERROR",
      server: up.endpoint,
      protocol: "udp",
      durationMs: round(performance.now() - t.firstSent),
      attempts: t.attempt + 1,
      error: `${kind === "timeout" ? "no answer" : "network error"} after ${t.attempt + 1} attempts`,
      rejected: 0,
    };
    this.finish(t, up, x);
  }

  private requeue(t: Task, up: Upstream): void {
    up.inflight--;
    this.inflight--;
    t.attempt++;
    // Once every server was tried, any may take the next attempt.
    if (this.untried(t) === undefined) t.tried = [];
    this.counters.retries++;
    this.retryQ.push(t);
    this.schedulePump();
  }

  private finish(t: Task, up: Upstream, x: Exchange): void {
    up.inflight--;
    this.inflight--;
    this.counters.completed++;
    t.done(toDnsResult(t.qname, t.type, x));
    this.schedulePump();
  }

  /** Fails fast when no upstream is left to ask. */
  assertUsable(): void {
    if (this.upstreams.every((u) => u.dropped !== undefined)) {
      throw new DnsightError(
        "NETWORK",
        `every upstream was dropped: ${this.upstreams.map((u) => `${u.label} (${u.dropped})`).join(", ")}`,
      );
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
