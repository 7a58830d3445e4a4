// Turns for store slices, server-wide: one slice at a time, and after each one a
// pause at least as long as its work. Why: node accepts about one new connection per
// event-loop iteration (measured on Node 20: with the loop busy 10 ms an iteration,
// 65 accepts a second against a flood of connects), so a loop that runs a slice of
// every running query in every iteration accepts so slowly that connections, a
// probe's among them, wait seconds in the kernel's queue behind idle ones. In the
// pauses the loop is idle and accepts (and reads, and writes) at full speed.
// - Queries get at most half the time, and a quarter while connections pour in
//   (more than FLOOD_PER_S), so accepting keeps up.
// - A request's first slice goes before the slices of requests already under way, and
//   does not wait out a pause: a small query is answered in one slice, at once,
//   whatever big ones run beside it (new requests are few: keys have a rate).

/** New connections a second above which accepting gets more of the loop. */
const FLOOD_PER_S = 1000;

/** Ends a turn: the work it did (ms), which sets the pause before the next one. */
export type EndTurn = (workMs: number) => void;

export class Pacer {
  private readonly first: Array<(end: EndTurn) => void> = [];
  private readonly rest: Array<(end: EndTurn) => void> = [];
  /** A turn is granted and not ended. */
  private busy = false;
  private pause: NodeJS.Timeout | undefined;
  private connections = 0;
  private windowStart = 0;
  private lastRate = 0;

  /** Resolves when it is the caller's turn to run one slice; the caller must end it. */
  turn(first: boolean): Promise<EndTurn> {
    return new Promise((resolve) => {
      (first ? this.first : this.rest).push(resolve);
      if (!this.busy && (first || this.pause === undefined)) this.next();
    });
  }

  /** Counts a new connection (the server's 'connection' event). */
  connected(): void {
    const now = performance.now();
    if (now - this.windowStart > 100) {
      this.lastRate = (this.connections * 1000) / Math.max(100, now - this.windowStart);
      this.connections = 0;
      this.windowStart = now;
    }
    this.connections++;
  }

  /** New connections a second, lately. */
  private rate(): number {
    const since = performance.now() - this.windowStart;
    if (since > 200) return 0;
    return Math.max(this.lastRate, (this.connections * 1000) / Math.max(100, since));
  }

  private next(): void {
    clearTimeout(this.pause);
    this.pause = undefined;
    const grant = this.first.shift() ?? this.rest.shift();
    if (grant === undefined) return;
    this.busy = true;
    let ended = false;
    grant((workMs) => {
      if (ended) return;
      ended = true;
      this.busy = false;
      const pause = this.rate() > FLOOD_PER_S ? 3 * workMs : workMs;
      this.pause = setTimeout(() => this.next(), pause);
    });
  }
}
