// A small seeded PRNG for the fuzzer: input i of a run is made from rngFor(seed, i)
// alone (plus pools built from the seed), so a worker restarted after a stall makes
// the same inputs as the one it replaces, and a run can be repeated with --seed.

export type Rng = () => number;

/** mulberry32: fast, 32-bit state, good enough for shaping inputs. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator for input `index` of a run seeded with `seed`. */
export function rngFor(seed: number, index: number): Rng {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index, 0xc2b2ae35));
}

/** An integer in [lo, hi]. */
export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

export const pick = <T>(r: Rng, xs: readonly T[]): T => {
  if (xs.length === 0) throw new RangeError("pick from an empty list");
  return xs[Math.floor(r() * xs.length)]!;
};

export const chance = (r: Rng, p: number): boolean => r() < p;

/** Sizes spread evenly over orders of magnitude in [lo, hi], so small and huge both come up. */
export const logSize = (r: Rng, lo: number, hi: number): number =>
  Math.floor(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))));

/** FNV-1a over a sample of the bytes and the length: a cheap, stable fingerprint. */
export function quickHash(b: Uint8Array): number {
  let h = 2166136261 ^ b.length;
  const step = Math.max(1, Math.floor(b.length / 64));
  for (let i = 0; i < b.length; i += step) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}
