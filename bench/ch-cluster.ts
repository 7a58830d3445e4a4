// Bench (issue 15): passive DNS at 100M observations on a two-shard ClickHouse cluster
// (two Debian clickhouse-server processes on loopback, from the test helpers), beside
// SQLite in the same run.
//
// 1. Load: the pdns-query bench's generator, scaled to BENCH_CH_ROWS (default 100M),
//    written through the store (Native blocks, client-side sharding). Reported: rows/s
//    and bytes on disk per observation. SQLite loads the generator's first
//    BENCH_CH_SQLITE_ROWS (default 2M) in the same run, for the rate side by side; its
//    bytes per observation are also given at the 10M of the pdns-query bench's store.
// 2. Query p99 through pdnsSearch, cold (the OS page cache and ClickHouse's mark and
//    uncompressed caches dropped before each kind) and warm (the same targets again),
//    for an exact name, *.domain, an rdata name and an IPv4 /24. Target ≤ 200 ms.
//    Then the same four on SQLite at its largest size (the pdns-query bench's 10M
//    store), cold and warm.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Observation } from "../src/model/observation.js";
import { pdnsSearch, type PdnsRequest } from "../src/passive/search.js";
import { openStore } from "../src/store/open.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import type { Store } from "../src/store/types.js";
import {
  clusterStoreUrl,
  startClickHouse,
  startClickHouseCluster,
  type ClickHouseNode,
} from "../test/helpers/clickhouse.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { nodeClient, storedOn } from "./_clickhouse.js";
import { latency, type Latency } from "./_latency.js";
import { rng, storeRows } from "./_pdns-gen.js";
import { fmt } from "./_util.js";
import {
  collectTargets,
  KINDS,
  measurePass,
  queryStore,
  VERSION as QUERY_STORE_VERSION,
  type Targets,
} from "./pdns-query.js";

const ROWS = Number(process.env.BENCH_CH_ROWS ?? 100_000_000);
const SQLITE_ROWS = Math.min(ROWS, Number(process.env.BENCH_CH_SQLITE_ROWS ?? 2_000_000));
/** One node instead of the cluster (to try the bench quickly). */
const SINGLE = process.env.BENCH_CH_SINGLE === "1";
const BATCH = 50_000;
const QUERIES = Number(process.env.BENCH_CH_QUERIES ?? 200);
const LIMIT = 1000;
const TARGET_MS = 200;
const LOAD_TIMEOUT_MS = Number(process.env.BENCH_CH_LOAD_MINUTES ?? 60) * 60_000;
const DB = "bench";

