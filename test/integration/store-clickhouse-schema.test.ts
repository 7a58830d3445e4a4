// The ClickHouse store's schema on a real 18.16 server: migrations run once and a newer
// schema is refused; reads merge deltas themselves (background merges stopped, the
// answer is the same before and after OPTIMIZE FINAL); a month of last sightings is one
// partition in every observation table, so retention is a partition drop.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { DnsightError } from "../../src/errors.js";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import {
  createClickHouseClient,
  type ClickHouseClient,
} from "../../src/store/clickhouse/http-client.js";
import { MIGRATIONS } from "../../src/store/clickhouse/schema.js";
import { obs } from "../unit/store/_helpers.js";
import { startClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";

const TABLES = ["observations", "obs_by_rdata", "obs_by_ip"];
const T = Date.UTC(2024, 0, 15) / 1000; // 15 January 2024

describe("ClickHouse store schema", () => {
  let node: ClickHouseNode;
  let server: ClickHouseClient;
  let db = "";
  let url = "";
  before(async () => {
    node = await startClickHouse();
    server = createClickHouseClient({ host: node.host, port: node.httpPort });
  });
  after(async () => {
    server?.close();
    await node?.stop();
  });
  const freshDb = (): void => {
    db = `schema_${randomBytes(6).toString("hex")}`;
    url = `clickhouse://${node.host}:${node.httpPort}/${db}`;
  };
  const rows = (sql: string) => server.query<Record<string, string>>(sql);

  it("creates the database, records each migration once, and refuses a newer schema", async () => {
    freshDb();
    await (await openClickHouseStore(url)).close();
    await (await openClickHouseStore(url)).close();
    assert.deepEqual(
      await rows(`SELECT version, name FROM ${db}.schema_migrations ORDER BY version`),
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    await server.exec(
      `INSERT INTO ${db}.schema_migrations VALUES (${MIGRATIONS.length + 1}, 'from the future', 0)`,
    );
    await assert.rejects(
      openClickHouseStore(url),
      (e: unknown) =>
        e instanceof DnsightError &&
        e.code === "STORE" &&
        e.message.includes(
          `schema version ${MIGRATIONS.length + 1} is newer than this dnsight knows (${MIGRATIONS.length})`,
        ),
    );
  });

  it("merges on read: the same rows with background merges stopped and after OPTIMIZE FINAL", async () => {
    freshDb();
    const s = await openClickHouseStore(url);
    try {
      await server.exec("SYSTEM STOP MERGES");
      for (let i = 0; i < 12; i++)
        await s.writeObservations([
          obs({
            timeFirst: T + 100 - i,
            timeLast: T + 100 + i,
            count: i,
            source: i === 11 ? "zone" : "passive",
          }),
          obs({ rrname: "mx.example.com", rrtype: "MX", rdata: "10 mail.example.net.", count: 2 }),
        ]);
      const parts = await rows(
        `SELECT table, count() AS n FROM system.parts WHERE database = '${db}' AND active` +
          " AND table IN ('observations', 'obs_by_rdata', 'obs_by_ip') GROUP BY table ORDER BY table",
      );
      assert.deepEqual(parts, [
        { table: "obs_by_ip", n: "12" },
        { table: "obs_by_rdata", n: "12" },
        // Each write holds two months (November 2023 and January 2024): two parts.
        { table: "observations", n: "24" },
      ]);
      const want = [obs({ timeFirst: T + 89, timeLast: T + 111, count: 66, source: "zone" })];
      const search = {
        target: { on: "ip" as const, version: 4 as const, first: 0n, last: 2n ** 32n - 1n },
      };
      const rdata = {
        target: {
          on: "rdata" as const,
          match: { kind: "name" as const, name: "mail.example.net" },
        },
      };
      const before = {
        name: await s.queryObservations({ rrname: "www.example.com" }),
        ip: (await s.searchObservations(search)).rows,
        rdata: (await s.searchObservations(rdata)).rows,
      };
      assert.deepEqual(before.name, want);
      assert.deepEqual(before.ip, want);
      assert.equal(before.rdata[0]?.count, 24);
      await server.exec("SYSTEM START MERGES");
      for (const t of TABLES) await server.exec(`OPTIMIZE TABLE ${db}.${t} FINAL`);
      assert.deepEqual(
        await rows(`SELECT count() AS n FROM ${db}.observations`),
        [{ n: "2" }],
        "merged into one row per key",
      );
      assert.deepEqual(
        {
          name: await s.queryObservations({ rrname: "www.example.com" }),
          ip: (await s.searchObservations(search)).rows,
          rdata: (await s.searchObservations(rdata)).rows,
        },
        before,
      );
    } finally {
      await server.exec("SYSTEM START MERGES");
      await s.close();
    }
  });

  it("partitions by the month of the last sighting: dropping one forgets that month", async () => {
    freshDb();
    const s = await openClickHouseStore(url);
    try {
      const feb = Date.UTC(2024, 1, 10) / 1000;
      await s.writeObservations([
        obs({ rrname: "old.example.com", timeFirst: T, timeLast: T }),
        obs({
          rrname: "new.example.com",
          rrtype: "CNAME",
          rdata: "t.example.net.",
          timeFirst: T,
          timeLast: feb,
        }),
        obs({ rrname: "new.example.com", timeFirst: feb, timeLast: feb }),
      ]);
      for (const t of [...TABLES, "owner_names", "rdata_names"]) {
        const got = await rows(
          `SELECT DISTINCT partition FROM system.parts WHERE database = '${db}' AND table = '${t}'` +
            " AND active ORDER BY partition",
        );
        assert.deepEqual(
          got.map((r) => r.partition),
          t.includes("rdata") ? ["202402"] : ["202401", "202402"],
          t,
        );
        if (!t.includes("rdata")) await server.exec(`ALTER TABLE ${db}.${t} DROP PARTITION 202401`);
      }
      assert.deepEqual(await s.queryObservations({ rrname: "old.example.com" }), []);
      assert.equal((await s.queryObservations({ rrname: "new.example.com" })).length, 2);
      assert.deepEqual(await s.suggestNames!("old", 10), []);
      assert.deepEqual(await s.suggestNames!("n", 10), ["new.example.com"]);
    } finally {
      await s.close();
    }
  });
});
