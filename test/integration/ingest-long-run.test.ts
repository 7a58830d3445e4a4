// `ingest` as a long job (issue 11): on a terminal (a real pty, through util-linux
// `script`) a bar shows the bytes read of the file, rows/s and an ETA, only moves
// forward, and is gone before the summary, which is the last line; from standard
// input it shows bytes and rate alone; off a terminal there is no bar. Ctrl-C
// stores what was read with its checkpoint, says where it stopped and exits 130;
// the same command again then finishes, and the store is that of one clean run.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { cli } from "../helpers/cli.js";
import { capture } from "../helpers/pcap.js";
import {
  assertMonotone,
  barFrames,
  onTerminal,
  screenLines,
  shellWords,
} from "../helpers/terminal.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { zeekLog } from "../helpers/zeek-log.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const env = { ...process.env, NO_COLOR: "1", DNSIGHT_DB: "/nonexistent/dnsight.db" };
const tmp = makeTmpDir("ingest-long");
after(() => tmp.remove());

// Long enough for a few frames of the bar (drawn every 250 ms) on an idle machine.
const log = join(tmp.path, "dns.log");
writeFileSync(log, zeekLog(80_000, 30_000));
const pcap = join(tmp.path, "dns.pcap");
writeFileSync(pcap, capture(120_000).bytes);

const MIB = /([\d.]+) (B|KiB|MiB)/;
const bytesOf = (frame: string): number => {
  const m = MIB.exec(frame)!;
  return Number(m[1]) * (m[2] === "MiB" ? 1 << 20 : m[2] === "KiB" ? 1024 : 1);
};
const rowsOf = (frame: string): number =>
  Number(/([\d,]+) rows /.exec(frame)![1]!.replace(/,/g, ""));

/** Asserts the recording of an ingest: a bar drawn a few times, never going back, then the summary alone. */
function assertBarThenSummary(screen: string, file: string, withTotal: boolean): void {
  const frames = barFrames(screen);
  assert.ok(
    frames.length >= 3,
    `the bar was drawn ${frames.length} times:\n${screen.slice(-1500)}`,
  );
  for (const f of frames)
    assert.match(
      f,
      withTotal
        ? /^\[[#.]{20}\] \d+\.\d% [\d.]+ (B|KiB|MiB) of [\d.]+ MiB {2}[\d,]+ rows {2}[\d,]+ rows\/s( ETA \S+)?$/
        : /^[\d.]+ (B|KiB|MiB) {2}[\d,]+ rows {2}[\d,]+ rows\/s$/,
    );
  if (withTotal)
    assertMonotone(
      frames.map((f) => Number(/\] (\d+\.\d)% /.exec(f)![1])),
      "percentage",
    );
  assertMonotone(frames.map(bytesOf), "bytes read");
  assertMonotone(frames.map(rowsOf), "row count");
  const lines = screenLines(screen);
  assert.ok(
    !lines.some((l) => l.includes("rows/s")),
    `the bar was left on screen: ${lines.join("\n")}`,
  );
  assert.match(
    lines[lines.length - 1]!,
    new RegExp(`^ingested ${file}: \\d+ items, \\d+ observations`),
  );
}

describe("ingest on a terminal", () => {
  const cases: [string, string[]][] = [
    ["a Zeek log, one thread", ["zeek", log, "--threads", "1"]],
    ["a Zeek log, two threads", ["zeek", log, "--threads", "2", "--round-mb", "1"]],
    ["a capture", ["pcap", pcap]],
  ];
  for (const [i, [what, args]] of cases.entries())
    it(`${what}: the bar shows bytes of the file, rows/s and ETA, never goes back, and the summary is the last line`, () => {
      const db = join(tmp.path, `tty-${i}.db`);
      const r = onTerminal(
        shellWords([process.execPath, MAIN, "ingest", ...args, "--db", db]),
        env,
      );
      assert.equal(r.status, 0, r.screen.slice(-2000));
      assertBarThenSummary(r.screen, args[1]!, true);
    });

  it("from standard input: bytes and rate, without a percentage or an ETA", () => {
    const db = join(tmp.path, "tty-stdin.db");
    // A pause mid-stream keeps the bar up for several redraws however fast this machine parses.
    const half = Math.floor(statSync(pcap).size / 2);
    const feed = `{ head -c ${half} ${shellWords([pcap])}; sleep 1.2; tail -c +${half + 1} ${shellWords([pcap])}; }`;
    const r = onTerminal(
      `${feed} | ${shellWords([process.execPath, MAIN, "ingest", "pcap", "-", "--db", db])}`,
      env,
    );
    assert.equal(r.status, 0, r.screen.slice(-2000));
    assertBarThenSummary(r.screen, "-", false);
  });

  it("off a terminal: no bar, the summary alone", () => {
    const db = join(tmp.path, "pipe.db");
    const small = join(tmp.path, "small.log");
    writeFileSync(small, zeekLog(2000, 1000));
    const r = spawnSync(process.execPath, [MAIN, "ingest", "zeek", small, "--db", db], {
      env,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /^ingested .*small\.log: 4000 items, 4000 observations, \d+ rows written in \d+ batches, [\d.]+ s \(\d+ items\/s\)\n$/,
    );
  });
});

/** The checkpoint an ingest wrote, once there is one (a row whose key has no NUL: not a batch's pieces). */
function checkpointOf(db: string): number | undefined {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const row = conn
        .prepare("SELECT offset FROM ingest_checkpoints WHERE instr(input, char(0)) = 0")
        .get() as { offset: number } | undefined;
      return row?.offset;
    } finally {
      conn.close();
    }
  } catch {
    return undefined; // not created or not migrated yet
  }
}

