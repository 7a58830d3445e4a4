import { setTimeout as sleep } from "node:timers/promises";
import type { StubClient } from "../dns/client/stub.js";
import type { Watch } from "../store/types.js";
import { TokenBucket } from "../util/token-bucket.js";
import type { CheckName } from "./pass.js";

// When a running monitor runs what. Each check of each name falls due its interval
// after its last run (kept in the store, so a restart resumes the rhythm), stretched
// or shrunk by a fixed ±10% per name and check, so a watchlist added at once spreads
// out instead of hitting servers together.

export interface Intervals {
  /** Seconds between runs of each check. */
  dns: number;
  registration: number;
  lookalikes: number;
}

export interface Schedule {
  /** True when `check` of `w`, last run at `last` (epoch seconds), is due now. */
  due(w: Watch, check: CheckName, last: number | undefined): boolean;
  /** When it falls due (epoch seconds): now for a check never run. */
  next(w: Watch, check: CheckName, last: number | undefined): number;
}

export function schedule(
  every: Intervals,
  now: () => number = () => Date.now() / 1000,
  random: () => number = Math.random,
): Schedule {
  const jitter = new Map<string, number>();
  const next = (w: Watch, check: CheckName, last: number | undefined): number => {
    if (last === undefined) return now();
    const k = `${w.name}\0${check}`;
    let j = jitter.get(k);
    if (j === undefined) jitter.set(k, (j = 0.9 + random() * 0.2));
    return last + every[check] * j;
  };
  return { due: (w, check, last) => last === undefined || now() >= next(w, check, last), next };
}

export function dueFunction(
  every: Intervals,
  now: () => number = () => Date.now() / 1000,
  random: () => number = Math.random,
): (w: Watch, check: CheckName, last: number | undefined) => boolean {
  return schedule(every, now, random).due;
}

/** Every DNS query of a monitor through one rate: `qps` a second across all servers. */
export function rateLimited(client: StubClient, bucket: TokenBucket): StubClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "query" || typeof v !== "function") return v;
      return async (...args: unknown[]) => {
        while (!bucket.take()) await sleep(bucket.wait());
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
