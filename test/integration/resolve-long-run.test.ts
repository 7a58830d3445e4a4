// `resolve` as a long job: on a terminal (a real pty, through util-linux `script`)
// the progress bar only moves forward and the summary is the last line; Ctrl-C
// stops at once with a summary, and what went to the output is exactly what went
// to the store; `--resume` then carries on without asking any name twice.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { assertMonotone, onTerminal, screenLines, shellWords } from "../helpers/terminal.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NAMES = 30_000;

describe("resolve: a long run on a terminal, interrupted and resumed", () => {
  let knot: KnotServer;
  const tmp = makeTmpDir("long");
  const names = join(tmp.path, "names.txt");
  const env = { ...process.env, DNSIGHT_RESOLV_CONF: "/nonexistent", NO_COLOR: "1" };
  before(async () => {
    knot = await startKnot({
      zones: [
        { origin: "long.test", text: "@ 300 SOA a b 1 1 1 1 1\n@ 300 NS a\n* 300 A 192.0.2.7\n" },
      ],
    });
    writeFileSync(
      names,
      Array.from({ length: NAMES }, (_, i) => `n${i}.long.test`).join("\n") + "\n",
    );
  });
  after(async () => {
    await knot.stop();
    tmp.remove();
  });
  const server = (): string => `127.0.0.1:${knot.port}`;

  it("on a terminal: the bar never goes back, and the summary comes after the last result", () => {
    const db = join(tmp.path, "tty.db");
    const cmd = shellWords([
      process.execPath,
      MAIN,
      "resolve",
      names,
      "--server",
      server(),
      "--qps",
      "6000",
      "--db",
      db,
    ]);
    const { status, screen } = onTerminal(cmd, env);
    assert.equal(status, 0, screen.slice(-2000));
    const percents = [...screen.matchAll(/\] (\d+\.\d)% /g)].map((m) => Number(m[1]));
    assert.ok(percents.length >= 3, `the bar was drawn ${percents.length} times`);
    assertMonotone(percents, "bar");
    const lines = screenLines(screen);
    const results = lines.filter((l) => /^n\d+\.long\.test\.\t300\tIN\tA\t192\.0\.2\.7$/.test(l));
    assert.equal(results.length, NAMES);
    const lastResult = lines.lastIndexOf(results[results.length - 1]!);
    const summaryAt = lines.findIndex((l) => l.startsWith(`resolved ${NAMES} names`));
    assert.ok(summaryAt > lastResult, "the summary comes after every result");
    assert.match(
      lines[lines.length - 1]!,
      /^upstream 127\.0\.0\.1:\d+: sent \d+, answered \d+, timeouts \d+$/,
    );
  });

  it("Ctrl-C: out at once with a summary, output equal to the store; --resume finishes the rest", async () => {
    const db = join(tmp.path, "int.db");
    const out = join(tmp.path, "out.ndjson");
    const args = [
      MAIN,
      "resolve",
      names,
      "--server",
      server(),
      "--qps",
      "3000",
      "--json",
      "--out",
      out,
      "--db",
      db,
    ];
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    // Interrupted once results are flowing (a fixed wait lands before the first on a
    // loaded machine), well before the end.
    const until = performance.now() + 30_000;
    while (performance.now() < until && !(existsSync(out) && statSync(out).size > 0))
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const sent = performance.now();
    child.kill("SIGINT");
    const code = await exited;
    const took = performance.now() - sent;
    assert.equal(code, 130, stderr);
    assert.ok(took < 1500, `stopped ${Math.round(took)} ms after Ctrl-C`);
    const summary = /interrupted after [\d.]+ s: (\d+) results written/.exec(stderr);
    assert.ok(summary, stderr);
    const written = readFileSync(out, "utf8").split("\n").filter(Boolean);
    assert.equal(written.length, Number(summary[1]));
    assert.ok(written.length > 0 && written.length < NAMES, `${written.length} written`);
    const stored = (): string[] => {
      const d = new Database(db, { readonly: true });
      try {
        return (d.prepare("SELECT rrname FROM observations").all() as { rrname: string }[])
          .map((x) => x.rrname)
          .sort();
      } finally {
        d.close();
      }
    };
    const names1 = written.map((l) => (JSON.parse(l) as { name: string }).name).sort();
    assert.deepEqual(stored(), names1, "what was written is what was stored");

    const again = spawnSync(process.execPath, [...args, "--resume"], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, new RegExp(`skipped as done before ${written.length}`));
    const all = readFileSync(out, "utf8").split("\n").filter(Boolean);
    const allNames = all.map((l) => (JSON.parse(l) as { name: string }).name);
    assert.equal(allNames.length, NAMES, "each name once");
    assert.equal(new Set(allNames).size, NAMES);
    assert.equal(stored().length, NAMES);
  });
});
