// Bench (issue 14): the cost of the web UI's search-box suggestions
// (/api/v1/pdns/suggest) and IP page (/api/v1/ips/{ip}) on a large store, called
// through the API in-process (the whole request: guard, pacer, JSON). The store is
// built once with the pdns-query generator (bench/_pdns-gen.ts's storeRows) plus one
// planted hot address with HOT rows (a CDN edge), and cached under
// $TMPDIR/dnsight-bench-cache/. Targets: suggest p99 <= 20 ms, /ips p99 <= 100 ms.
//   node --import tsx bench/intel-routes.ts            (10M rows; BENCH_INTEL_ROWS to change)
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inProcessApi } from "../src/api/in-process.js";
import { newApiKey } from "../src/api/keys.js";
import type { Observation } from "../src/model/observation.js";
import { compareObservations } from "../src/store/merge.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { latency, type Latency } from "./_latency.js";
import { cacheDir, rng, storeRows } from "./_pdns-gen.js";

const ROWS = Number(process.env.BENCH_INTEL_ROWS ?? 10_000_000);
const VERSION = `intel-v1-${ROWS}`;
const BATCH = 50_000;
const HOT = 100_000;
const HOT_IP = "203.0.113.7";
const QUERIES = 300;

interface Targets {
  names: string[];
  ips: string[];
}

async function build(db: string): Promise<void> {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const t0 = performance.now();
  const store = await openSqliteStore(db);
  const targets: Targets = { names: [], ips: [] };
  const stride = Math.max(1, Math.floor(ROWS / 4000));
  let rows = 0;
  try {
    for (const batch of storeRows(ROWS, BATCH)) {
      for (let i = 0; i < batch.length; i += stride) {
        const o = batch[i]!;
        targets.names.push(o.rrname);
        if (o.rrtype === "A") targets.ips.push(o.rdata);
      }
      batch.sort(compareObservations);
      await store.writeObservations(batch);
      rows += batch.length;
      if (rows % 1_000_000 < BATCH)
        process.stderr.write(
          `  built ${rows} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
        );
    }
    const hot: Observation[] = Array.from({ length: HOT }, (_, i) => ({
      rrname: `h${i}.hot-edge.example`,
      rrtype: "A",
      rdata: HOT_IP,
      timeFirst: 1_700_000_000 + i,
      timeLast: 1_700_000_000 + i,
      count: 1,
      source: "passive",
    }));
    await store.writeObservations(hot);
    const { stored } = newApiKey("bench", "read");
    await store.apiKeys!.addApiKey(stored);
  } finally {
    await store.close();
  }
  writeFileSync(`${db}.targets.json`, JSON.stringify(targets));
  process.stderr.write(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

interface Stat extends Latency {
  route: string;
  meanItems: number;
}

async function measure(db: string): Promise<Stat[]> {
  const targets = JSON.parse(readFileSync(`${db}.targets.json`, "utf8")) as Targets;
  const store = await openSqliteStore(db);
  const { key, stored } = newApiKey("bench-run", "read");
  await store.apiKeys!.addApiKey(stored);
  // One caller, no rate limit in the way: the cost of the request, not of the quota.
  const api = inProcessApi({ store, burstSize: 0 });
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: Stat[] = [];
  const run = async (
    route: string,
    paths: () => string,
    items: (b: unknown) => number,
    calls = QUERIES,
  ) => {
    for (let i = 0; i < Math.min(20, calls); i++)
      await (await api.request(paths(), { headers: { "x-api-key": key } })).text();
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < calls; i++) {
      const path = paths();
      const t = performance.now();
      const res = await api.request(path, { headers: { "x-api-key": key } });
      const body: unknown = await res.json();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      total += items(body);
    }
    out.push({ route, ...latency(times), meanItems: total / times.length });
  };
  const prefix = (n: number) => () => {
    const name = pick(targets.names);
    return `/api/v1/pdns/suggest?q=${encodeURIComponent(name.slice(0, n))}`;
  };
  const names = (b: unknown) => (b as { names: unknown[] }).names.length;
  try {
    for (const n of [1, 2, 3, 5, 8]) await run(`suggest, ${n} chars typed`, prefix(n), names);
    await run("/ips/{ip}, a stored address", () => `/api/v1/ips/${pick(targets.ips)}`, names);
    await run(`/ips/{ip}, hot address (${HOT} names)`, () => `/api/v1/ips/${HOT_IP}`, names);
    const apexes = targets.names.filter((n) => n.split(".").length === 2);
    await run(
      "/lookalikes/{domain}",
      () => `/api/v1/lookalikes/${pick(apexes)}?limit=20`,
      (b) => (b as { generated: number }).generated,
      30,
    );
    await run(
      "/ips/{ip}/neighbours",
      () => `/api/v1/ips/${pick(targets.ips)}/neighbours`,
      (b) => (b as { ips: unknown[] }).ips.length,
    );
  } finally {
    await api.close();
    await store.close();
  }
  return out;
}

/** Budgets (p99, ms): a suggestion keeps up with typing, an IP page opens at once. */
const BUDGET: Array<[RegExp, number]> = [
  [/^suggest/, 20],
  [/^\/ips/, 100],
  [/^\/lookalikes/, 1000],
];

export async function benchIntelRoutes(): Promise<boolean> {
  const db = join(cacheDir(VERSION), "store.db");
  if (!existsSync(`${db}.targets.json`)) {
    console.log(`intel routes: building a ${ROWS}-row store at ${db} (once; cached)`);
    await build(db);
  }
  const stats = await measure(db);
  console.log(
    `intel routes on ${ROWS} rows (+${HOT} on one address), ${QUERIES} calls each (lookalikes 30), in-process:`,
  );
  let ok = true;
  for (const s of stats) {
    const budget = BUDGET.find(([re]) => re.test(s.route))?.[1] ?? Infinity;
    ok &&= s.p99 <= budget;
    console.log(
      `  ${s.route.padEnd(42)} p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms  (${s.meanItems.toFixed(1)} items)  ${s.p99 <= budget ? "ok" : "OVER"} (p99 <= ${budget} ms)`,
    );
  }
  return ok;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = (await benchIntelRoutes()) ? 0 : 1;