function storedCount(db: string): number {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare("SELECT sum(count) AS n FROM observations").get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean);
}

describe("ingest interrupted with Ctrl-C", () => {
  let clean: Promise<string[]> | undefined;
  const size = statSync(log).size;
  for (const threads of ["1", "2"])
    it(
      `stores what it read, says where it stopped, exits 130; the same command again ends as one clean run (${threads} thread${threads === "1" ? "" : "s"})`,
      { timeout: 120_000 },
      async () => {
        clean ??= (async () => {
          const db = join(tmp.path, "clean.db");
          const r = spawnSync(process.execPath, [MAIN, "ingest", "zeek", log, "--db", db], {
            env,
            encoding: "utf8",
          });
          assert.equal(r.status, 0, r.stderr);
          return exportCof(db);
        })();
        const db = join(tmp.path, `int-${threads}.db`);
        // Small batches (and rounds: 1 MiB, the log is 6), so the first checkpoint comes
        // early and Ctrl-C lands well inside the file.
        const args = [
          MAIN,
          "ingest",
          "zeek",
          log,
          "--db",
          db,
          "--threads",
          threads,
          "--batch-rows",
          "5000",
          "--round-mb",
          "1",
        ];
        const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
        let first: number | undefined;
        for (let i = 0; i < 3000 && first === undefined; i++) {
          await sleep(10);
          first = checkpointOf(db);
        }
        assert.ok(first !== undefined, `no checkpoint was written; stderr: ${stderr}`);
        child.kill("SIGINT");
        assert.equal(await exited, 130, stderr);
        const lines = stderr.trim().split("\n");
        const m = new RegExp(
          `^interrupted: (\\d+) observations stored up to byte (\\d+) of ${log}; run the same command again to continue$`,
        ).exec(lines.at(-1)!);
        assert.ok(m, stderr);
        const [stored, at] = [Number(m[1]), Number(m[2])];
        assert.ok(at >= first && at < size, `stopped at byte ${at} of ${size}`);
        assert.equal(checkpointOf(db), at, "the checkpoint is where it says it stopped");
        assert.equal(storedCount(db), stored, "as many observations stored as it says");

        const again = spawnSync(process.execPath, args, { env, encoding: "utf8" });
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stderr, new RegExp(`resumed after byte ${at}`));
        assert.equal(checkpointOf(db), size);
        assert.deepEqual(await exportCof(db), await clean);
      },
    );
});
