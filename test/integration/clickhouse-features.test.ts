// What the oldest supported ClickHouse (18.16.1, Debian 12's package) can and cannot do,
// checked against the real server: each probe runs its SQL and must succeed exactly when
// the table says 18.16 has it. On another server version only the first half holds (what
// 18.16 has, newer releases keep). src/store/clickhouse/README-versions.md explains
// the fallbacks; a store query that needs a `false` row below needs one too.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createClickHouseClient,
  type ClickHouseClient,
  type Settings,
} from "../../src/store/clickhouse/http-client.js";
import { sharedClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";

interface Probe {
  name: string;
  /** Statements run in order in a fresh database `p` (the last one may be a SELECT). */
  sql: string[];
  settings?: Settings;
  /** The last statement's rows, as JSONEachRow objects, when the probe also checks them. */
  rows?: unknown[];
  in1816: boolean;
  /** Sent as it is, past the client's own `{name:Type}` binding. */
  direct?: boolean;
}

const AGG =
  "CREATE TABLE p.agg (k String, first AggregateFunction(min, UInt32), last AggregateFunction(max, UInt32), " +
  "n AggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree PARTITION BY tuple() ORDER BY k";
const MT =
  "CREATE TABLE p.t (d Date, k String, n UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k";

const PROBES: Probe[] = [
  {
    name: "AggregatingMergeTree with min/max/sum -State, read back with -Merge",
    sql: [
      AGG,
      "INSERT INTO p.agg SELECT 'a', minState(toUInt32(5)), maxState(toUInt32(5)), sumState(toUInt64(2))",
      "INSERT INTO p.agg SELECT 'a', minState(toUInt32(3)), maxState(toUInt32(9)), sumState(toUInt64(4))",
      "SELECT k, minMerge(first) AS f, maxMerge(last) AS l, sumMerge(n) AS n FROM p.agg GROUP BY k",
    ],
    rows: [{ k: "a", f: 3, l: 9, n: "6" }],
    in1816: true,
  },
  {
    name: "OPTIMIZE … FINAL and SELECT … FINAL on an AggregatingMergeTree",
    sql: [AGG, "OPTIMIZE TABLE p.agg FINAL", "SELECT count() AS c FROM p.agg FINAL"],
    rows: [{ c: "0" }],
    in1816: true,
  },
  {
    name: "argMin state over a tuple (earliest source, ties by name)",
    sql: [
      "SELECT argMinMerge(s) AS src FROM (SELECT argMinState('zone', tuple(5, 'zone')) AS s UNION ALL SELECT argMinState('active', tuple(5, 'active')))",
    ],
    rows: [{ src: "active" }],
    in1816: true,
  },
  {
    name: "materialised view TO an aggregating table",
    sql: [
      MT,
      AGG,
      "CREATE MATERIALIZED VIEW p.mv TO p.agg AS SELECT k, minState(toUInt32(1)) AS first, maxState(toUInt32(1)) AS last, sumState(n) AS n FROM p.t GROUP BY k",
      "INSERT INTO p.t VALUES ('2026-01-01', 'x', 7)",
      "SELECT sumMerge(n) AS n FROM p.agg",
    ],
    rows: [{ n: "7" }],
    in1816: true,
  },
  {
    name: "PARTITION BY toYYYYMM and ALTER TABLE … DROP PARTITION (retention)",
    sql: [
      MT,
      "INSERT INTO p.t VALUES ('2026-01-01', 'a', 1), ('2026-02-01', 'b', 1)",
      "ALTER TABLE p.t DROP PARTITION 202601",
      "SELECT k FROM p.t",
    ],
    rows: [{ k: "b" }],
    in1816: true,
  },
  {
    name: "ALTER TABLE … DELETE (a mutation)",
    sql: [
      MT,
      "INSERT INTO p.t VALUES ('2026-01-01', 'a', 1)",
      "ALTER TABLE p.t DELETE WHERE k = 'a'",
    ],
    in1816: true,
  },
  {
    name: "ORDER BY longer than PRIMARY KEY, LIMIT n BY, SETTINGS in a SELECT",
    sql: [
      "CREATE TABLE p.o (a String, b String) ENGINE = MergeTree PRIMARY KEY a ORDER BY (a, b)",
      "SELECT a FROM p.o LIMIT 1 BY a SETTINGS max_threads = 1",
    ],
    in1816: true,
  },
  {
    name: "IPv4StringToNum, IPv6StringToNum, reverse, cityHash64",
    sql: [
      "SELECT IPv4StringToNum('192.0.2.1') AS v4, hex(IPv6StringToNum('2001:db8::1')) AS v6, reverse('abc') AS r, cityHash64('a') > 0 AS h",
    ],
    rows: [{ v4: 3221225985, v6: "20010DB8000000000000000000000001", r: "cba", h: 1 }],
    in1816: true,
  },
  {
    name: "settings insert_distributed_sync, skip_unavailable_shards, insert_deduplicate",
    sql: ["SELECT 1"],
    settings: { insert_distributed_sync: 1, skip_unavailable_shards: 1, insert_deduplicate: 1 },
    in1816: true,
  },
  {
    name: "LowCardinality behind allow_experimental_low_cardinality_type",
    sql: ["CREATE TABLE p.l (k LowCardinality(String)) ENGINE = MergeTree ORDER BY k"],
    settings: { allow_experimental_low_cardinality_type: 1 },
    in1816: true,
  },
  // What 18.16 lacks (README-versions.md says what to use instead).
  {
    name: "SimpleAggregateFunction columns",
    sql: [
      "CREATE TABLE p.s (k String, n SimpleAggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree ORDER BY k",
    ],
    in1816: false,
  },
  {
    name: "LowCardinality without the experimental setting",
    sql: ["CREATE TABLE p.l (k LowCardinality(String)) ENGINE = MergeTree ORDER BY k"],
    in1816: false,
  },
  {
    name: "query parameters in SQL ({x:UInt8})",
    sql: ["SELECT {x:UInt8}"],
    direct: true,
    in1816: false,
  },
  {
    name: "query parameters over HTTP (param_x)",
    sql: ["SELECT 1"],
    settings: { param_x: 1 },
    in1816: false,
  },
  {
    name: "projections",
    sql: [MT, "ALTER TABLE p.t ADD PROJECTION pr (SELECT k ORDER BY k)"],
    in1816: false,
  },
  {
    name: "data skipping indices",
    sql: [
      "CREATE TABLE p.i (x UInt32, INDEX ix x TYPE minmax GRANULARITY 4) ENGINE = MergeTree ORDER BY tuple()",
    ],
    in1816: false,
  },
  {
    name: "TTL",
    sql: [
      "CREATE TABLE p.l (d Date, x UInt32) ENGINE = MergeTree ORDER BY x TTL d + INTERVAL 1 DAY",
    ],
    in1816: false,
  },
  {
    name: "insert deduplication on a non-replicated MergeTree",
    sql: [
      "CREATE TABLE p.d (k String) ENGINE = MergeTree ORDER BY k SETTINGS non_replicated_deduplication_window = 100",
    ],
    in1816: false,
  },
  {
    name: "insert_deduplication_token",
    sql: ["SELECT 1"],
    settings: { insert_deduplication_token: "t" },
    in1816: false,
  },
  { name: "IPv4 type and toIPv4", sql: ["SELECT toIPv4('192.0.2.1')"], in1816: false },
  {
    name: "IPv4CIDRToRange",
    sql: ["SELECT IPv4CIDRToRange(toUInt32(3221225985), 24)"],
    in1816: false,
  },
  { name: "DateTime64", sql: ["SELECT toDateTime64(1, 3)"], in1816: false },
  {
    name: "WITH name AS (subquery)",
    sql: ["WITH x AS (SELECT 1 AS a) SELECT a FROM x"],
    in1816: false,
  },
  { name: "xxHash64", sql: ["SELECT xxHash64('a')"], in1816: false },
  {
    name: "cancel_http_readonly_queries_on_client_close",
    sql: ["SELECT 1"],
    settings: { cancel_http_readonly_queries_on_client_close: 1 },
    in1816: false,
  },
  {
    name: "optimize_skip_unused_shards",
    sql: ["SELECT 1"],
    settings: { optimize_skip_unused_shards: 1 },
    in1816: false,
  },
  {
    name: "window functions",
    sql: ["SELECT number, sum(number) OVER (ORDER BY number) AS s FROM numbers(3)"],
    in1816: false,
  },
];

describe("ClickHouse SQL features of the oldest supported server", () => {
  let server: ClickHouseNode;
  let ch: ClickHouseClient;
  let is1816: boolean;

  before(async () => {
    // The process's shared server: killed, its dir removed, when this test file's process exits.
    server = await sharedClickHouse();
    ch = createClickHouseClient({ host: server.host, port: server.httpPort });
    const v = await ch.version();
    is1816 = v.major === 18 && v.minor === 16;
  });
  /** A query with no binding on the client: the server's own answer to `{x:UInt8}` (a syntax error on 18.16). */
  const direct = async (sql: string): Promise<unknown[]> => {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/`, {
      method: "POST",
      body: sql,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(text.split("\n")[0]);
    return [text];
  };
  after(() => ch?.close());

  for (const probe of PROBES) {
    it(`${probe.in1816 ? "has" : "lacks"}: ${probe.name}`, async (t) => {
      await ch.exec("DROP DATABASE IF EXISTS p");
      await ch.exec("CREATE DATABASE p");
      let rows: unknown[] = [];
      const error = await (async () => {
        for (const sql of probe.sql)
          rows = probe.direct
            ? await direct(sql)
            : await ch.query(sql, { settings: probe.settings });
      })().then(
        () => undefined,
        (e: Error) => e.message,
      );
      t.diagnostic(error ?? "works");
      if (probe.in1816 || is1816)
        assert.equal(error === undefined, probe.in1816, error ?? "works on this server");
      if (error === undefined && probe.rows) assert.deepEqual(rows, probe.rows);
    });
  }
});
