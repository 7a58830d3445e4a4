// Bench (issue 4): passive-DNS query latency at 10M observations, through
// pdnsSearch (the call behind the CLI and the API). Targets: p99 ≤ 5 ms for an
// exact name, ≤ 25 ms for *.domain, an IPv4 /24 and an rdata name, each over 500
// random targets that exist, at most 1,000 rows a query.
//
// The store is built once, with the library (sorted batches of 50k), and cached
// under $TMPDIR/dnsight-bench-cache/; the build and the measurement each run in a
// child process, so the figures come from a fresh process.
import { execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Observation } from "../src/model/observation.js";
import { pdnsSearch, type PdnsRequest } from "../src/passive/search.js";
import { compareObservations } from "../src/store/merge.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { latency, type Latency } from "./_latency.js";
import { cacheDir, rng, storeRows } from "./_pdns-gen.js";
import { countStoredRows, fmt, runChild } from "./_util.js";

const ROWS = Number(process.env.BENCH_QUERY_ROWS ?? 10_000_000);
/** Bump when the generator or the schema changes, so a stale cached store is not reused. */
export const VERSION = `pdns-query-v3-${ROWS}`;
const BATCH = 50_000;
const QUERIES = 500;
const WARMUP = 20;
const LIMIT = 1000;
const BUILD_TIMEOUT_MS = 60 * 60_000;
const SELF = fileURLToPath(import.meta.url);
/** Each round is a cold pass (the page cache dropped, where root may) and a warm one. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export const KINDS = [
  { kind: "exact", label: "exact name", target: 5 },
  { kind: "wildcard", label: "*.domain", target: 25 },
  { kind: "ip24", label: "IPv4 /24", target: 25 },
  { kind: "rdata", label: "rdata name (--rdata)", target: 25 },
] as const;
export type Kind = (typeof KINDS)[number]["kind"];
export type Targets = Record<Kind, string[]>;

export interface BuildInfo {
  rows: number;
  seconds: number;
  bytes: number;
}

interface KindResult extends Latency {
  kind: Kind;
  meanRows: number;
  fullPages: number;
}

const registered = (name: string): string =>
  name
    .split(".")
    .slice(name.endsWith(".co.uk") ? -3 : -2)
    .join(".");

/** Adds every `stride`th row of `batch` (whose first row is row `first`) to the query targets. */
export function collectTargets(
  batch: readonly Observation[],
  first: number,
  stride: number,
  targets: Targets,
): void {
  for (let i = 0; i < batch.length; i++) {
    if ((first + i) % stride !== 0) continue;
    const o = batch[i]!;
    targets.exact.push(o.rrname);
    targets.wildcard.push(registered(o.rrname));
    if (o.rrtype === "A") targets.ip24.push(`${o.rdata.replace(/\.\d+$/, "")}.0/24`);
    if (o.rrtype === "CNAME" || o.rrtype === "NS" || o.rrtype === "MX")
      targets.rdata.push(o.rdata.split(" ").at(-1)!.replace(/\.$/, ""));
  }
}

/**
 * Child: writes the store and a sample of what is in it (the query targets). A build
 * that was cut short (a timeout, a kill) is carried on: the generator is replayed and
 * the batches the store already holds are skipped, by the stored row count, which is
 * a whole number of batches because each batch is one transaction.
 */
