import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { newApiKey } from "../../src/api/keys.js";
import { registerFunctions } from "../../src/store/sqlite/_functions.js";
import { migrate } from "../../src/store/sqlite/migrations.js";
import { sqliteApiKeys } from "../../src/store/sqlite/api-keys.js";
import { spawnServe } from "../helpers/serve.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

// Issue 10's acceptance: `dnsight serve` on a store of 1.2M rows, attacked at once by
// one authenticated key (a deep offset, limit=0 and 0.0.0.0/0 dumps over DNSDB and
// CIRCL, each re-asked as soon as it ends) and by 20,000 idle TCP connections without
// a key, while a probe with a key of its own asks an exact lookup every 100 ms. The
// probe's p99 must stay under 200 ms. Figures go to stdout.

const HOST = "127.0.0.1";
assertLoopback(HOST);
const ROWS = 1_200_000;
const P99_TARGET_MS = 200;
// Two scales. The bench (`npm run bench -- api-under-attack`) runs this file alone at
// the issue's: 20,000 idle sockets over 40 s, and the 200 ms target. In the suite two
// test files share two cores, so the flood is a quarter and a stall (the old failure:
// 30 s and more) is what fails: p99 over 5 s, or a probe not answered. (Beside another
// heavy file, a build of better-sqlite3 say, a healthy server's p99 reached 1.1 s.)
const FULL = process.env.DNSIGHT_ATTACK_SCALE === "full";
const ATTACK_MS = FULL ? 40_000 : 20_000;
const IDLE_SOCKETS = FULL ? 20_000 : 5_000;
const P99_LIMIT_MS = FULL ? P99_TARGET_MS : 5000;
const T = 1_700_000_000;

/** The store, built in SQL with the store's own schema and key functions (seconds, not minutes). */
function buildStore(path: string): { attacker: string; prober: string } {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    registerFunctions(db);
    migrate(db);
    db.exec(`
      INSERT INTO observations (rrname, rrtype, rdata, bailiwick, sensor_id, time_first,
        time_last, count, source, rrname_rev, rdata_name, rdata_name_rev, ip_key)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 1}),
        r AS (SELECT printf('h%07d.example.com', i) AS name,
                     printf('10.%d.%d.%d', (i >> 16) & 255, (i >> 8) & 255, i & 255) AS ip FROM n)
      SELECT name, 'A', ip, 'example.com', '', ${T}, ${T} + 60, 1, 'passive',
        dnsight_reverse_name(name), NULL, NULL, dnsight_ip_key('A', ip) FROM r;
      INSERT INTO observations (rrname, rrtype, rdata, bailiwick, sensor_id, time_first,
        time_last, count, source, rrname_rev, rdata_name, rdata_name_rev, ip_key)
      VALUES ('www.example.org', 'A', '192.0.2.1', 'example.org', '', ${T}, ${T}, 3, 'passive',
        dnsight_reverse_name('www.example.org'), NULL, NULL, dnsight_ip_key('A', '192.0.2.1'));
    `);
    const keys = sqliteApiKeys(
      db,
      (_op, e) => e as never,
      () => undefined,
    );
    const attacker = newApiKey("attacker", "read");
    const prober = newApiKey("probe", "read");
    void keys.addApiKey(attacker.stored);
    void keys.addApiKey(prober.stored);
    return { attacker: attacker.key, prober: prober.key };
  } finally {
    db.close();
  }
}

interface Answer {
  status: number;
  bytes: number;
  /** The last NDJSON line, when there is one. */
  last: string;
  ms: number;
}

/** One GET on a connection of its own, body read to the end. */
function ask(base: string, path: string, key: string, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, bytes: number, last: string): void =>
      resolve({ status, bytes, last, ms: performance.now() - started });
    const req = get(
      `${base}${path}`,
      { agent: false, headers: { "x-api-key": key } },
      (res: IncomingMessage) => {
        let bytes = 0;
        let lastChunk: Buffer = Buffer.alloc(0);
        let before: Buffer = Buffer.alloc(0);
        res.on("data", (b: Buffer) => {
          bytes += b.length;
          before = lastChunk;
          lastChunk = b;
        });
        const tail = (): string =>
          Buffer.concat([before, lastChunk]).toString("latin1").slice(-300);
        res.on("end", () =>
          done(res.statusCode ?? 0, bytes, tail().trim().split("\n").pop() ?? ""),
        );
        res.on("error", () => done(-1, bytes, tail()));
      },
    );
    let timedOut = false;
    req.setTimeout(timeoutMs, () => {
      timedOut = true;
      req.destroy(new Error("timeout"));
    });
    // -1: the connection failed or was reset; -2: no answer in time.
    req.on("error", () => done(timedOut ? -2 : -1, 0, ""));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** This process's descriptor limit (children inherit it). */
function fdLimit(): number {
  const line = /Max open files\s+(\d+|unlimited)/.exec(readFileSync("/proc/self/limits", "utf8"));
  return line?.[1] === undefined || line[1] === "unlimited" ? 1 << 20 : Number(line[1]);
}

