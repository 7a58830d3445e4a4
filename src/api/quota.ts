import { HttpError } from "./http.js";

// Quotas: a token bucket for the query rate and a cap on queries running at once.
// DNSDB states the rate as a burst: at most burst_size queries in any burst_window
// seconds. A bucket of burst_size tokens refilled at burst_size/burst_window per
// second allows exactly that, and refills smoothly instead of all at once. Over the
// rate is 429 (with Retry-After, RFC 6585 4); too many at once is 503, DNSDB's status
// for "too many concurrent". State is in memory: a restart forgets it, which only
// ever errs toward the caller.
//
// A caller draws from one or two buckets (bucketsOf): its API key's, and its user's.
// A session counts against its user; a key that belongs to a user against the key
// and the user, so a user's keys and sessions together get no more than one user's
// rate. A key made before users has its own bucket only. Buckets are named
// "key:ID" and "user:NAME"; the first one given also holds the concurrency slot.

export interface QuotaLimits {
  /** Queries per burst window (0: no rate limit). */
  burstSize: number;
  /** The window, in seconds. */
  burstWindow: number;
  /** Queries of one key (or one user's sessions) running at once. */
  keyConcurrency: number;
}

export const DEFAULT_QUOTA: QuotaLimits = { burstSize: 600, burstWindow: 60, keyConcurrency: 4 };

interface Bucket {
  tokens: number;
  /** performance.now() ms of the last refill. */
  at: number;
}

/** One bucket's state, for the RateLimit header (./rate-headers.ts). */
export interface BucketState {
  /** "key" or "user": the policy it is counted under. */
  policy: string;
  /** Whole queries it may start now. */
  remaining: number;
  /** Seconds until it is full again. */
  reset: number;
}

/** The buckets of a caller: its key's (if it came with one) and its user's (if it has one). */
export function bucketsOf(keyId: string | undefined, user: string | undefined): string[] {
  const out: string[] = [];
  if (keyId !== undefined) out.push(`key:${keyId}`);
  if (user !== undefined) out.push(`user:${user}`);
  return out;
}

const whose = (bucket: string): string =>
  bucket.startsWith("user:") ? `user ${bucket.slice(5)}` : "API key";

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

  /**
   * Takes a query's token from every bucket of `keys` and a slot of the first, or
   * throws HttpError 429/503 having taken nothing; call the result when done.
   */
  admit(keys: string | readonly string[]): () => void {
    const all = typeof keys === "string" ? [keys] : keys;
    const slot = all[0];
    if (slot === undefined) return () => undefined;
    const n = this.running.get(slot) ?? 0;
    if (n >= this.limits.keyConcurrency)
      throw new HttpError(
        503,
        `too many concurrent queries for this ${slot.startsWith("user:") ? "user" : "API key"} (at most ${this.limits.keyConcurrency})`,
        { "retry-after": "1" },
      );
    if (this.limits.burstSize > 0) {
      const { burstSize, burstWindow } = this.limits;
      for (const key of all) {
        const b = this.bucket(key);
        if (b.tokens >= 1) continue;
        const wait = Math.max(1, Math.ceil((1 - b.tokens) / (burstSize / burstWindow)));
        throw new HttpError(
          429,
          `rate limit: ${burstSize} queries per ${burstWindow} s for this ${whose(key)}`,
          { "retry-after": String(wait) },
        );
      }
      for (const key of all) this.bucket(key).tokens -= 1;
    }
    this.running.set(slot, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.running.get(slot) ?? 1) - 1;
      if (left > 0) this.running.set(slot, left);
      else this.running.delete(slot);
    };
  }

  /** The tokens in `key`'s bucket now: queries it may start (burstSize when it has made none). */
  tokens(key: string): number {
    return this.limits.burstSize > 0 ? this.bucket(key).tokens : Infinity;
  }

  /** Each bucket of `keys` as it is now; none when there is no rate limit. */
  state(keys: readonly string[]): BucketState[] {
    const { burstSize, burstWindow } = this.limits;
    if (burstSize <= 0) return [];
    return keys.map((key) => {
      const tokens = this.bucket(key).tokens;
      return {
        policy: key.slice(0, key.indexOf(":")),
        remaining: Math.floor(tokens),
        reset: Math.ceil(((burstSize - tokens) * burstWindow) / burstSize),
      };
    });
  }
}
