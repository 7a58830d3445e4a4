// Bench (issue 14): the REST API under load at 10M observations. autocannon drives
// `dnsight serve` (a child process, as a user runs it) with 50 concurrent clients on
// the passive-DNS exact-name route (GET /api/v1/pdns/search?query=NAME), names drawn
// from what the store holds; target p99 ≤ 50 ms. Then the routes the web UI's pages
// call, each at 10 clients against its own budget. The same exact-name queries are
// also timed straight through the library (pdnsSearch, one at a time, no HTTP), so
// the ratio shows what HTTP, JSON and 50-way concurrency add.
//
// The store is pdns-query's cached 10M-row one; the API key and its user live in a
// state store of their own beside it (sqlite:DB?state=...), so the cached store is
// only read.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { pdnsSearch } from "../src/passive/search.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { latency } from "./_latency.js";
import { rng } from "./_pdns-gen.js";
import { queryStore, type Targets } from "./pdns-query.js";
import { fmt, runChild } from "./_util.js";

const MAIN = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
const TARGET_P99_MS = 50;

/** The UI's own routes and their p99 budgets (ms): what a page waits on. */
const UI_ROUTES: Array<{ label: string; budget: number; path: (t: Targets, i: number) => string }> =
  [
    {
      label: "search suggestions (as you type)",
      budget: 50,
      path: (t, i) =>
        `/api/v1/pdns/suggest?q=${encodeURIComponent(t.exact[i % t.exact.length]!.slice(0, 5))}`,
    },
    {
      label: "domain summary card",
      budget: 150,
      path: (t, i) => `/api/v1/domains/${t.exact[i % t.exact.length]}`,
    },
    {
      label: "domain timeline",
      budget: 250,
      path: (t, i) => `/api/v1/pdns/timeline?query=${t.exact[i % t.exact.length]}`,
    },
    {
      label: "IP page",
      budget: 150,
      path: (t, i) => `/api/v1/ips/${t.ip24[i % t.ip24.length]!.replace(/0\/24$/, "1")}`,
    },
    { label: "alerts page", budget: 100, path: () => "/api/v1/alerts?limit=50" },
    { label: "the UI's script", budget: 20, path: () => "/assets/app.js" },
  ];

function shuffled(xs: string[], seed: number): string[] {
  const rand = rng(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function startServe(
  url: string,
  port: number,
): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      MAIN,
      "serve",
      "--db",
      url,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--rate",
      "off",
      "--key-concurrency",
      "1000",
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, DNSIGHT_DB: "" },
    },
  );
  let err = "";
  child.stderr!.on("data", (b: Buffer) => {
    if (err.length < 1 << 16) err += b.toString();
  });
  const started = Date.now();
  while (!/listening on/.test(err)) {
    if (child.exitCode !== null || Date.now() - started > 60_000)
      throw new Error(`serve did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(
  port: number,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<Load> {
  let i = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export async function benchApiLoad(): Promise<boolean> {
  console.log(
    `\n== API load: ${CLIENTS} clients on GET /api/v1/pdns/search (exact name) at 10M rows ==`,
  );
  const { db, info, targets } = await queryStore();
  const state = join(fileURLToPath(new URL(".", `file://${db}`)), "api-load-state.db");
  for (const f of [state, `${state}-wal`, `${state}-shm`]) rmSync(f, { force: true });
  const url = `sqlite:${db}?state=sqlite:${state}`;
  const made = await runChild(
    process.execPath,
    [MAIN, "apikey", "create", "--name", "bench", "--db", url],
    { timeoutMs: 60_000 },
  );
  if (made.code !== 0) throw new Error(`apikey create: ${made.stderr}`);
  const headers = { "x-api-key": made.stdout.trim() };
  const names = shuffled(targets.exact, 7);

  // The library alone: the same queries, one at a time, in this process.
  const store = await openSqliteStore(db);
  const lib: number[] = [];
  try {
    for (let i = 0; i < 20; i++) await pdnsSearch(store, { query: names[i]!, limit: 100 });
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await pdnsSearch(store, { query: names[i % names.length]!, limit: 100 });
      lib.push(performance.now() - t);
    }
  } finally {
    await store.close();
  }
  const libP99 = latency(lib).p99;

  const port = 20000 + Math.floor(Math.random() * 20000);
  const serve = await startServe(url, port);
  let ok = true;
  try {
    const paths = names.map((n) => `/api/v1/pdns/search?query=${encodeURIComponent(n)}&limit=100`);
    await load(port, headers, paths, CLIENTS, 3); // warm-up: statements, page cache
    const l = await load(port, headers, paths, CLIENTS, SECONDS);
    const met = l.p99 <= TARGET_P99_MS && l.non2xx === 0 && l.errors === 0;
    ok &&= met;
    console.log(
      `  store: ${fmt(info.rows)} observations, ${fmt(info.bytes / 2 ** 20)} MiB; ${fmt(names.length)} distinct names, ${SECONDS} s`,
    );
    console.log(
      `  HTTP, ${CLIENTS} clients: ${fmt(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms (${fmt(l.requests)} requests, ${l.non2xx} not 2xx, ${l.errors} errors)`,
    );
    console.log(
      `  library, one at a time: p99 ${libP99.toFixed(2)} ms; HTTP p99 / library p99 = ${(l.p99 / libP99).toFixed(1)}`,
    );
    console.log(
      `  p99 ${l.p99} ms vs target ≤ ${TARGET_P99_MS} ms: ${met ? "met" : "NOT MET"} (ratio ${(l.p99 / TARGET_P99_MS).toFixed(2)} of the target)`,
    );

    console.log(`  the UI's routes, 10 clients, ${Math.max(5, SECONDS / 2)} s each:`);
    for (const r of UI_ROUTES) {
      const ps = Array.from({ length: 500 }, (_, i) => r.path(targets, i));
      const u = await load(port, headers, ps, 10, Math.max(5, SECONDS / 2));
      const within = u.p99 <= r.budget && u.non2xx === 0 && u.errors === 0;
      ok &&= within;
      console.log(
        `    ${r.label}: ${fmt(u.rps)} req/s, p99 ${u.p99} ms vs budget ${r.budget} ms: ${within ? "within" : "OVER"}${u.non2xx || u.errors ? ` (${u.non2xx} not 2xx, ${u.errors} errors)` : ""}`,
      );
    }
  } finally {
    await serve.stop();
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exitCode = (await benchApiLoad()) ? 0 : 1;
