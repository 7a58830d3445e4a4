// A migrate of a store of 80k observations. Killed with SIGKILL part way, then run again,
// it ends with the target equal to the source (census, COF export) and no row counted
// twice: into ClickHouse (18.16, on loopback) and into SQLite. The kill comes once the
// target holds a checkpoint of this migrate and before the end, so the second run
// resumes in the middle. On a terminal it draws a bar, and leaves only its report.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { cli } from "../helpers/cli.js";
import { sharedClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";
import {
  assertMonotone,
  barFrames,
  onTerminal,
  screenLines,
  shellWords,
} from "../helpers/terminal.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { censusRows, exportCof, histories, seedSource } from "./_migrate-fixture.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const tmp = makeTmpDir("mig-kill");

/** Starts `dnsight migrate` as its own process; kills it once `progress` says it is under way. */
async function killMidway(
  args: string[],
  progress: () => Promise<number>,
  total: number,
): Promise<number> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "migrate", ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  let at = 0;
  for (let i = 0; i < 4000 && at === 0 && child.exitCode === null; i++) {
    await sleep(20);
    at = await progress().catch(() => 0);
  }
  child.kill("SIGKILL");
  await exited;
  assert.ok(at > 0 && at < total, `killed at row ${at} of ${total}; stderr ${stderr}`);
  return at;
}

describe("dnsight migrate of a large store", () => {
  let node: ClickHouseNode;
  const source = join(tmp.path, "big.db");
  let total = 0;
  let cof: string[] = [];
  before(async () => {
    node = await sharedClickHouse();
    await seedSource(tmp.path, source, 120_000, 40_000);
    cof = await exportCof(source);
    total = cof.length;
  });
  after(async () => {
    await node?.stop();
    tmp.remove();
  });

  async function resumeAndCheck(target: string): Promise<void> {
    const r = await cli(["migrate", "--from", source, "--to", target]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /^resumed: copied \d+ observations/);
    const rows = censusRows(r.stdout);
    for (const [label, [from, to, mark]] of rows) assert.equal(to, from, `${label} ${mark}`);
    assert.equal(rows.get("observations (distinct keys)")![0], total.toLocaleString("en-US"));
    assert.deepEqual(await exportCof(target), cof);
    assert.deepEqual(await histories(target), await histories(source));
  }

  it("into ClickHouse", { timeout: 300_000 }, async () => {
    const database = `kill_${randomBytes(6).toString("hex")}`;
    const target = `clickhouse://${node.host}:${node.httpPort}/${database}`;
    const ch = createClickHouseClient({ host: node.host, port: node.httpPort });
    try {
      await killMidway(
        ["--from", source, "--to", target, "--batch-rows", "1500"],
        async () => {
          const [row] = await ch.query<{ o: string }>(
            `SELECT max(end_offset) AS o FROM ${database}.ingest_checkpoints WHERE kind = 2 AND input LIKE 'migrate:%'`,
          );
          return Number(row?.o ?? 0);
        },
        total,
      );
    } finally {
      ch.close();
    }
    await resumeAndCheck(target);
  });

  it("into SQLite", { timeout: 300_000 }, async () => {
    const target = join(tmp.path, "killed.db");
    await killMidway(
      ["--from", source, "--to", target, "--batch-rows", "1500"],
      async () => {
        const db = new Database(target, { readonly: true, fileMustExist: true });
        try {
          const row = db
            .prepare("SELECT max(offset) AS o FROM ingest_checkpoints WHERE input LIKE 'migrate:%'")
            .get() as { o: number | null };
          return row.o ?? 0;
        } finally {
          db.close();
        }
      },
      total,
    );
    await resumeAndCheck(target);
  });

  it("draws a bar on a terminal, percentage never going back, and leaves only its report", () => {
    const target = join(tmp.path, "tty.db");
    const env = { ...process.env, NO_COLOR: "1", DNSIGHT_DB: "/nonexistent/dnsight.db" };
    const r = onTerminal(
      shellWords([process.execPath, MAIN, "migrate", "--from", source, "--to", target]),
      env,
      240_000,
    );
    assert.equal(r.status, 0, r.screen.slice(-2000));
    const frames = barFrames(r.screen).filter((f) => f.includes(" observations "));
    assert.ok(
      frames.length >= 2,
      `the bar was drawn ${frames.length} times:\n${r.screen.slice(-1500)}`,
    );
    for (const f of frames)
      assert.match(
        f,
        /^\[[#.]{20}\] \d+\.\d% [\d,]+ observations {2}[\d,]+ observations\/s( ETA \S+)?$/,
      );
    assertMonotone(
      frames.map((f) => Number(/\] (\d+\.\d)% /.exec(f)![1])),
      "percentage",
    );
    const lines = screenLines(r.screen);
    assert.ok(
      !lines.some((l) => l.includes("/s")),
      `the bar was left on screen: ${lines.join("\n")}`,
    );
    assert.match(lines[0]!, /^\s+from\s+to$/);
    assert.match(
      lines[lines.length - 1]!,
      new RegExp(`^copied ${total} observations and 20 registration snapshots$`),
    );
  });
});
