// Two clickhouse-server shards on loopback (test/helpers/clickhouse.ts), naming each other
// in `remote_servers`: a Distributed table over a local table on each spreads rows by its
// sharding key, answers for both from either shard, and fails naming a shard that is down.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DnsightError } from "../../src/errors.js";
import {
  createClickHouseClient,
  type ClickHouseClient,
} from "../../src/store/clickhouse/http-client.js";
import { startClickHouseCluster, type ClickHouseCluster } from "../helpers/clickhouse.js";

const ROWS = 1000;
const count = async (ch: ClickHouseClient, table: string): Promise<number> =>
  Number((await ch.query<{ c: string }>(`SELECT count() AS c FROM ${table}`))[0]!.c);

describe("ClickHouse two-shard cluster", () => {
  let cluster: ClickHouseCluster;
  let shards: ClickHouseClient[];

  before(async () => {
    cluster = await startClickHouseCluster();
    shards = cluster.shards.map((s) => createClickHouseClient({ host: s.host, port: s.httpPort }));
    for (const ch of shards) {
      await ch.exec("CREATE DATABASE cl");
      await ch.exec("CREATE TABLE cl.obs_local (k String, n UInt64) ENGINE = MergeTree ORDER BY k");
      await ch.exec(
        `CREATE TABLE cl.obs AS cl.obs_local ENGINE = Distributed(${cluster.name}, cl, obs_local, cityHash64(k))`,
      );
    }
  });
  after(async () => {
    for (const ch of shards ?? []) ch.close();
    await cluster?.stop();
  });

  it("starts both shards quickly, each knowing the other", async (t) => {
    t.diagnostic(
      `shards ready ${cluster.shards.map((s) => s.startMs).join(" ms, ")} ms after spawn`,
    );
    for (const ch of shards) {
      const rows = await ch.query<{ shard_num: number; port: number }>(
        "SELECT shard_num, port FROM system.clusters WHERE cluster = {c:String} ORDER BY shard_num",
        { params: { c: cluster.name } },
      );
      assert.deepEqual(
        rows,
        cluster.shards.map((s, i) => ({ shard_num: i + 1, port: s.tcpPort })),
      );
    }
  });

  it("spreads rows inserted through the Distributed table over both shards", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ({ k: `name-${i}.example`, n: i }));
    // Synchronous: the insert returns once every shard has its part, not when queued.
    await shards[0]!.insert("cl.obs", rows, { settings: { insert_distributed_sync: 1 } });
    const local = await Promise.all(shards.map((ch) => count(ch, "cl.obs_local")));
    assert.equal(local[0]! + local[1]!, ROWS);
    for (const c of local) assert.ok(c > ROWS / 4, `each shard has a share: ${local.join(", ")}`);
    for (const ch of shards) {
      assert.equal(await count(ch, "cl.obs"), ROWS, "either shard answers for both");
      const [sum] = await ch.query<{ s: string }>("SELECT sum(n) AS s FROM cl.obs");
      assert.equal(sum!.s, String((ROWS * (ROWS - 1)) / 2));
    }
    // The sharding key decides the shard: a key's rows are all on one of them.
    const [k] = await shards[0]!.query<{ k: string }>("SELECT k FROM cl.obs_local LIMIT 1");
    assert.equal(await count(shards[1]!, `cl.obs_local WHERE k = '${k!.k}'`), 0);
  });

  it("fails naming the shard that is down, or answers from the others when asked", async () => {
    const down = cluster.shards[1]!;
    const upLocal = await count(shards[0]!, "cl.obs_local");
    await down.stop();
    const err = await shards[0]!.query("SELECT count() AS c FROM cl.obs").catch((e: unknown) => e);
    assert.ok(err instanceof DnsightError && err.code === "STORE", String(err));
    assert.match(
      err.message,
      new RegExp(`^clickhouse 127\\.0\\.0\\.1:${cluster.shards[0]!.httpPort}: Code: \\d+`),
    );
    assert.match(
      err.message,
      new RegExp(`127\\.0\\.0\\.1:${down.tcpPort}`),
      "names the shard that is down",
    );
    const partial = await shards[0]!.query<{ c: string }>("SELECT count() AS c FROM cl.obs", {
      settings: { skip_unavailable_shards: 1 },
    });
    assert.deepEqual(partial, [{ c: String(upLocal) }]);
  });
});
