// Bench (issue 10 §7): `npm run bench -- fuzz`. Every parser that reads untrusted bytes
// gets ≥ 1M inputs (mutated fixtures, structure-aware inputs, hostile sizes), each in a
// worker watched by a stall watchdog; failing inputs land in test/fuzz-corpus/, which
// test/unit/fuzz-corpus.test.ts replays on every `npm test`. Options:
//   --parser NAME[,NAME]  only these (see bench/fuzz/targets/index.ts)
//   --count N             inputs per parser (default 1,000,000)
//   --seed N              repeat a run (default: random, printed)
//   --stall-ms N          an input this slow is a stall (default 1000)
//   --jobs N              parsers fuzzed at once (default 2)
//   --no-save             do not write failing inputs to the corpus
//   --scale FILE...       only time the given corpus files at 1/16..1/1 of their size
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fmt } from "./_util.js";
import { describeScaling, scaleFile } from "./fuzz/scale.js";
import type { Slowest } from "./fuzz/protocol.js";
import { fuzzTarget, type TargetResult } from "./fuzz/supervisor.js";
import { TARGETS } from "./fuzz/targets/index.js";

const TOTAL_TARGET_MIN = 15;

interface Options {
  parsers: string[];
  count: number;
  seed: number;
  stallMs: number;
  jobs: number;
  save: boolean;
}

function options(argv: readonly string[]): Options {
  const o: Options = {
    parsers: [],
    count: 1_000_000,
    seed: Math.floor(Math.random() * 2 ** 31),
    stallMs: 1000,
    jobs: Math.max(1, Math.min(2, availableParallelism())),
    save: true,
  };
  const num = (i: number, flag: string): number => {
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--parser") o.parsers.push(...(argv[++i] ?? "").split(",").filter(Boolean));
    else if (a === "--count") o.count = num(i++, a);
    else if (a === "--seed") o.seed = num(i++, a);
    else if (a === "--stall-ms") o.stallMs = num(i++, a);
    else if (a === "--jobs") o.jobs = Math.max(1, num(i++, a));
    else if (a === "--no-save") o.save = false;
  }
  for (const p of o.parsers)
    if (!TARGETS.some((t) => t.name === p))
      throw new Error(`--parser ${p}: no such parser (${TARGETS.map((t) => t.name).join(", ")})`);
  return o;
}

const pct = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

function report(r: TargetResult): string[] {
  const secs = r.wallMs / 1000;
  const crashes = Object.values(r.crashes).reduce((s, n) => s + n, 0);
  const cleanTotal = Object.values(r.clean).reduce((s, n) => s + n, 0);
  const at = (s: Slowest | undefined): string =>
    s
      ? `${s.ms.toFixed(1)} ms wall, ${s.cpuMs.toFixed(1)} ms CPU (${s.recipe}, ${fmt(s.bytes)} B)`
      : "-";
  const lines = [
    `  ${r.target.padEnd(11)} ${fmt(r.inputs).padStart(9)} inputs in ${secs.toFixed(1)} s ` +
      `(${fmt(r.inputs / secs)}/s); parsed ${pct(r.ok, r.inputs)}, refused ${pct(cleanTotal, r.inputs)}; ` +
      `crashes ${fmt(crashes)}, stalls ${r.stalls}${r.unconfirmed ? ` (+${r.unconfirmed} not repeated)` : ""}; ` +
      `over 100 ms ${r.slow}; hostile ${fmt(r.hostile)}, ${fmt(r.bytes / 2 ** 20)} MiB; ` +
      `CPU ${(r.cpuMs / 1000).toFixed(0)} s`,
    `      slowest ${at(r.slowest)}; most CPU ${at(r.slowestCpu)}`,
  ];
  const kinds = Object.entries(r.clean).sort((a, b) => b[1] - a[1]);
  if (kinds.length > 0)
    lines.push(
      `      errors by kind (${kinds.length}): ` +
        kinds
          .slice(0, 5)
          .map(([k, n]) => `${k} ${pct(n, r.inputs)}`)
          .join(" | "),
    );
  for (const [sig, n] of Object.entries(r.crashes)) lines.push(`      CRASH ×${fmt(n)}: ${sig}`);
  for (const f of r.failures)
    lines.push(
      `      ${f.kind.toUpperCase()} ${f.file ?? "(not saved)"}${f.known ? " (in the corpus before)" : ""} ` +
        `(${fmt(f.bytes)} B, ${f.recipe}): ${f.signature}`,
    );
  if (r.disabled.length > 0)
    lines.push(`      recipes switched off after stalls: ${r.disabled.join(", ")}`);
  return lines;
}

export async function benchFuzz(): Promise<boolean> {
  const argv = process.argv.slice(2);
  const scale = argv.indexOf("--scale");
  if (scale >= 0) {
    for (const file of argv.slice(scale + 1).filter((a) => !a.startsWith("--")))
      console.log(describeScaling(await scaleFile(file)));
    return true;
  }
  const o = options(argv);
  const names = o.parsers.length > 0 ? o.parsers : TARGETS.map((t) => t.name);
  console.log(
    `fuzz: ${names.length} parsers × ${fmt(o.count)} inputs, seed ${o.seed}, stall limit ${o.stallMs} ms, ${o.jobs} at once` +
      (o.save ? ", failures to test/fuzz-corpus/" : ""),
  );
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const results: TargetResult[] = [];
  const queue = [...names];
  const log = (l: string): void => console.log(l);
  await Promise.all(
    Array.from({ length: Math.min(o.jobs, names.length) }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const r = await fuzzTarget({
          target: name,
          seed: o.seed,
          count: o.count,
          stallMs: o.stallMs,
          save: o.save,
          log,
        });
        results.push(r);
        for (const l of report(r)) console.log(l);
      }
    }),
  );
  const minutes = (performance.now() - t0) / 60_000;
  // Worker threads count in the process's CPU time: on a machine shared with other work,
  // CPU minutes over the cores used say what the run costs better than the wall clock.
  const cpu = process.cpuUsage(cpu0);
  const cpuMinutes = (cpu.user + cpu.system) / 60e6;
  const crashes = results.reduce(
    (s, r) => s + Object.values(r.crashes).reduce((a, n) => a + n, 0),
    0,
  );
  const stalls = results.reduce((s, r) => s + r.stalls, 0);
  const inputs = results.reduce((s, r) => s + r.inputs, 0);
  const slowest = results
    .flatMap((r) => (r.slowest ? [{ target: r.target, ...r.slowest }] : []))
    .sort((a, b) => b.ms - a.ms)[0];
  const ok = crashes === 0 && stalls === 0;
  console.log(
    `fuzz: ${fmt(inputs)} inputs in ${minutes.toFixed(1)} min wall, ${cpuMinutes.toFixed(1)} min CPU ` +
      `(${(cpuMinutes / o.jobs).toFixed(1)} min on ${o.jobs} idle cores; target ≤ ${TOTAL_TARGET_MIN} min at 1M per parser); ` +
      `${fmt(crashes)} crashes, ${stalls} stalls (target 0); slowest input ` +
      (slowest
        ? `${slowest.ms.toFixed(1)} ms wall, ${slowest.cpuMs.toFixed(1)} ms CPU (${slowest.target}, ${slowest.recipe})`
        : "-") +
      ` ${ok ? "PASS" : "MISSED"}`,
  );
  mkdirSync(new URL("./out/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL(`./out/fuzz-${o.seed}.json`, import.meta.url),
    JSON.stringify({ seed: o.seed, count: o.count, minutes, cpuMinutes, results }, null, 2),
  );
  return ok;
}
