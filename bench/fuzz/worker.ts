import { parentPort, workerData } from "node:worker_threads";
import { crashSignature, errorKind } from "./classify.js";
import { RECIPES } from "./gen/index.js";
import type { Recipe } from "./gen/recipe.js";
import { MAX_INPUT, S, type WorkerJob, type WorkerMessage, type WorkerStats } from "./protocol.js";
import { rngFor, type Rng } from "./rng.js";
import type { FuzzTarget } from "./target.js";
import { targetNamed } from "./targets/index.js";

// The fuzz worker: makes inputs [from, to) of one target and parses them, copying each
// into shared memory first so the supervisor, which watches the clock, can keep an
// input the parser never returns from. Crashes are posted with their input (the first
// two of each signature), then shrunk and posted again.

const job = workerData as WorkerJob;
const state = new Int32Array(job.state);
const shared = new Uint8Array(job.input);
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

const SHRINK_ATTEMPTS = 400;
const SHRINK_MS = 3000;

function choose(recipes: readonly Recipe[], total: number, r: Rng): Recipe {
  let x = r() * total;
  for (const rec of recipes) {
    x -= rec.weight;
    if (x < 0) return rec;
  }
  return recipes[recipes.length - 1]!;
}

/** Runs one input; the error, or undefined when it parsed. */
async function attempt(
  target: FuzzTarget,
  input: Uint8Array,
): Promise<{ error: unknown } | undefined> {
  const len = Math.min(input.length, MAX_INPUT);
  shared.set(input.subarray(0, len));
  Atomics.store(state, S.LENGTH, len);
  Atomics.add(state, S.TICK, 1);
  Atomics.store(state, S.BUSY, 1);
  try {
    const p = target.run(input);
    if (p) await p;
    return undefined;
  } catch (error) {
    return { error };
  } finally {
    Atomics.store(state, S.BUSY, 0);
  }
}

/** A smaller input that fails with the same signature: cut chunks, halves first. */
async function shrink(
  target: FuzzTarget,
  input: Uint8Array,
  signature: string,
): Promise<Uint8Array> {
  let best = Buffer.from(input);
  const t0 = performance.now();
  let tries = 0;
  for (let chunk = best.length >> 1; chunk >= 1; chunk >>= 1) {
    for (let at = 0; at + chunk <= best.length;) {
      if (tries++ >= SHRINK_ATTEMPTS || performance.now() - t0 > SHRINK_MS) return best;
      const candidate = Buffer.concat([best.subarray(0, at), best.subarray(at + chunk)]);
      const got = await attempt(target, candidate);
      if (got && !target.clean(got.error) && crashSignature(got.error) === signature)
        best = candidate;
      else at += chunk;
    }
  }
  return best;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const target = targetNamed(job.target);
  const all = await RECIPES[job.target]!(job.seed);
  const recipes = all.filter((r) => !job.disabled.includes(r.name));
  const total = recipes.reduce((s, r) => s + r.weight, 0);
  const stats: WorkerStats = {
    count: 0,
    ok: 0,
    hostile: 0,
    bytes: 0,
    clean: {},
    crashes: {},
    slow: 0,
    loopMs: 0,
    setupMs: performance.now() - t0,
    recipes: all.map((r) => r.name),
  };
  // The first report says the setup is done: a worker that dies before it never ran an input.
  post({ type: "stats", stats, done: false });
  const loopStart = performance.now();
  let lastPost = loopStart;
  for (let i = job.from; i < job.to; i++) {
    const r = rngFor(job.seed, i);
    const recipe = choose(recipes, total, r);
    const input = recipe.make(r);
    Atomics.store(state, S.RECIPE, all.indexOf(recipe));
    Atomics.store(state, S.INDEX, i);
    const c0 = process.cpuUsage();
    const start = performance.now();
    const got = await attempt(target, input);
    const ms = performance.now() - start;
    const used = process.cpuUsage(c0);
    const cpuMs = (used.user + used.system) / 1000;
    stats.count++;
    stats.bytes += input.length;
    if (recipe.hostile) stats.hostile++;
    if (ms > 100) stats.slow++;
    const here = { ms, cpuMs, index: i, bytes: input.length, recipe: recipe.name };
    if (stats.slowest === undefined || ms > stats.slowest.ms) stats.slowest = here;
    if (stats.slowestCpu === undefined || cpuMs > stats.slowestCpu.cpuMs) stats.slowestCpu = here;
    if (got === undefined) stats.ok++;
    else if (target.clean(got.error)) {
      const kind = errorKind(got.error);
      stats.clean[kind] = (stats.clean[kind] ?? 0) + 1;
    } else {
      const signature = crashSignature(got.error);
      const seen = (stats.crashes[signature] = (stats.crashes[signature] ?? 0) + 1);
      if (seen <= 2) {
        const e = got.error;
        const detail = e instanceof Error ? (e.stack ?? e.message).slice(0, 2000) : String(e);
        const base = { type: "crash", signature, detail, recipe: recipe.name, index: i } as const;
        post({ ...base, input: Buffer.from(input), minimized: false });
        if (seen === 1) {
          const small = await shrink(target, input, signature);
          if (small.length < input.length)
            post({ ...base, input: Buffer.from(small), minimized: true });
        }
      }
    }
    const now = performance.now();
    if (now - lastPost > 250) {
      stats.loopMs = now - loopStart;
      post({ type: "stats", stats, done: false });
      lastPost = now;
    }
  }
  stats.loopMs = performance.now() - loopStart;
  post({ type: "stats", stats, done: true });
}

await main();
