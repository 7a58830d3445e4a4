import { DnsightError } from "../../errors.js";
import { questionMatches } from "../wire/query.js";
import type { ChannelStats, UdpExchange } from "./channel.js";
import { randomId } from "./ids.js";

// The queries in flight on one channel, whichever socket carries them: ids, the
// RFC 5452 checks on a reply, and the sweep that ends queries past their deadline.

const SWEEP_MS = 20;

export class Exchanges {
  readonly stats: ChannelStats = { unmatched: 0, rejected: 0, malformed: 0 };
  private readonly inflight = new Map<number, UdpExchange>();
  private sweeper: NodeJS.Timeout | undefined;

  /**
   * `beforeTimeout` reads what the socket holds before any query is declared lost:
   * after a pause (a GC, a busy machine) the timers run before the socket is polled,
   * and replies already there would otherwise count as timeouts, each one halving
   * the bulk engine's window and sending its query again.
   */
  constructor(private readonly beforeTimeout?: () => void) {}

  get size(): number {
    return this.inflight.size;
  }

  allocId(): number {
    for (;;) {
      const id = randomId();
      if (!this.inflight.has(id)) return id;
    }
  }

  add(x: UdpExchange): void {
    x.deadline = performance.now() + x.timeoutMs;
    this.inflight.set(x.id, x);
    if (this.sweeper === undefined) this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
  }

  /** A datagram from the socket; `fromPeer` says its source address and port are the server's. */
  accept(buf: Buffer, fromPeer: boolean): void {
    if (buf.length < 12) {
      this.stats.malformed++;
      return;
    }
    const x = this.inflight.get(buf.readUInt16BE(0));
    if (x === undefined) {
      this.stats.unmatched++;
      return;
    }
    if (!fromPeer) {
      this.stats.rejected++;
      return;
    }
    const verdict = questionMatches(buf, x.packet);
    if (verdict === "malformed") {
      this.stats.malformed++;
      return;
    }
    if (verdict === "mismatch") {
      this.stats.rejected++;
      return;
    }
    this.inflight.delete(x.id);
    x.done({ kind: "reply", buf });
  }

  private sweep(): void {
    const now = performance.now();
    let drained = this.beforeTimeout === undefined;
    for (const [id, x] of this.inflight) {
      if (x.deadline! <= now) {
        if (!drained) {
          drained = true;
          this.beforeTimeout!();
          if (this.inflight.get(id) !== x) continue;
        }
        this.inflight.delete(id);
        x.done({ kind: "timeout" });
      }
    }
    if (this.inflight.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  /** Ends every query in flight with `error`. */
  failAll(error: Error): void {
    const left = [...this.inflight.values()];
    this.inflight.clear();
    for (const x of left) x.done({ kind: "error", error });
  }

  /** Stops the sweep and ends what is in flight: the socket is closing. */
  close(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.failAll(new DnsightError("NETWORK", "UDP socket closed"));
  }
}
