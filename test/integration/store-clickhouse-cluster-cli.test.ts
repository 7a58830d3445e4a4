// `dnsight ingest`, `pdns` and `export` with --db clickhouse://…?cluster= on a real
// two-shard 18.16 cluster: the rows really are spread (each shard holds a share, none
// both), either shard as the entry node answers as one SQLite store does, and an
// ingest killed with SIGKILL part way through, then run again, exports exactly as a
// clean run.
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
import {
  clusterStoreUrl,
  startClickHouseCluster,
  type ClickHouseCluster,
} from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { zeekLog } from "../helpers/zeek-log.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const tmp = makeTmpDir("ch-cluster-cli");

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).sort();
}

describe("dnsight with --db clickhouse://…?cluster= (two shards)", () => {
  let cluster: ClickHouseCluster;
  /** The store URL of `db` with shard `entry` (0 or 1) as the entry node. */
  const url = (db: string, entry = 0): string =>
    clusterStoreUrl(cluster, db, join(tmp.path, db), { entry });
  const fresh = (): string => `cli_${randomBytes(6).toString("hex")}`;
  /** Rows of `table` in `db` on each shard, local tables only. */
  const perShard = async (db: string, table: string, where = "1"): Promise<number[]> =>
    Promise.all(
      cluster.shards.map(async (s) => {
        const ch = createClickHouseClient({ host: s.host, port: s.httpPort, database: db });
        try {
          const [r] = await ch.query<{ n: string }>(
            `SELECT count() AS n FROM ${table} WHERE ${where}`,
          );
          return Number(r!.n);
        } finally {
          ch.close();
        }
      }),
    );
  before(async () => {
    cluster = await startClickHouseCluster();
  });
  after(async () => {
    await cluster?.stop();
    tmp.remove();
  });

  it("spreads the rows over both shards and answers through either as SQLite does", async () => {
    const log = join(tmp.path, "small.log");
    writeFileSync(log, zeekLog(600, 80));
    const db = fresh();
    const lite = join(tmp.path, "small.db");
    for (const target of [url(db), lite]) {
      const r = await cli(["ingest", "zeek", log, "--db", target, "--sensor", "z1"]);
      assert.equal(r.status, 0, r.stderr);
    }
    const names = await perShard(db, "owner_names");
    assert.ok(
      names.every((n) => n > 10),
      `each shard holds a share of the names: ${names}`,
    );
    // A name lives on one shard only: the sharding key is the owner name.
    const ch = createClickHouseClient({
      host: "127.0.0.1",
      port: cluster.shards[0]!.httpPort,
      database: db,
    });
    const [one] = await ch.query<{ name: string }>("SELECT name FROM owner_names LIMIT 1");
    ch.close();
    assert.deepEqual(
      (await perShard(db, "observations", `rrname = '${one!.name}'`)).filter((n) => n > 0).length,
      1,
    );
    assert.deepEqual(await exportCof(url(db, 1)), await exportCof(lite));
    for (const q of [
      ["h7.example.com"],
      ["*.example.com"],
      ["--rdata", "alias7.cdn.example.net"],
      ["--rdata", "*.cdn.example.net"],
      ["198.51.0.0/24"],
      ["*.example.com", "--summarize"],
    ]) {
      const runs = await Promise.all(
        [url(db, 0), url(db, 1), lite].map((target) =>
          cli(["pdns", ...q, "--db", target, "--json"]),
        ),
      );
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      assert.ok(ndjson(runs[2]!.stdout).length > 0, q.join(" "));
      assert.deepEqual(
        ndjson(runs[0]!.stdout),
        ndjson(runs[2]!.stdout),
        `${q.join(" ")} via shard 1`,
      );
      assert.deepEqual(
        ndjson(runs[1]!.stdout),
        ndjson(runs[2]!.stdout),
        `${q.join(" ")} via shard 2`,
      );
    }
  });

  it(
    "ends killed (SIGKILL) and resumed exactly as one clean run",
    { timeout: 150_000 },
    async () => {
      const log = join(tmp.path, "big.log");
      writeFileSync(log, zeekLog(60_000, 20_000));
      const size = statSync(log).size;
      const clean = url(fresh());
      const c = await cli(["ingest", "zeek", log, "--db", clean, "--threads", "1"]);
      assert.equal(c.status, 0, c.stderr);

      const db = fresh();
      const killed = url(db);
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
          "1000",
          "--threads",
          "1",
        ],
        { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((r) => child.on("exit", () => r()));
      let at = 0;
      for (let i = 0; i < 2400 && at === 0; i++) {
        await sleep(25);
        const r = await perShard(db, "ingest_checkpoints", "kind = 2").catch(() => [0, 0]);
        at = Math.min(...r);
      }
      child.kill("SIGKILL");
      await exited;
      const [offsets] = [await perShard(db, "ingest_checkpoints", "kind = 2")];
      assert.ok(at > 0, `killed after a checkpoint on each shard; stderr ${stderr}`);
      const resumed = await cli(["ingest", "zeek", log, "--db", killed, "--threads", "1"]);
      assert.equal(resumed.status, 0, resumed.stderr);
      const m = /resumed after byte (\d+)/.exec(resumed.stderr);
      assert.ok(m && Number(m[1]) > 0 && Number(m[1]) < size, `${resumed.stderr} ${offsets}`);
      assert.deepEqual(await exportCof(killed), await exportCof(clean));
    },
  );

  it("takes a SQLite store by migrate, and prunes old months on every shard", async () => {
    // One sighting per key, each in a month of 2026 from January to November, so what a
    // month-granular prune keeps is exactly the rows last seen from the cutoff's month on.
    const month = (m: number): number => Date.UTC(2026, m - 1, 10) / 1000;
    const lines: string[] = [];
    for (let m = 1; m <= 11; m++)
      for (let i = 0; i < 40; i++)
        lines.push(
          JSON.stringify({
            rrname: `n${i}.m${m}.prune.test`,
            rrtype: "A",
            rdata: `192.0.2.${i + 1}`,
            count: m,
            time_first: month(m),
            time_last: month(m) + 3600,
          }),
        );
    const cof = join(tmp.path, "months.cof");
    writeFileSync(cof, lines.join("\n") + "\n");
    const lite = join(tmp.path, "months.db");
    assert.equal((await cli(["ingest", "cof", cof, "--db", lite])).status, 0);
    const db = fresh();
    const moved = await cli(["migrate", "--from", `sqlite:${lite}`, "--to", url(db)]);
    assert.equal(moved.status, 0, moved.stderr);
    assert.doesNotMatch(moved.stdout, /DIFFERS/);
    assert.deepEqual(await exportCof(url(db, 1)), await exportCof(lite));
    const spread = await perShard(db, "observations");
    assert.ok(
      spread.every((n) => n > 50),
      `both shards hold rows: ${spread}`,
    );

    // A cutoff in mid-June 2026: January to May go, June (the cutoff's month) stays whole.
    const days = Math.ceil((Date.now() / 1000 - Date.UTC(2026, 5, 15) / 1000) / 86400);
    const dry = await cli(["prune", "--older-than", `${days}d`, "--dry-run", "--db", url(db)]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal((await exportCof(url(db))).length, 440, "a dry run drops nothing");
    const r = await cli(["prune", "--older-than", `${days}d`, "--db", url(db)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^dropped 5 months \(2026-01, 2026-02, 2026-03, 2026-04, 2026-05\): 200 stored rows/,
    );
    const left = await exportCof(url(db, 1));
    assert.equal(left.length, 240);
    assert.ok(
      left.every((l) => Number(/\.m(\d+)\.prune/.exec(l)![1]) >= 6),
      "only June on",
    );
    for (const table of ["observations", "obs_by_ip", "owner_names"]) {
      const old = await perShard(
        db,
        `system.parts`,
        `database = '${db}' AND table = '${table}' AND active AND partition < '202606'`,
      );
      assert.deepEqual(old, [0, 0], `${table}: no old month left on either shard`);
    }
  });
});
