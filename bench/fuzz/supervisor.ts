import { dropFailure, knownFailure, saveFailure } from "./corpus.js";
import { Replayer } from "./replay.js";
import { startWorker } from "./start-worker.js";
import {
  MAX_INPUT,
  S,
  STATE_SLOTS,
  type Slowest,
  type WorkerJob,
  type WorkerMessage,
  type WorkerStats,
} from "./protocol.js";

// The main-thread side of a fuzz run for one target: starts the worker, watches the
// shared state every 25 ms, and when one input has been in the parser longer than the
// stall limit, keeps that input, terminates the worker and starts a new one after it.
// A recipe that stalls twice is switched off for the rest of the run. Every failing
// input is written to the corpus (test/fuzz-corpus/<target>/<sha256 prefix>.bin).

export interface Failure {
  kind: "crash" | "stall" | "died";
  signature: string;
  detail: string;
  recipe: string;
  index: number;
  /** Corpus file written (or already holding this failure), relative to the repository. */
  file?: string;
  /** The corpus already had this failure from an earlier run. */
  known?: boolean;
  bytes: number;
}

export interface TargetResult {
  target: string;
  inputs: number;
  wallMs: number;
  loopMs: number;
  setupMs: number;
  ok: number;
  hostile: number;
  bytes: number;
  clean: Record<string, number>;
  crashes: Record<string, number>;
  stalls: number;
  /** Inputs over the stall limit once that parsed in time when run again (machine load). */
  unconfirmed: number;
  slow: number;
  slowest?: Slowest;
  slowestCpu?: Slowest;
  /** CPU milliseconds the process used while this target ran (its own with --jobs 1). */
  cpuMs: number;
  failures: Failure[];
  disabled: string[];
  restarts: number;
}

export interface RunOptions {
  target: string;
  seed: number;
  count: number;
  stallMs: number;
  /** Write failing inputs to the corpus (off for a dry run). */
  save: boolean;
  /** Stalls of one recipe before it is switched off (a hostile one: after the first). */
  stallsPerRecipe?: number;
  log?: (line: string) => void;
}

const add = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export async function fuzzTarget(o: RunOptions): Promise<TargetResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const res: TargetResult = {
    target: o.target,
    inputs: 0,
    wallMs: 0,
    loopMs: 0,
    setupMs: 0,
    ok: 0,
    hostile: 0,
    bytes: 0,
    clean: {},
    crashes: {},
    stalls: 0,
    unconfirmed: 0,
    slow: 0,
    failures: [],
    disabled: [],
    restarts: 0,
    cpuMs: 0,
  };
  const stallsByRecipe = new Map<string, number>();
  const savedBySignature = new Map<string, number>();
  const state = new SharedArrayBuffer(STATE_SLOTS * 4);
  const input = new SharedArrayBuffer(MAX_INPUT);
  const view = new Int32Array(state);
  const fold = (s: WorkerStats): void => {
    res.ok += s.ok;
    res.hostile += s.hostile;
    res.bytes += s.bytes;
    res.slow += s.slow;
    res.loopMs += s.loopMs;
    res.setupMs += s.setupMs;
    add(res.clean, s.clean);
    add(res.crashes, s.crashes);
    if (s.slowest && (!res.slowest || s.slowest.ms > res.slowest.ms)) res.slowest = s.slowest;
    if (s.slowestCpu && (!res.slowestCpu || s.slowestCpu.cpuMs > res.slowestCpu.cpuMs))
      res.slowestCpu = s.slowestCpu;
  };
  const keep = (f: Failure, bytes: Uint8Array): void => {
    res.failures.push(f);
    if (!o.save) return;
    const key = f.kind === "stall" ? `stall: ${f.recipe}` : f.signature;
    const known = knownFailure(o.target, key);
    if (known) {
      f.file = known.file;
      f.known = true;
      return;
    }
    f.file = saveFailure(bytes, {
      target: o.target,
      kind: f.kind,
      signature: key,
      recipe: f.recipe,
      seed: o.seed,
      index: f.index,
    });
  };

  let from = 0;
  let startFailures = 0;
  while (from < o.count) {
    Atomics.store(view, S.INDEX, from);
    Atomics.store(view, S.BUSY, 0);
    const job: WorkerJob = {
      target: o.target,
      seed: o.seed,
      from,
      to: o.count,
      disabled: res.disabled,
      state,
      input,
    };
    const ended = await runWorker(job, view, input, o, {
      onCrash: (m) => {
        const f: Failure = {
          kind: "crash",
          signature: m.signature,
          detail: m.detail,
          recipe: m.recipe,
          index: m.index,
          bytes: m.input.length,
        };
        const prior = res.failures.find((x) => x.signature === m.signature && x.index === m.index);
        if (m.minimized && prior) {
          // The shrunk input replaces the one saved for it in this run.
          if (!o.save || prior.known || prior.file === undefined) return;
          dropFailure(prior.file);
          prior.bytes = m.input.length;
          prior.file = saveFailure(m.input, {
            target: o.target,
            kind: "crash",
            signature: m.signature,
            recipe: m.recipe,
            seed: o.seed,
            index: m.index,
          });
          return;
        }
        const n = (savedBySignature.get(m.signature) ?? 0) + 1;
        savedBySignature.set(m.signature, n);
        if (n <= 1) keep(f, m.input);
      },
    });
    if (ended.stats) fold(ended.stats);
    if (ended.kind === "done") break;
    // A stall or a dead worker: keep the input, start again after it.
    const index = Atomics.load(view, S.INDEX);
    const len = Atomics.load(view, S.LENGTH);
    const bytes = Buffer.from(new Uint8Array(input, 0, len));
    const recipeNames = ended.stats?.recipes ?? [];
    const recipe = recipeNames[Atomics.load(view, S.RECIPE)] ?? "?";
    if (ended.kind === "stall" && !(await stallRepeats(o, bytes))) {
      // Over the limit once, fast on a second try: the machine, not the parser.
      res.unconfirmed++;
      o.log?.(`  ${o.target}: input ${index} (${recipe}) was slow once but not again; not kept`);
    } else if (ended.kind === "stall") {
      res.stalls++;
      const n = (stallsByRecipe.get(recipe) ?? 0) + 1;
      stallsByRecipe.set(recipe, n);
      const limit = recipe.startsWith("hostile") ? 1 : (o.stallsPerRecipe ?? 2);
      if (n >= limit && !res.disabled.includes(recipe)) res.disabled.push(recipe);
      keep(
        {
          kind: "stall",
          signature: `stall over ${o.stallMs} ms`,
          detail: `input ${index} (${recipe}, ${bytes.length} bytes) still in the parser after ${o.stallMs} ms`,
          recipe,
          index,
          bytes: bytes.length,
        },
        bytes,
      );
    } else if (ended.stats === undefined) {
      // Died before its first report: the setup failed (or the machine is out of memory),
      // not an input. Try again a few times, then give up on this target.
      if (++startFailures >= 3)
        throw new Error(`${o.target}: fuzz worker failed to start: ${ended.why}`);
      o.log?.(`  ${o.target}: worker died before its first input (${ended.why}); starting again`);
      continue;
    } else {
      keep(
        {
          kind: "died",
          signature: `worker died: ${ended.why}`,
          detail: ended.why,
          recipe,
          index,
          bytes: bytes.length,
        },
        bytes,
      );
    }
    startFailures = 0;
    const why = ended.kind === "died" ? `: ${ended.why}` : "";
    o.log?.(
      `  ${o.target}: ${ended.kind} at input ${index} (${recipe})${why}; restarting after it`,
    );
    res.restarts++;
    from = index + 1;
  }
  // Every index was made and parsed, or was the one that stalled (the counts above
  // come from the workers' last reports, which can miss a few before a stall).
  res.inputs = o.count;
  res.wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  res.cpuMs = (cpu.user + cpu.system) / 1000;
  return res;
}

