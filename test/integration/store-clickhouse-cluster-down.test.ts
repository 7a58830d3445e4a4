// A shard that is down, on a real two-shard 18.16 cluster (shard 2 killed with SIGKILL,
// then started again on its ports and data dir): reads fail naming it, or with
// partial=1 answer from shard 1 and say shard 2 was missing; writes for it wait in the
// spool on local disk and are sent when it is back (by close(), or by the next open),
// a piece that already landed not sent again; an ingest through the CLI while it is
// down exits non-zero naming the shard and the spool, and once the shard is back the
// export equals a clean run's: nothing lost, nothing doubled.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Observation } from "../../src/model/observation.js";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { nativeInserter } from "../../src/store/clickhouse/native-insert.js";
import { reverseName } from "../../src/store/indexed-names.js";
import { shardIndex } from "../../src/store/clickhouse/shard-key.js";
import { readSpool } from "../../src/store/clickhouse/spool-file.js";
import { completeStore } from "../../src/store/derive.js";
import type { Store } from "../../src/store/types.js";
import { cli, ndjson } from "../helpers/cli.js";
import { startClickHouseCluster, type ClickHouseCluster } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { zeekLog } from "../helpers/zeek-log.js";
import { obs } from "../unit/store/_helpers.js";

const tmp = makeTmpDir("ch-cluster-down");

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).sort();
}

async function all(s: Store): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const page of s.scanObservations(1000)) out.push(...page);
  return out;
}

const rows = (tag: string, n: number): Observation[] =>
  Array.from({ length: n }, (_, i) =>
    obs({
      rrname: `${tag}${i % 300}.example.com`,
      rdata: `192.0.2.${i % 200}`,
      count: 1 + (i % 5),
    }),
  );