describe("`dnsight serve` under attack (issue 10 acceptance)", () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  it(`a probe's p99 stays under ${P99_LIMIT_MS} ms at ${ROWS} rows (target ${P99_TARGET_MS} ms)`, async () => {
    const dir = makeTmpDir("attack", { after });
    const db = join(dir.path, "attack.db");
    let t0 = performance.now();
    const { attacker, prober } = buildStore(db);
    const buildMs = performance.now() - t0;

    const port = await freePort(HOST);
    const served = await spawnServe({
      db,
      host: HOST,
      port,
      timeoutMs: 30_000,
      keepBytes: 200_000,
    });
    const server = served.child;
    children.push(server);
    const base = `http://${HOST}:${port}`;
    const probe = (): Promise<Answer> =>
      ask(base, "/dnsdb/v2/lookup/rrset/name/www.example.org", prober, 10_000);

    // The same probe before the attack, for scale: what this machine gives anyway.
    const calm: Answer[] = [];
    for (let i = 0; i < 30; i++) {
      calm.push(await probe());
      await new Promise((r) => setTimeout(r, 100));
    }
    const calmMs = calm.map((a) => a.ms).sort((a, b) => a - b);

    // The idle sockets, from children: each holds as many as its descriptors allow
    // (the limit cannot always be raised, even as root, in a container).
    const perChild = Math.min(10_000, fdLimit() - 200);
    const openers = Array.from({ length: Math.ceil(IDLE_SOCKETS / perChild) }, (_, i) => {
      const n = Math.min(perChild, IDLE_SOCKETS - i * perChild);
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "test/unit/api/_idle-sockets.ts",
          HOST,
          String(port),
          String(n),
          String(ATTACK_MS),
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      children.push(child);
      let out = "";
      child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
      return new Promise<Record<string, number>>((r) =>
        child.once("exit", () => r(JSON.parse(out.trim() || "{}") as Record<string, number>)),
      );
    });

    // The authenticated attacker: each request asked again as soon as it ends.
    const attacks: Record<string, string> = {
      "deep offset": `/dnsdb/v2/lookup/rrset/name/${encodeURIComponent("*.example.com")}?offset=1000000&limit=10`,
      "limit=0": `/dnsdb/v2/lookup/rrset/name/${encodeURIComponent("*.example.com")}?limit=0`,
      "0.0.0.0/0": "/dnsdb/v2/lookup/rdata/ip/0.0.0.0,0?limit=0",
      "CIRCL 0.0.0.0/0": "/pdns/query/0.0.0.0%2F0",
    };
    const stopAt = performance.now() + ATTACK_MS;
    const attackLog: Record<string, Answer[]> = {};
    const attackers = Object.entries(attacks).map(async ([name, path]) => {
      attackLog[name] = [];
      while (performance.now() < stopAt) {
        const a = await ask(base, path, attacker, 90_000);
        attackLog[name]!.push(a);
        if (a.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
    });

    // The probe: an exact lookup every 100 ms, each on a new connection.
    await new Promise((r) => setTimeout(r, 500));
    const probes: Promise<Answer>[] = [];
    t0 = performance.now();
    while (performance.now() < stopAt - 500) {
      probes.push(probe());
      await new Promise((r) => setTimeout(r, 100));
    }
    const answers = await Promise.all(probes);
    await Promise.all(attackers);
    const opened = await Promise.all(openers);

    const ms = answers.map((a) => (a.status === 200 ? a.ms : 10_000)).sort((a, b) => a - b);
    const p50 = percentile(ms, 50);
    const p99 = percentile(ms, 99);
    const max = ms[ms.length - 1]!;
    const failed = answers.filter((a) => a.status !== 200).length;
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    // The server's own log: how long each probe took once its request was read.
    const handled = [...served.stderr().matchAll(/rrset\/name\/www\.example\.org 200 (\d+)ms/g)]
      .map((m) => Number(m[1]))
      .slice(-answers.length)
      .sort((a, b) => a - b);
    const idle: Record<string, number> = {};
    for (const o of opened) for (const [k, v] of Object.entries(o)) idle[k] = (idle[k] ?? 0) + v;
    const summary = Object.entries(attackLog).map(([name, list]) => {
      const ok = list.filter((a) => a.status === 200);
      return `${name}: ${list.length} requests (${ok.length} answered 200, ${list.length - ok.length} refused), last end ${JSON.stringify(ok[ok.length - 1]?.last ?? "")}, ${Math.round(Math.max(0, ...ok.map((a) => a.bytes)) / 1e6)} MB at most`;
    });
    console.log(
      [
        `store: ${ROWS} rows built in ${(buildMs / 1000).toFixed(1)} s`,
        `probe, as the server timed it (request head to answer end): p99 ${percentile(handled, 99)} ms; the rest is the wait to be accepted`,
        `probe before the attack: p50 ${percentile(calmMs, 50).toFixed(1)} ms, max ${calmMs[calmMs.length - 1]!.toFixed(1)} ms`,
        `probe: ${answers.length} requests, statuses ${JSON.stringify(statuses)}; p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < ${P99_TARGET_MS} ms), max ${max.toFixed(1)} ms`,
        `idle sockets: ${JSON.stringify(idle)}`,
        ...summary,
      ].join("\n"),
    );
    assert.equal(failed, 0, "every probe was answered");
    assert.ok(p99 < P99_LIMIT_MS, `probe p99 ${p99.toFixed(1)} ms (limit ${P99_LIMIT_MS} ms)`);
    // The attacks did happen.
    assert.ok((idle.opened ?? 0) >= IDLE_SOCKETS, `only ${idle.opened} idle sockets opened`);
    const deep = attackLog["deep offset"]!.filter((a) => a.status === 200);
    assert.ok(deep.length > 0, "the deep offset was answered at least once");
    for (const name of ["limit=0", "0.0.0.0/0"]) {
      const ends = attackLog[name]!.filter((a) => a.status === 200).map((a) => a.last);
      assert.ok(
        ends.some((l) => /"cond":"limited"/.test(l)),
        `${name}: cut at results_max`,
      );
    }
    server.kill("SIGTERM");
  });
});