/** Writes the generator's first `rows` rows, one batch in flight while the next is made. */
async function load(
  store: Store,
  rows: number,
  onBatch: (batch: readonly Observation[], first: number) => void,
  deadline: number,
): Promise<{ rows: number; secs: number; firstRowsSecs?: number }> {
  const t0 = performance.now();
  let done = 0;
  let pending: Promise<void> = Promise.resolve();
  let firstRowsSecs: number | undefined;
  for (const batch of storeRows(rows, BATCH)) {
    onBatch(batch, done);
    const prev = pending;
    pending = prev.then(() => store.writeObservations(batch));
    await prev;
    done += batch.length;
    if (firstRowsSecs === undefined && done >= SQLITE_ROWS)
      firstRowsSecs = (performance.now() - t0) / 1000;
    if (done % 5_000_000 < BATCH)
      process.stderr.write(
        `  loaded ${fmt(done)} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
      );
    if (performance.now() > deadline) {
      process.stderr.write(`  load stopped at the time limit, ${fmt(done)} rows\n`);
      break;
    }
  }
  await pending;
  return {
    rows: done,
    secs: (performance.now() - t0) / 1000,
    ...(firstRowsSecs !== undefined ? { firstRowsSecs } : {}),
  };
}

const request = (kind: (typeof KINDS)[number]["kind"], t: string): PdnsRequest =>
  kind === "wildcard"
    ? { query: `*.${t}`, limit: LIMIT }
    : kind === "rdata"
      ? { query: t, rdata: true, limit: LIMIT }
      : { query: t, limit: LIMIT };

/** A seeded shuffle of each kind's targets, cut to QUERIES. */
function pick(all: Targets): Targets {
  const rand = rng(7);
  const out = {} as Targets;
  for (const { kind } of KINDS) {
    const pool = [...all[kind]];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    out[kind] = pool.slice(0, QUERIES);
  }
  return out;
}

async function dropCaches(nodes: readonly ClickHouseNode[]): Promise<void> {
  for (const node of nodes) {
    const ch = nodeClient(node);
    try {
      await ch.exec("SYSTEM DROP MARK CACHE");
      await ch.exec("SYSTEM DROP UNCOMPRESSED CACHE");
    } finally {
      ch.close();
    }
  }
  execFileSync("sync");
  writeFileSync("/proc/sys/vm/drop_caches", "3\n");
}

async function pass(store: Store, targets: Targets, kind: (typeof KINDS)[number]["kind"]) {
  const times: number[] = [];
  let rows = 0;
  for (const t of targets[kind]) {
    const t0 = performance.now();
    const page = await pdnsSearch(store, request(kind, t));
    times.push(performance.now() - t0);
    rows += page.rows.length;
  }
  return { ...latency(times), meanRows: rows / Math.max(1, times.length) };
}

const line = (label: string, l: Latency & { meanRows: number }, ok: boolean) =>
  `    ${label.padEnd(22)} p50 ${l.p50.toFixed(1).padStart(7)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms  max ${l.max.toFixed(0).padStart(6)} ms` +
  `  (${l.n} queries, ${l.meanRows.toFixed(1)} rows avg) (target p99 ≤ ${TARGET_MS} ms) ${ok ? "PASS" : "MISS"}`;

/** What a complete load leaves beside the kept servers' data, for the next run to reuse. */
interface Built {
  rows: number;
  secs: number;
  firstRowsSecs?: number;
  sq: { rows: number; secs: number; bytes: number };
  targets: Targets;
  at: string;
  /** An earlier run merged every month to one part (BENCH_CH_OPTIMIZE=1). */
  optimized?: boolean;
}

const READ_TABLES = ["observations", "obs_by_rdata", "obs_by_ip", "owner_names", "rdata_names"];

/** Active parts per table on each node: what a point read opens. */
async function reportParts(nodes: readonly ClickHouseNode[]): Promise<void> {
  const per: string[] = [];
  for (const [i, node] of nodes.entries()) {
    const ch = nodeClient(node, DB);
    try {
      const rows = await ch.query<{ table: string; parts: string; months: string }>(
        "SELECT table, count() AS parts, uniqExact(partition) AS months FROM system.parts" +
          " WHERE active AND database = {d:String} GROUP BY table ORDER BY table",
        { params: { d: DB } },
      );
      per.push(
        `node ${i + 1}: ` +
          rows
            .filter((r) => READ_TABLES.includes(r.table))
            .map((r) => `${r.table} ${r.parts} parts in ${r.months} months`)
            .join(", "),
      );
    } finally {
      ch.close();
    }
  }
  console.log(`  parts: ${per.join("; ")}`);
}

async function optimizeAll(nodes: readonly ClickHouseNode[]): Promise<void> {
  for (const node of nodes) {
    const ch = nodeClient(node, DB);
    try {
      const parts = await ch.query<{ table: string; partition: string }>(
        "SELECT DISTINCT table, partition FROM system.parts WHERE active AND database = {d:String}",
        { params: { d: DB } },
      );
      for (const p of parts.filter((r) => READ_TABLES.includes(r.table)))
        await ch.exec(`OPTIMIZE TABLE ${p.table} PARTITION ${p.partition} FINAL`, {
          timeoutMs: 3_600_000,
        });
    } finally {
      ch.close();
    }
  }
}

/**
 * Where the loaded servers' data is kept between runs (as the pdns-query bench keeps its
 * SQLite store): the load takes an hour at 100M rows, the queries minutes.
 */
const keptDir = (): string =>
  join(
    process.env.TMPDIR ?? "/tmp",
    "dnsight-bench-cache",
    `ch-cluster-v1-${ROWS}${SINGLE ? "-single" : ""}`,
  );

export async function benchClickHouseCluster(): Promise<boolean> {
  const tmp = makeTmpDir("bench-ch-cluster");
  const kept = keptDir();
  const manifest = join(kept, "built.json");
  const reuse = existsSync(manifest) && process.env.BENCH_CH_RELOAD !== "1";
  if (!reuse) rmSync(kept, { recursive: true, force: true });
  const keepIn = SINGLE ? [join(kept, "node")] : [join(kept, "shard1"), join(kept, "shard2")];
  const nodes: ClickHouseNode[] = [];
  const stop: Array<() => Promise<void>> = [];
  try {
    let url: string;
    if (SINGLE) {
      const node = await startClickHouse(undefined, { keepIn });
      nodes.push(node);
      stop.push(() => node.stop());
      url = `clickhouse://${node.host}:${node.httpPort}/${DB}`;
    } else {
      const cluster = await startClickHouseCluster(undefined, { keepIn });
      nodes.push(...cluster.shards);
      stop.push(() => cluster.stop());
      url = clusterStoreUrl(cluster, DB, join(tmp.path, "spool"));
    }
    console.log(
      `ClickHouse ${SINGLE ? "single node" : "two-shard cluster"} at ${fmt(ROWS)} observations (the pdns-query generator), beside SQLite, one run`,
    );
    const built = reuse
      ? (JSON.parse(readFileSync(manifest, "utf8")) as Built)
      : await build(url, tmp.path);
    if (!reuse) writeFileSync(manifest, JSON.stringify(built));
    const { sq, targets } = built;
    const ch = { rows: built.rows, secs: built.secs, firstRowsSecs: built.firstRowsSecs };
    const on = await storedOn(nodes, DB, false);
    const sqRate = sq.rows / sq.secs;
    const sqBytes = sq.bytes;
    const chFirstRate = SQLITE_ROWS / (ch.firstRowsSecs ?? ch.secs);
    console.log(
      `  load${reuse ? ` (measured when the kept data was built, ${built.at}, in ${kept}; BENCH_CH_RELOAD=1 builds it again)` : ""}:`,
    );
    console.log(
      `    sqlite:     ${fmt(sq.rows)} rows in ${sq.secs.toFixed(1)} s, ${fmt(sqRate)} rows/s; ${fmt(sqBytes / 2 ** 20)} MiB, ${(sqBytes / sq.rows).toFixed(0)} bytes/observation`,
    );
    const cached = join(queryStoreDir(), "store.db.built.json");
    if (existsSync(cached)) {
      const info = JSON.parse(readFileSync(cached, "utf8")) as {
        rows: number;
        bytes: number;
        seconds: number;
      };
      console.log(
        `    sqlite at ${fmt(info.rows)} (the pdns-query store, built earlier): ${fmt(info.rows / info.seconds)} rows/s, ${(info.bytes / info.rows).toFixed(0)} bytes/observation`,
      );
    }
    console.log(
      `    clickhouse: ${fmt(ch.rows)} rows in ${ch.secs.toFixed(1)} s, ${fmt(ch.rows / ch.secs)} rows/s (first ${fmt(SQLITE_ROWS)}: ${fmt(chFirstRate)} rows/s); ` +
        `about ${fmt(on.keys)} distinct observations stored (uniqCombined); ${fmt(on.bytes / 2 ** 20)} MiB on disk (the main table ${fmt(on.obsBytes / 2 ** 20)} MiB), ` +
        `${(on.bytes / ch.rows).toFixed(0)} bytes/observation${ch.rows < ROWS ? ` — SHORT of ${fmt(ROWS)}: the load hit its time limit` : ""}`,
    );
    console.log(
      `    ratio clickhouse/sqlite: rows/s ${(chFirstRate / sqRate).toFixed(2)} over the same first rows, bytes/observation ${(on.bytes / ch.rows / (sqBytes / sq.rows)).toFixed(2)}`,
    );

    await reportParts(nodes);
    if (process.env.BENCH_CH_OPTIMIZE === "1" && !built.optimized) {
      // What a month that is no longer written looks like once the background merges
      // have had their way: one part per month and table.
      const t0 = performance.now();
      await optimizeAll(nodes);
      built.optimized = true;
      writeFileSync(manifest, JSON.stringify(built));
      console.log(
        `  OPTIMIZE … FINAL of every month on every shard: ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      await reportParts(nodes);
    } else if (built.optimized)
      console.log("  (the kept data was OPTIMIZE … FINAL'd by an earlier run)");

    const picked = pick(targets);
    let allOk = ch.rows >= ROWS;
    const q = await openStore(url);
    try {
      for (const label of ["cold", "warm"] as const) {
        console.log(
          `  query p99 at ${fmt(ch.rows)} rows, ${label}${label === "cold" ? " (OS page cache, mark and uncompressed caches dropped before each kind)" : " (the same targets again)"}:`,
        );
        for (const k of KINDS) {
          if (label === "cold") await dropCaches(nodes);
          const r = await pass(q, picked, k.kind);
          const ok = r.p99 <= TARGET_MS;
          allOk &&= ok;
          console.log(line(k.label, r, ok));
        }
      }
    } finally {
      await q.close();
    }

    // SQLite at its largest size here: the pdns-query bench's store, cold then warm.
    const { db } = await queryStore();
    console.log(`  the same four on SQLite at its largest size (pdns-query's store, ${db}):`);
    await dropCaches([]);
    await measurePass(db, "page cache dropped");
    await measurePass(db, "again, as the first pass left the cache");
    return allOk;
  } finally {
    for (const s of stop) await s();
    tmp.remove();
  }
}

/** SQLite on the generator's first rows, then the whole load into ClickHouse at `url`. */
async function build(url: string, tmp: string): Promise<Built> {
  const sqlitePath = join(tmp, "side.db");
  const sqlite = await openSqliteStore(sqlitePath);
  let sq;
  try {
    sq = await load(sqlite, SQLITE_ROWS, () => {}, Infinity);
  } finally {
    await sqlite.close();
  }
  const bytes = [sqlitePath, `${sqlitePath}-wal`].reduce(
    (s, f) => s + (existsSync(f) ? statSync(f).size : 0),
    0,
  );
  const targets: Targets = { exact: [], wildcard: [], ip24: [], rdata: [] };
  const stride = Math.max(1, Math.floor(ROWS / 8000));
  const store = await openStore(url);
  let ch;
  try {
    ch = await load(
      store,
      ROWS,
      (b, first) => collectTargets(b, first, stride, targets),
      performance.now() + LOAD_TIMEOUT_MS,
    );
  } finally {
    await store.close();
  }
  return { ...ch, sq: { ...sq, bytes }, targets, at: new Date().toISOString() };
}

const queryStoreDir = (): string =>
  join(process.env.TMPDIR ?? "/tmp", "dnsight-bench-cache", QUERY_STORE_VERSION);
