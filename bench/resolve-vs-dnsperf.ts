// Bench: `dnsight resolve` against `dnsperf` on the same 100k names, served by
// one Knot on loopback, in one run. Target: dnsight ≥ 0.6× dnsperf's qps with
// every name answered (dnsperf may lose queries; dnsight may not).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startKnot } from "../test/helpers/knot.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { fmt, runChild } from "./_util.js";

const N = Number(process.env.BENCH_NAMES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
/** dnsight's default output (zone-file lines) is what the ratio is taken on; NDJSON is reported beside it. */
const OUTPUTS: [string, string[]][] = [
  ["default", []],
  ["--json", ["--json"]],
];
/** dnsperf's best settings measured here: 100 in flight (no loss), and two threads. */
const DNSPERF_SETTINGS: [string, string[]][] = [
  ["-c1 -q100", ["-c", "1", "-q", "100"]],
  ["-T2 -c2 -q500", ["-T", "2", "-c", "2", "-q", "500"]],
];

export async function benchResolveVsDnsperf(): Promise<boolean> {
  const tmp = makeTmpDir("bench-resolve");
  let zone = "@ SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 127.0.0.1\n";
  const names: string[] = [];
  for (let i = 0; i < N; i++) {
    zone += `n${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
    names.push(`n${i}.bench.test`);
  }
  const namesFile = join(tmp.path, "names.txt");
  const perfFile = join(tmp.path, "names.perf");
  writeFileSync(namesFile, names.join("\n") + "\n");
  writeFileSync(perfFile, names.map((n) => `${n} A`).join("\n") + "\n");
  const knot = await startKnot({
    zones: [{ origin: "bench.test", text: zone }],
    startTimeoutMs: 60_000,
  });
  const server = `${knot.host}:${knot.port}`;
  console.log(
    `resolve vs dnsperf: ${fmt(N)} names, Knot (1 UDP worker) at ${server}, best of ${ROUNDS} rounds each`,
  );
  let bestPerf = 0;
  let bestOurs = 0;
  let bestOursRun = 0;
  let bestJson = 0;
  let allAnswered = true;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // dnsperf at its best settings here: one pass over the file, one or two threads.
      const perfRuns: string[] = [];
      for (const [label, args] of DNSPERF_SETTINGS) {
        const perf = await runChild(
          "dnsperf",
          ["-s", knot.host, "-p", String(knot.port), "-d", perfFile, "-n", "1", "-t", "2", ...args],
          { timeoutMs: 120_000 },
        );
        const qps = Number(/Queries per second:\s+([\d.]+)/.exec(perf.stdout)?.[1] ?? 0);
        const lost = /Queries lost:\s+(\d+)/.exec(perf.stdout)?.[1] ?? "?";
        bestPerf = Math.max(bestPerf, qps);
        perfRuns.push(`${label} ${fmt(qps)} qps (lost ${lost})`);
      }
      const lines: string[] = [];
      for (const [label, extra] of OUTPUTS) {
        const out = join(tmp.path, "out");
        const ours = await runChild(
          process.execPath,
          [
            CLI,
            "resolve",
            namesFile,
            "-t",
            "A",
            "--server",
            server,
            "--no-store",
            "--out",
            out,
            ...extra,
          ],
          { timeoutMs: 300_000 },
        );
        if (ours.code !== 0)
          throw new Error(`dnsight resolve failed (${ours.code}): ${ours.stderr}`);
        // The whole run (vetting and thread start included) and the run proper.
        const whole = Number(/in ([\d.]+) s/.exec(ours.stderr)?.[1] ?? ours.wallMs / 1000);
        const proper = Number(/after start-up: ([\d.]+) s/.exec(ours.stderr)?.[1] ?? whole);
        const noerror = Number(/NOERROR (\d+)/.exec(ours.stderr)?.[1] ?? 0);
        allAnswered &&= noerror === N;
        if (label === "default") {
          bestOurs = Math.max(bestOurs, N / whole);
          bestOursRun = Math.max(bestOursRun, N / proper);
        } else bestJson = Math.max(bestJson, N / whole);
        lines.push(
          `           dnsight (${label} output) ${fmt(N / whole)} qps whole run, ${fmt(N / proper)} after start-up, ` +
            `${fmt(noerror)}/${fmt(N)} answered, process wall ${(ours.wallMs / 1000).toFixed(2)} s, peak RSS ${fmt(ours.peakRssKb / 1024)} MB`,
        );
      }
      console.log(`  round ${round}: dnsperf ${perfRuns.join(", ")}`);
      for (const l of lines) console.log(l);
    }
  } finally {
    await knot.stop();
    tmp.remove();
  }
  const ratio = bestOurs / bestPerf;
  const ok = ratio >= 0.6 && allAnswered;
  console.log(
    `  best: dnsperf ${fmt(bestPerf)} qps, dnsight ${fmt(bestOurs)} qps (${fmt(bestOursRun)} after start-up), ` +
      `ratio ${ratio.toFixed(2)} (${(bestOursRun / bestPerf).toFixed(2)} after start-up; with --json ${(bestJson / bestPerf).toFixed(2)}) ` +
      `(target ≥ 0.60, every name answered: ${allAnswered ? "yes" : "NO"}) ${ok ? "PASS" : "BELOW TARGET"}`,
  );
  return ok;
}
