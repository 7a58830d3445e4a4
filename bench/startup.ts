// Bench (issue 17, start-up): wall time of `dnsight --version` and of a one-name
// `dnsight lookup` (to a Knot on loopback, with and without recording the answer in a
// SQLite store, the default), each a fresh process of the built CLI as a user runs it
// (node dist/cli/main.js), beside `kdig` asking the same server (the peer: a C
// program) and `node -e 0` (what any Node program pays before its first line).
// Target: under 80 ms. Three rounds of BENCH_STARTUP_RUNS runs each (default 20);
// medians and p90s. Nothing leaves loopback: the server is named, the resolver file
// and HOME are pinned.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKnot } from "../test/helpers/knot.js";
import { makeTmpDir } from "../test/helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const MAIN = join(ROOT, "dist", "cli", "main.js");
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 20);
const ROUNDS = 3;
const TARGET_MS = 80;

/** Wall time of each of `runs` runs of `cmd`, in ms, sorted; fails on an exit status or a wrong answer. */
function times(cmd: string[], env: NodeJS.ProcessEnv, expect: RegExp, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: "utf8", timeout: 10_000 });
    out.push(performance.now() - t0);
    if (r.status !== 0 || !expect.test(r.stdout))
      throw new Error(
        `${cmd.join(" ")}: exit ${r.status}: ${(r.stderr || r.stdout).slice(0, 300)}`,
      );
  }
  return out.sort((a, b) => a - b);
}

const at = (xs: number[], q: number): number =>
  xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export async function benchStartup(): Promise<boolean> {
  const tmp = makeTmpDir("bench-startup");
  const knot = await startKnot({
    zones: [
      {
        origin: "startup.test",
        text: "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\nwww 300 A 192.0.2.80\n",
      },
    ],
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: tmp.path,
    DNSIGHT_RESOLV_CONF: "/nonexistent",
    DNSIGHT_DB: join(tmp.path, "dnsight.db"),
    NO_PROXY: "*",
  };
  const server = `${knot.host}:${knot.port}`;
  const answer = /192\.0\.2\.80/;
  const cases: { name: string; cmd: string[]; expect: RegExp; target: boolean }[] = [
    {
      name: "node -e 0 (Node itself)",
      cmd: [process.execPath, "-e", "0"],
      expect: /^$/,
      target: false,
    },
    {
      name: "kdig (the peer)",
      cmd: ["kdig", `@${knot.host}`, "-p", String(knot.port), "+short", "www.startup.test", "A"],
      expect: answer,
      target: false,
    },
    {
      name: "dnsight --version",
      cmd: [process.execPath, MAIN, "--version"],
      expect: /^dnsight /,
      target: true,
    },
    {
      name: "dnsight lookup --no-store",
      cmd: [process.execPath, MAIN, "lookup", "www.startup.test", "-s", server, "--no-store"],
      expect: answer,
      target: true,
    },
    {
      name: "dnsight lookup (stored)",
      cmd: [process.execPath, MAIN, "lookup", "www.startup.test", "-s", server],
      expect: answer,
      target: true,
    },
  ];
  let ok = true;
  try {
    console.log(
      `start-up: ${RUNS} fresh processes per command and round, wall time, against Knot on ${server}; ${ROUNDS} rounds (target < ${TARGET_MS} ms)`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`  round ${round}:`);
      const medians = new Map<string, number>();
      for (const c of cases) {
        const xs = times(c.cmd, env, c.expect, RUNS);
        const p50 = at(xs, 0.5);
        medians.set(c.name, p50);
        const vsKdig = medians.get("kdig (the peer)");
        const vsNode = medians.get("node -e 0 (Node itself)");
        const met = p50 < TARGET_MS;
        if (c.target) ok &&= met;
        console.log(
          `    ${c.name.padEnd(28)} p50 ${p50.toFixed(1).padStart(6)} ms  p90 ${at(xs, 0.9).toFixed(1).padStart(6)} ms` +
            (c.target && vsKdig !== undefined && vsNode !== undefined
              ? `  ${(p50 / vsKdig).toFixed(1)}× kdig, +${(p50 - vsNode).toFixed(1)} ms over node  ${met ? "MET" : "MISSED"}`
              : ""),
        );
      }
    }
    return ok;
  } finally {
    await knot.stop();
    tmp.remove();
  }
}
