// `dnsight ingest`, `pdns` and `export` with --db clickhouse:// against a real 18.16
// server: the same input gives the same COF export as SQLite, and an ingest killed with
// SIGKILL part way through a large file, then run again, exports exactly as a clean run.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { cli, ndjson } from "../helpers/cli.js";
import { startClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { zeekLog } from "../helpers/zeek-log.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const tmp = makeTmpDir("ch-cli");

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  // SQLite exports in name order, ClickHouse in reversed-name order (derive.ts).
  return r.stdout.trim().split("\n").filter(Boolean).sort();
}

describe("dnsight with --db clickhouse://", () => {
  let node: ClickHouseNode;
  const url = (): string =>
    `clickhouse://${node.host}:${node.httpPort}/cli_${randomBytes(6).toString("hex")}`;
  before(async () => {
    node = await startClickHouse();
  });
  after(async () => {
    await node?.stop();
    tmp.remove();
  });

  it("ingests, answers pdns and exports as the SQLite store does", async () => {
    const log = join(tmp.path, "small.log");
    writeFileSync(log, zeekLog(300, 40));
    const ch = url();
    const lite = join(tmp.path, "small.db");
    for (const db of [ch, lite]) {
      const r = await cli(["ingest", "zeek", log, "--db", db, "--sensor", "z1"]);
      assert.equal(r.status, 0, r.stderr);
    }
    assert.deepEqual(await exportCof(ch), await exportCof(lite));
    for (const q of [
      ["h7.example.com"],
      ["*.example.com"],
      ["--rdata", "alias7.cdn.example.net"],
      ["198.51.0.0/24"],
    ]) {
      const [a, b] = await Promise.all(
        [ch, lite].map((db) => cli(["pdns", ...q, "--db", db, "--json"])),
      );
      assert.equal(a!.status, 0, a!.stderr);
      assert.ok(ndjson(a!.stdout).length > 0, q.join(" "));
      assert.deepEqual(ndjson(a!.stdout), ndjson(b!.stdout), q.join(" "));
    }
  });

  it("reads only from a database that exists: a typo is named, not created", async () => {
    const typo = url();
    const r = await cli(["pdns", "example.com", "--db", typo]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /no database cli_[0-9a-f]+ on clickhouse 127\.0\.0\.1:\d+: nothing has been stored there/,
    );
    const ch = createClickHouseClient({ host: node.host, port: node.httpPort });
    try {
      const [row] = await ch.query<{ n: string }>(
        `SELECT count() AS n FROM system.databases WHERE name = '${new URL(typo).pathname.slice(1)}'`,
      );
      assert.equal(row?.n, "0");
    } finally {
      ch.close();
    }
  });

  it(
    "ends killed (SIGKILL) and resumed exactly as one clean run",
    { timeout: 180_000 },
    async () => {
      const log = join(tmp.path, "big.log");
      writeFileSync(log, zeekLog(120_000, 40_000));
      const size = statSync(log).size;
      const clean = url();
      const c = await cli(["ingest", "zeek", log, "--db", clean, "--threads", "1"]);
      assert.equal(c.status, 0, c.stderr);

      const killed = url();
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/main.ts",
          "ingest",
          "zeek",
          log,
          "--db",
          killed,
          "--batch-rows",
          "2000",
          "--threads",
          "1",
        ],
        { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((r) => child.on("exit", () => r()));
      const ch = createClickHouseClient({ host: node.host, port: node.httpPort });
      const database = new URL(killed).pathname.slice(1);
      let at = 0;
      for (let i = 0; i < 2400 && at === 0; i++) {
        await sleep(25);
        const r = await ch
          .query<{ o: string }>(
            `SELECT max(end_offset) AS o FROM ${database}.ingest_checkpoints WHERE kind = 2`,
          )
          .catch(() => []);
        at = Number(r[0]?.o ?? 0);
      }
      ch.close();
      child.kill("SIGKILL");
      await exited;
      assert.ok(at > 0 && at < size, `killed at byte ${at} of ${size}; stderr ${stderr}`);
      const resumed = await cli(["ingest", "zeek", log, "--db", killed, "--threads", "1"]);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stderr, /resumed after byte \d+/);
      assert.deepEqual(await exportCof(killed), await exportCof(clean));
    },
  );
});