type Ended =
  | { kind: "done"; stats?: WorkerStats }
  | { kind: "stall"; stats?: WorkerStats }
  | { kind: "died"; why: string; stats?: WorkerStats };

function runWorker(
  job: WorkerJob,
  view: Int32Array,
  _input: SharedArrayBuffer,
  o: RunOptions,
  h: { onCrash: (m: Extract<WorkerMessage, { type: "crash" }>) => void },
): Promise<Ended> {
  return new Promise((resolve) => {
    const w = startWorker(new URL("./worker.ts", import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let stats: WorkerStats | undefined;
    let finished = false;
    let tick = Atomics.load(view, S.TICK);
    let since = performance.now();
    const finish = (e: Ended): void => {
      if (finished) return;
      finished = true;
      clearInterval(watch);
      resolve(e);
    };
    const watch = setInterval(() => {
      const now = performance.now();
      const t = Atomics.load(view, S.TICK);
      if (t !== tick) {
        tick = t;
        since = now;
        return;
      }
      if (Atomics.load(view, S.BUSY) === 1 && now - since > o.stallMs) {
        finish({ kind: "stall", ...(stats ? { stats } : {}) });
        void w.terminate();
      }
    }, 25);
    w.on("message", (m: WorkerMessage) => {
      if (m.type === "stats") {
        stats = m.stats;
        if (m.done) {
          finish({ kind: "done", stats });
          void w.terminate();
        }
      } else if (!finished) h.onCrash(m);
    });
    w.on("error", (e) => {
      finish({ kind: "died", why: e.message, ...(stats ? { stats } : {}) });
    });
    w.on("exit", (code) => {
      finish({ kind: "died", why: `exit code ${code}`, ...(stats ? { stats } : {}) });
    });
  });
}

/**
 * Runs a stalled input again in a fresh worker with room to spare: a stall counts only
 * if it uses the limit in CPU time again (or never returns). On a busy machine a thread
 * can be off its core for a second; the parse it was in is not to blame.
 */
async function stallRepeats(o: RunOptions, bytes: Uint8Array): Promise<boolean> {
  const replayer = new Replayer(10 * o.stallMs);
  try {
    const r = await replayer.run(o.target, bytes);
    return r.outcome === "hang" || r.cpuMs >= o.stallMs;
  } finally {
    await replayer.close();
  }
}
