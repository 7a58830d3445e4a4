import { HttpError } from "./http.js";

// Per-key quotas: a token bucket for the query rate and a cap on queries running at
// once. DNSDB states the rate as a burst: at most burst_size queries in any
// burst_window seconds. A bucket of burst_size tokens refilled at
// burst_size/burst_window per second allows exactly that, and refills smoothly
// instead of all at once. Over the rate is 429 (with Retry-After, RFC 6585 4); too
// many at once is 503, DNSDB's status for "too many concurrent". State is in memory:
// a restart forgets it, which only ever errs toward the caller.

export interface QuotaLimits {
  /** Queries per burst window (0: no rate limit). */
  burstSize: number;
  /** The window, in seconds. */
  burstWindow: number;
  /** Queries of one key running at once. */
  keyConcurrency: number;
}

export const DEFAULT_QUOTA: QuotaLimits = { burstSize: 600, burstWindow: 60, keyConcurrency: 4 };

interface Bucket {
  tokens: number;
  /** performance.now() ms of the last refill. */
  at: number;
}

export class KeyQuotas {
  private readonly buckets = new Map<string, Bucket>();
  private readonly running = new Map<string, number>();

  constructor(
    readonly limits: QuotaLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The bucket of `key`, refilled up to now. */
  private bucket(key: string): Bucket {
    const now = this.clock();
    const { burstSize, burstWindow } = this.limits;
    const b = this.buckets.get(key) ?? { tokens: burstSize, at: now };
    b.tokens = Math.min(burstSize, b.tokens + ((now - b.at) / 1000) * (burstSize / burstWindow));
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  /** Takes a query's token and slot, or throws HttpError 429/503; call the result when done. */
  admit(key: string): () => void {
    const n = this.running.get(key) ?? 0;
    if (n >= this.limits.keyConcurrency)
      throw new HttpError(
        503,
        `too many concurrent queries for this API key (at most ${this.limits.keyConcurrency})`,
        { "retry-after": "1" },
      );
    if (this.limits.burstSize > 0) {
      const b = this.bucket(key);
      if (b.tokens < 1) {
        const perSecond = this.limits.burstSize / this.limits.burstWindow;
        const wait = Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
        throw new HttpError(
          429,
          `rate limit: ${this.limits.burstSize} queries per ${this.limits.burstWindow} s for this API key`,
          { "retry-after": String(wait) },
        );
      }
      b.tokens -= 1;
    }
    this.running.set(key, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    };
  }

  /** The tokens in `key`'s bucket now: queries it may start (burstSize when it has made none). */
  tokens(key: string): number {
    return this.limits.burstSize > 0 ? this.bucket(key).tokens : Infinity;
  }
}
