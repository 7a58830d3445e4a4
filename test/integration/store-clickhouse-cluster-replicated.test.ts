// The cluster store on replicated tables (`replicated=1`): one shard of two 18.16
// replicas keeping in step through a real ZooKeeper (Debian's 3.8), all on loopback.
// Written through replica 1, every row reaches replica 2 by replication; read through
// either as the entry node, and through replica 2 alone once replica 1 is down, the
// store answers as SQLite does; identical batches count twice (the server's block
// dedup is off), and a replayed batch once (the store's checkpoint rows).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../src/model/observation.js";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { completeStore } from "../../src/store/derive.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/types.js";
import { startClickHouseReplicas, type ClickHouseCluster } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { startZooKeeper, type ZooKeeper } from "../helpers/zookeeper.js";
import { obs } from "../unit/store/_helpers.js";

const tmp = makeTmpDir("ch-replicated");

async function all(s: Store): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const page of s.scanObservations(1000)) out.push(...page);
  return out.sort((a, b) => `${a.rrname} ${a.rdata}`.localeCompare(`${b.rrname} ${b.rdata}`));
}

const batch = (tag: string, n: number): Observation[] =>
  Array.from({ length: n }, (_, i) =>
    obs({
      rrname: `${tag}${i % 150}.example.com`,
      rdata: `192.0.2.${i % 100}`,
      count: 1 + (i % 3),
    }),
  );

describe("clickhouse cluster store on replicated tables", () => {
  let zk: ZooKeeper;
  let replicas: ClickHouseCluster;
  const db = `repl_${randomBytes(6).toString("hex")}`;
  const url = (entry: number): string => {
    const e = replicas.shards[entry]!;
    const shard = replicas.shards.map((s) => `${s.host}:${s.httpPort}`).join("|");
    return `clickhouse://${e.host}:${e.httpPort}/${db}?cluster=${replicas.name}&replicated=1&shards=${shard}&spool=${encodeURIComponent(join(tmp.path, "spool"))}`;
  };
  before(async () => {
    zk = await startZooKeeper();
    replicas = await startClickHouseReplicas(zk);
  });
  after(async () => {
    await replicas?.stop();
    await zk?.stop();
    tmp.remove();
  });

  it("writes through one replica, and every replica answers as SQLite does", async () => {
    const lite = await openStore(`sqlite:${join(tmp.path, "lite.db")}`);
    const s = completeStore(await openClickHouseStore(url(0)));
    const writes: Array<[Observation[], { input: string; offset: number } | undefined]> = [
      [batch("a", 400), { input: "f", offset: 100 }],
      [batch("b", 400), { input: "f", offset: 200 }],
      // The same deltas twice, no checkpoint: they count twice on every backend.
      [batch("c", 300), undefined],
      [batch("c", 300), undefined],
    ];
    for (const [rows, cp] of writes) {
      await lite.writeObservations(rows, cp);
      await s.writeObservations(rows, cp);
    }
    // Given again (a resumed ingest): counted once.
    await s.writeObservations(writes[1]![0], writes[1]![1]);
    await lite.writeObservations([], writes[1]![1]);
    const expected = await all(lite);
    await lite.close();
    await s.close();

    const second = createClickHouseClient({
      host: "127.0.0.1",
      port: replicas.shards[1]!.httpPort,
      database: db,
    });
    for (const t of [
      "observations",
      "obs_by_rdata",
      "obs_by_ip",
      "owner_names",
      "rdata_names",
      "ingest_checkpoints",
    ])
      await second.exec(`SYSTEM SYNC REPLICA ${t}`);
    const [engine] = await second.query<{ engine: string }>(
      "SELECT engine FROM system.tables WHERE database = {d:String} AND name = 'observations'",
      { params: { d: db } },
    );
    second.close();
    assert.equal(engine?.engine, "ReplicatedAggregatingMergeTree");

    for (const entry of [0, 1]) {
      const r = completeStore(await openClickHouseStore(url(entry)));
      try {
        assert.deepEqual(await all(r), expected, `through replica ${entry + 1}`);
        assert.deepEqual(await r.readCheckpoint("f"), { input: "f", offset: 200 });
      } finally {
        await r.close();
      }
    }
    // Replica 1 down: replica 2 holds everything, and the Distributed tables read it.
    await replicas.shards[0]!.kill();
    const r = completeStore(await openClickHouseStore(url(1)));
    try {
      assert.deepEqual(await all(r), expected, "through replica 2 with replica 1 down");
    } finally {
      await r.close().catch(() => undefined);
      await replicas.shards[0]!.start();
    }
  });
});
