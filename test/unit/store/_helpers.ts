import type { Observation } from "../../../src/model/observation.js";
import type { Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";

/** A valid observation; override what the test is about. */
export function obs(over: Partial<Observation> = {}): Observation {
  return {
    rrname: "www.example.com",
    rrtype: "A",
    rdata: "192.0.2.1",
    timeFirst: 1_700_000_000,
    timeLast: 1_700_000_000,
    count: 1,
    source: "passive",
    ...over,
  };
}

/** Runs `fn` on a fresh store and closes it whatever happens. */
export async function withStore<T>(
  factory: StoreFactory,
  fn: (s: Store) => Promise<T>,
): Promise<T> {
  const store = await factory.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Deterministic PRNG (mulberry32), so a failing random case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