describe("clickhouse cluster with a shard down", () => {
  let cluster: ClickHouseCluster;
  const url = (db: string, extra = ""): string => {
    const e = cluster.shards[0]!;
    const shards = cluster.shards.map((s) => `${s.host}:${s.httpPort}`).join(",");
    return `clickhouse://${e.host}:${e.httpPort}/${db}?cluster=${cluster.name}&shards=${shards}&spool=${encodeURIComponent(join(tmp.path, db))}${extra}`;
  };
  const fresh = (): string => `down_${randomBytes(6).toString("hex")}`;
  const down = (): string => `shard 2 \\(127\\.0\\.0\\.1:${cluster.shards[1]!.httpPort}\\)`;
  const spooled = (db: string): string[] =>
    existsSync(join(tmp.path, db))
      ? readdirSync(join(tmp.path, db)).filter((f) => f.endsWith(".spool"))
      : [];
  before(async () => {
    cluster = await startClickHouseCluster();
  });
  after(async () => {
    await cluster?.stop();
    tmp.remove();
  });

  it("fails a read naming the shard, or answers from the others when asked and says so", async () => {
    const log = join(tmp.path, "small.log");
    writeFileSync(log, zeekLog(600, 80));
    const db = fresh();
    const r = await cli(["ingest", "zeek", log, "--db", url(db)]);
    assert.equal(r.status, 0, r.stderr);
    const whole = ndjson((await cli(["pdns", "*.example.com", "--db", url(db), "--json"])).stdout);
    await cluster.shards[1]!.kill();
    try {
      const q = await cli(["pdns", "*.example.com", "--db", url(db), "--json"]);
      assert.equal(q.status, 1);
      assert.match(q.stderr, new RegExp(`clickhouse ${down()} is down: connection refused`));
      assert.equal(q.stderr.trim().split("\n").length, 1, q.stderr);

      const p = await cli(["pdns", "*.example.com", "--db", url(db, "&partial=1"), "--json"]);
      assert.equal(p.status, 0, p.stderr);
      assert.ok(ndjson(p.stdout).length > 0 && ndjson(p.stdout).length < whole.length);
      assert.match(p.stderr, new RegExp(`^partial answer: ${down()} did not answer\n$`));
      const s = completeStore(await openClickHouseStore(url(db, "&partial=1")));
      try {
        const search = {
          target: { on: "rrname", match: { kind: "below", suffix: "example.com" } },
        } as const;
        const page = await s.searchObservations(search);
        assert.deepEqual(page.partial, {
          missing: [`shard 2 (127.0.0.1:${cluster.shards[1]!.httpPort})`],
        });
        // Exactly the rows of shard 1: those whose owner name hashes there.
        const expected = whole.filter((o) => shardIndex(reverseName(String(o.rrname)), 2) === 0);
        assert.ok(expected.length > 0 && expected.length < whole.length);
        assert.deepEqual(
          page.rows.map((o) => o.rrname).sort(),
          expected.map((o) => String(o.rrname)).sort(),
        );
        const sum = await s.summarizeObservations(search);
        assert.equal(sum.numResults, expected.length);
        assert.deepEqual(sum.partial, page.partial);
      } finally {
        await s.close();
      }
    } finally {
      await cluster.shards[1]!.start();
    }
    // Back up: whole answers again, and no partial mark.
    const s = completeStore(await openClickHouseStore(url(db, "&partial=1")));
    const page = await s.searchObservations({
      target: { on: "rrname", match: { kind: "below", suffix: "example.com" } },
    });
    await s.close();
    assert.equal(page.partial, undefined);
    assert.equal(page.rows.length, whole.length);
  });

  it("spools writes for a shard that is down, counts them stored, and sends each once", async () => {
    const db = fresh();
    const expected = completeStore(await openClickHouseStore(url(fresh())));
    // close() tries to drain for 1 s only: the shard stays down meanwhile.
    const s = completeStore(await openClickHouseStore(url(db), { drainMs: 1000 }));
    const batches = [rows("a", 900), rows("b", 900), rows("c", 900)];
    for (const [i, b] of batches.entries())
      await expected.writeObservations(b, { input: "f", offset: 100 * (i + 1) });
    await s.writeObservations(batches[0]!, { input: "f", offset: 100 });
    await cluster.shards[1]!.kill();
    try {
      await s.writeObservations(batches[1]!, { input: "f", offset: 200 });
      await s.writeObservations(batches[2]!, { input: "f", offset: 300 });
      // The spool is durable: the batches count as stored.
      assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 300 });
      await assert.rejects(
        s.close(),
        new RegExp(`clickhouse ${down()} is down: \\d+ pieces wait in the spool`),
      );
      assert.equal(spooled(db).length, 1);
      // Shard 1 alone answers for its rows meanwhile; the state is read from the spool.
      const again = completeStore(await openClickHouseStore(url(db), { drainMs: 1000 }));
      assert.deepEqual(await again.readCheckpoint("f"), { input: "f", offset: 300 });
      // It spooled nothing itself: its close() is not the one to report what waits.
      await again.close();
      assert.equal(spooled(db).length, 1);
    } finally {
      await cluster.shards[1]!.start();
    }
    // Some pieces landed before: their answers were lost (sent here by hand, as a
    // server that stored them and died before answering would leave them).
    const [file] = spooled(db);
    const pieces = readSpool(join(tmp.path, db, file!)).records;
    const ins = nativeInserter({
      host: "127.0.0.1",
      port: cluster.shards[1]!.httpPort,
      database: db,
    });
    for (const p of pieces.slice(0, 2)) await ins.insert("obs_in", p.block);
    ins.close();
    const back = completeStore(await openClickHouseStore(url(db)));
    try {
      assert.deepEqual(spooled(db), [], "drained on open");
      assert.deepEqual(await back.readCheckpoint("f"), { input: "f", offset: 300 });
      assert.deepEqual(await all(back), await all(expected));
    } finally {
      await back.close();
      await expected.close();
    }
  });

  it("drains by itself once the shard is back, before close()", async () => {
    const db = fresh();
    const s = completeStore(await openClickHouseStore(url(db)));
    await cluster.shards[1]!.kill();
    try {
      await s.writeObservations(rows("d", 500));
      assert.equal(spooled(db).length, 1);
    } finally {
      await cluster.shards[1]!.start();
    }
    for (let i = 0; i < 100 && spooled(db).length > 0; i++) await sleep(100);
    assert.deepEqual(spooled(db), [], "the background retry sent it");
    const [n] = await Promise.all(
      [cluster.shards[1]!].map(async (sh) => {
        const ch = createClickHouseClient({ host: sh.host, port: sh.httpPort, database: db });
        const [r] = await ch.query<{ n: string }>("SELECT count() AS n FROM observations");
        ch.close();
        return Number(r!.n);
      }),
    );
    assert.ok(n! > 0);
    assert.equal((await all(s)).length, 500);
    await s.close();
  });

  it(
    "an ingest while a shard is down exits naming it and the spool; the export is whole once it is back",
    { timeout: 150_000 },
    async () => {
      const log = join(tmp.path, "big.log");
      writeFileSync(log, zeekLog(40_000, 15_000));
      const clean = url(fresh());
      const c = await cli(["ingest", "zeek", log, "--db", clean, "--threads", "1"]);
      assert.equal(c.status, 0, c.stderr);

      const db = fresh();
      const ch = createClickHouseClient({
        host: "127.0.0.1",
        port: cluster.shards[1]!.httpPort,
        database: db,
      });
      const run = cli([
        "ingest",
        "zeek",
        log,
        "--db",
        url(db),
        "--batch-rows",
        "1000",
        "--threads",
        "1",
      ]);
      let killed = false;
      for (let i = 0; i < 2400 && !killed; i++) {
        await sleep(20);
        const [r] = await ch
          .query<{ n: string }>("SELECT count() AS n FROM ingest_checkpoints WHERE kind = 2")
          .catch(() => []);
        if (Number(r?.n ?? 0) > 0) {
          await cluster.shards[1]!.kill();
          killed = true;
        }
      }
      ch.close();
      let r;
      try {
        r = await run;
      } finally {
        await cluster.shards[1]!.start();
      }
      assert.ok(killed);
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `clickhouse ${down()} is down: \\d+ pieces? wait in the spool ${join(tmp.path, db).replace(/[.]/g, "\\.")}`,
        ),
      );
      assert.equal(spooled(db).length, 1);
      assert.deepEqual(await exportCof(url(db)), await exportCof(clean));
      assert.deepEqual(spooled(db), []);
    },
  );
});