async function build(db: string): Promise<void> {
  const already = existsSync(db) ? await countStoredRows(db) : 0;
  if (already === 0) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  else process.stderr.write(`  carrying on a build cut short at ${fmt(already)} rows\n`);
  const t0 = performance.now();
  const store = await openSqliteStore(db);
  const targets: Targets = { exact: [], wildcard: [], ip24: [], rdata: [] };
  const stride = Math.max(1, Math.floor(ROWS / 4000));
  let rows = 0;
  try {
    for (const batch of storeRows(ROWS, BATCH)) {
      collectTargets(batch, rows, stride, targets);
      if (rows + batch.length <= already) {
        rows += batch.length;
        continue;
      }
      if (rows < already) throw new Error(`stored rows (${already}) end inside a batch: rebuild`);
      batch.sort(compareObservations);
      await store.writeObservations(batch);
      rows += batch.length;
      if (rows % 1_000_000 < BATCH)
        process.stderr.write(
          `  built ${fmt(rows)} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
        );
      if (performance.now() - t0 > BUILD_TIMEOUT_MS) throw new Error("store build timed out");
    }
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const bytes = [db, `${db}-wal`].reduce((s, f) => s + (existsSync(f) ? statSync(f).size : 0), 0);
  writeFileSync(`${db}.targets.json`, JSON.stringify(targets));
  writeFileSync(`${db}.built.json`, JSON.stringify({ rows, seconds, bytes } satisfies BuildInfo));
}

/** Child: the latencies, as JSON on stdout. */
async function measure(db: string): Promise<void> {
  const all = JSON.parse(readFileSync(`${db}.targets.json`, "utf8")) as Targets;
  const rand = rng(99);
  const store = await openSqliteStore(db);
  const out: KindResult[] = [];
  try {
    for (const { kind } of KINDS) {
      const pool = [...all[kind]];
      // A seeded shuffle, then the first WARMUP + QUERIES (repeats are allowed past the pool).
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      const request = (i: number): PdnsRequest => {
        const t = pool[i % pool.length]!;
        if (kind === "wildcard") return { query: `*.${t}`, limit: LIMIT };
        if (kind === "rdata") return { query: t, rdata: true, limit: LIMIT };
        return { query: t, limit: LIMIT };
      };
      // Statement preparation and the first page reads are not what is measured.
      for (let i = 0; i < WARMUP; i++) await pdnsSearch(store, request(QUERIES + i));
      const times: number[] = [];
      let rows = 0;
      let full = 0;
      const started = performance.now();
      for (let i = 0; i < QUERIES && performance.now() - started < 120_000; i++) {
        const req = request(i);
        const t = performance.now();
        const page = await pdnsSearch(store, req);
        times.push(performance.now() - t);
        rows += page.rows.length;
        if (page.rows.length === LIMIT) full++;
      }
      out.push({ kind, ...latency(times), meanRows: rows / times.length, fullPages: full });
    }
  } finally {
    await store.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

function runInherited(args: string[], timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SELF, ...args], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve(code);
    });
  });
}

/** The bench's 10M-row store (built once, then cached), its build figures and query targets. */
export async function queryStore(): Promise<{
  db: string;
  info: BuildInfo;
  fresh: boolean;
  targets: Targets;
}> {
  const db = join(cacheDir(VERSION), "store.db");
  let fresh = false;
  if (!existsSync(`${db}.built.json`)) {
    console.log(`pdns query: building a ${fmt(ROWS)}-row store at ${db} (once; cached)`);
    const code = await runInherited(["build", db], BUILD_TIMEOUT_MS + 60_000);
    if (code !== 0) throw new Error(`store build failed (${code})`);
    fresh = true;
  }
  const info = JSON.parse(readFileSync(`${db}.built.json`, "utf8")) as BuildInfo;
  const targets = JSON.parse(readFileSync(`${db}.targets.json`, "utf8")) as Targets;
  return { db, info, fresh, targets };
}

export async function benchPdnsQuery(): Promise<boolean> {
  const { db, info, fresh } = await queryStore();
  console.log(
    `pdns query latency: ${fmt(info.rows)} observations in ${db}, ${fmt(info.bytes / 2 ** 20)} MiB, ` +
      `built ${fresh ? "now" : "earlier"} in ${info.seconds.toFixed(0)} s (${fmt(info.rows / info.seconds)} rows/s); ` +
      `${QUERIES} queries per kind after ${WARMUP} warm-up, limit ${LIMIT}, fresh process`,
  );
  // A full page of rdata rows is ~1000 table pages spread over the file: the figure
  // depends on how much of it the OS has cached. So two passes a round: as the cache
  // happens to be (after a build or a reboot, none of it), then with the file read
  // through once, as on a server that has been answering for a while.
  // Root can empty the page cache: then the cold pass is cold on every round, not only
  // after a build or a reboot.
  let ok = true;
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`  round ${round} of ${ROUNDS}:`);
    const dropped = dropPageCache();
    const cold = await measurePass(db, dropped ? "page cache dropped" : "page cache as found");
    const t0 = performance.now();
    readThrough(db);
    console.log(
      `  read the db file through once (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const warm = await measurePass(db, "page cache warm");
    ok = ok && cold && warm;
  }
  return ok;
}

export async function measurePass(db: string, label: string): Promise<boolean> {
  const resident = await runChild("fincore", ["-b", "-n", "-o", "RES", db], { timeoutMs: 10_000 });
  const res = Number(resident.stdout.trim());
  const cached =
    resident.code === 0 && Number.isFinite(res)
      ? `${fmt(res / 2 ** 20)} MiB of the db file cached`
      : "cache unknown";
  console.log(`  ${label} (${cached}):`);
  const r = await runChild(process.execPath, ["--import", "tsx", SELF, "measure", db], {
    timeoutMs: 900_000,
  });
  if (r.code !== 0) throw new Error(`query measurement failed (${r.code}): ${r.stderr}`);
  const results = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as KindResult[];
  let allOk = true;
  for (const k of KINDS) {
    const res = results.find((x) => x.kind === k.kind)!;
    const ok = res.p99 <= k.target && res.n >= QUERIES;
    allOk &&= ok;
    console.log(
      `    ${k.label.padEnd(22)} p50 ${res.p50.toFixed(2).padStart(6)} ms  p99 ${res.p99.toFixed(2).padStart(6)} ms  max ${res.max.toFixed(1).padStart(6)} ms  ` +
        `(${res.n} queries, ${res.meanRows.toFixed(1)} rows avg, ${res.fullPages} full pages) (target p99 ≤ ${k.target} ms) ${ok ? "PASS" : "MISS"}`,
    );
  }
  console.log(`    measuring process peak RSS ${fmt(r.peakRssKb / 1024)} MB`);
  return allOk;
}

/** Empties the OS page cache (root only); false where it may not. */
function dropPageCache(): boolean {
  try {
    execFileSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
    return true;
  } catch {
    return false;
  }
}

/** Reads the file once, front to back, so the OS caches what it can. */
function readThrough(path: string): void {
  const buf = Buffer.allocUnsafe(8 << 20);
  const fd = openSync(path, "r");
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

if (process.argv[1] === SELF) {
  const [cmd, db] = process.argv.slice(2);
  if (cmd === "build" && db) await build(db);
  else if (cmd === "measure" && db) await measure(db);
  else throw new Error("usage: pdns-query.ts build|measure DB");
}
