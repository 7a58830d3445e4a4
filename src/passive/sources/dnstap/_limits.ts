import { DnsightError } from "../../../errors.js";
import type { FrameLimits } from "./frame-streams.js";

// What the peers of a dnstap listener may cost it. Without these, 300 connections
// each sending the first bytes of a 1 MiB frame held 375 MB, and a connection that
// never spoke held its socket for ever (issue 10 §5).

export interface ListenLimits {
  /** Connections open at once; one more is closed as soon as it connects. */
  maxConnections: number;
  /** A connection that sends nothing between frames for this long is closed. */
  idleTimeoutMs: number;
  /** A frame begun must be whole within this long (counted per read of it). */
  frameTimeoutMs: number;
  /** Bytes of frames held across all connections, read but not yet consumed. */
  maxBufferedBytes: number;
}

export const LISTEN_DEFAULTS: Readonly<ListenLimits> = {
  // A collector serves a handful of resolvers, each one connection per dnstap thread.
  maxConnections: 128,
  // Frame Streams has no keep-alive: a quiet resolver is silent, so be patient...
  idleTimeoutMs: 300_000,
  // ...but a writer sends a frame in one go; half a frame for 30 s is a stalled peer.
  frameTimeoutMs: 30_000,
  // 32 times fstrm's largest frame; a real frame (a query and its answer) is ~1 KB, so
  // this is tens of thousands of them, far more than the consumer's queue of 1024.
  maxBufferedBytes: 32 << 20,
};

/**
 * The bytes of frames a listener holds, across its connections: counted from a data
 * frame's length field until the consumer takes its record. A connection part way
 * through a frame may be asked to give its room back: when a frame does not fit,
 * the connection with the most bytes of an unfinished frame, if it holds more than
 * the new frame needs, is closed to make room (a writer sends a frame in one go, so
 * a large unfinished one is the likeliest hog); when none does, the connection
 * asking is closed. Either way memory stays under the limit and small frames from
 * working writers keep flowing while an attacker holds large partial ones.
 */
export class FrameBudget {
  used = 0;
  private readonly reading = new Set<ConnectionGuard>();
  constructor(readonly limit: number) {}

  /** The limits of one new connection; `destroy` closes it. */
  connection(name: string, l: ListenLimits, destroy: () => void): ConnectionGuard {
    return new ConnectionGuard(this, name, l, destroy);
  }

  reserve(g: ConnectionGuard, bytes: number): void {
    while (this.used + bytes > this.limit) {
      let victim: ConnectionGuard | undefined;
      for (const o of this.reading)
        if (o !== g && o.inFlight > bytes && (!victim || o.inFlight > victim.inFlight)) victim = o;
      if (!victim)
        throw g.closeFor(
          `a ${bytes}-byte frame would take the bytes held across connections past ${this.limit}`,
        );
      this.release(victim);
      victim.closeFor(`its unfinished frame made way for a smaller one (${bytes} bytes)`);
      victim.destroy();
    }
    this.used += bytes;
    g.inFlight = bytes;
    this.reading.add(g);
  }

  /**
   * The connection's frame is whole and handed over: its bytes wait for the consumer
   * now. False when the connection was closed to make room first: the frame is let go.
   */
  handOver(g: ConnectionGuard): boolean {
    if (!this.reading.delete(g)) return false;
    g.inFlight = 0;
    return true;
  }

  /** The connection's unfinished frame is dropped with it. */
  release(g: ConnectionGuard): void {
    this.used -= g.inFlight;
    g.inFlight = 0;
    this.reading.delete(g);
  }

  /** The consumer took (or a connection dropped) a frame's record. */
  consumed(bytes: number): void {
    this.used -= bytes;
  }
}

/** One connection's FrameLimits, and why and how they closed it. */
export class ConnectionGuard {
  /** Bytes reserved for the frame being read. */
  inFlight = 0;
  /** Set once a limit closed the connection: the reason counted, and the message reported. */
  reason: string | undefined;
  message: string | undefined;
  readonly frames: FrameLimits;

  constructor(
    budget: FrameBudget,
    private readonly name: string,
    l: ListenLimits,
    readonly destroy: () => void,
  ) {
    this.frames = {
      deadlines: {
        idleMs: l.idleTimeoutMs,
        readMs: l.frameTimeoutMs,
        timeout: (kind, ms) =>
          kind === "idle"
            ? this.closeFor(`idle for ${ms / 1000} s`, "idle")
            : this.closeFor(`a frame not complete after ${ms / 1000} s`, "frame too slow"),
      },
      reserve: (bytes) => budget.reserve(this, bytes),
      release: () => budget.release(this),
    };
  }

  /** Records why the connection is closed; the error to end its session with. */
  closeFor(what: string, reason = "over the buffer limit"): DnsightError {
    const e = new DnsightError("INPUT", `${this.name}: ${what}; closed`);
    if (this.reason === undefined) {
      this.reason = reason;
      this.message = e.message;
    }
    return e;
  }
}

/** Counts connections closed for a limit; reports the first few of each reason, then every 1000th. */
export class DropCounter {
  readonly reasons = new Map<string, number>();
  constructor(private readonly report: (e: Error) => void) {}
  add(reason: string, message: string): void {
    const n = (this.reasons.get(reason) ?? 0) + 1;
    this.reasons.set(reason, n);
    if (n <= 10 || n % 1000 === 0)
      this.report(new DnsightError("INPUT", n <= 10 ? message : `${message} (${n} so far)`));
  }
}
