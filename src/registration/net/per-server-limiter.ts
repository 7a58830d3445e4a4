import { TokenBucket } from "../../util/token-bucket.js";

// Politeness: each registry server gets its own token bucket, and a server that
// throttled us (a throttle text, HTTP 429) is left alone until its back-off ends.

export interface LimiterOptions {
  /** Queries per second per server (default 1: registries ban faster clients). */
  rate?: number;
  burst?: number;
}

export class PerServerLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly backoffUntil = new Map<string, number>();

  constructor(private readonly o: LimiterOptions = {}) {}

  /** Resolves when a query to `server` may be sent. */
  async acquire(server: string): Promise<void> {
    const key = server.toLowerCase();
    let bucket = this.buckets.get(key);
    if (!bucket)
      this.buckets.set(key, (bucket = new TokenBucket(this.o.rate ?? 1, this.o.burst ?? 1)));
    for (;;) {
      const until = this.backoffUntil.get(key) ?? 0;
      const wait = Math.max(until - Date.now(), bucket.wait());
      if (wait <= 0 && bucket.take()) return;
      await new Promise((r) => setTimeout(r, Math.max(wait, 1)));
    }
  }

  /** The server asked us to slow down: no query to it for `ms` (doubling when repeated is the caller's choice). */
  backOff(server: string, ms: number): void {
    const key = server.toLowerCase();
    this.backoffUntil.set(key, Math.max(this.backoffUntil.get(key) ?? 0, Date.now() + ms));
  }

  /** Milliseconds until `server` may be asked again because of a back-off (0 when free). */
  backoffLeft(server: string): number {
    return Math.max(0, (this.backoffUntil.get(server.toLowerCase()) ?? 0) - Date.now());
  }
}
