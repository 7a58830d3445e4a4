// Two `dnsight monitor` processes (the built CLI) on one watchlist of 40 zones, as
// two machines would run them: on one PostgreSQL state (each with its own SQLite data
// file), then on one SQLite file. Knot serves the zones on loopback behind a relay
// that logs each answer; the monitors ask the relay for delegations (--server) and as
// the zones' server (glue on its address, --ns-port). A DNS check asks the parent
// once for the zone's DS, so the DS answers per zone are the checks that ran.
// Across the two monitors each zone must be checked once per interval: never twice
// within half an interval, every zone covered, both monitors sharing the work.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { openStore } from "../../src/store/open.js";
import { cli } from "../helpers/cli.js";
import { startCountingRelay, type CountingRelay } from "../helpers/counting-relay.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort, type LoopbackAddress } from "../helpers/ports.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number) => `${net}.${i}` as LoopbackAddress;
const NAMES = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, "0")}.test`);
const INTERVAL_S = 6;
const RUN_MS = 21_000;
const DS = 43;

const parent = [
  "@ 60 SOA ns hostmaster 1 3600 900 604800 60",
  "@ 60 NS ns",
  `ns 60 A ${addr(1)}`,
  ...NAMES.flatMap((n) => [`${n}. 60 NS ns.${n}.`, `ns.${n}. 60 A ${addr(1)}`]),
].join("\n");
const child = (i: number) =>
  [
    "@ 60 SOA ns hostmaster 1 3600 900 604800 60",
    "@ 60 NS ns",
    `ns 60 A ${addr(1)}`,
    `@ 60 A 192.0.2.${i + 1}`,
  ].join("\n");

describe("two monitor processes on one watchlist: each check once per interval", () => {
  const tmp = makeTmpDir("leases-cli");
  let knot: KnotServer;
  let relay: CountingRelay;
  before(async () => {
    knot = await startKnot({
      address: addr(2),
      zones: [
        { origin: "test", text: `${parent}\n` },
        ...NAMES.map((n, i) => ({ origin: n, text: `${child(i)}\n` })),
      ],
    });
    relay = await startCountingRelay(
      { host: addr(1), port: await freePort(addr(1)) },
      { host: knot.host, port: knot.port },
    );
  });
  after(async () => {
    await relay?.close();
    await knot?.stop();
    await stopSharedPostgres();
    tmp.remove();
  });

  /** Runs `dnsight monitor` with `store` for RUN_MS, then Ctrl-C; its stderr. */
  async function monitor(store: string[]): Promise<string> {
    const child = spawn(
      process.execPath,
      [
        MAIN,
        "monitor",
        "--no-registration",
        "--interval",
        `${INTERVAL_S}s`,
        "--server",
        `${relay.host}:${relay.port}`,
        "--ns-port",
        String(relay.port),
        "--timeout",
        "2000",
        ...store,
      ],
      {
        stdio: ["ignore", "ignore", "pipe"],
        // Nothing from this machine's resolver, proxies or data dir.
        env: {
          PATH: process.env.PATH,
          HOME: tmp.path,
          DNSIGHT_RESOLV_CONF: "/nonexistent",
          DNSIGHT_DATA_DIR: join(tmp.path, "data"),
        },
      },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await sleep(RUN_MS);
      child.kill("SIGINT");
      const code = await Promise.race([exited, sleep(5000, "still running")]);
      assert.ok(code === 0 || code === 130, `exit ${String(code)}: ${stderr}`);
    } finally {
      child.kill("SIGKILL");
    }
    return stderr;
  }

  /** Checks the pass lines of one monitor's stderr report. */
  const checksOf = (stderr: string): number =>
    [...stderr.matchAll(/^monitor pass: \d+ names, (\d+) checks/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );

  async function scenario(
    t: { diagnostic(m: string): void },
    storeA: string[],
    storeB: string[],
    urls: { data: string[]; state: string },
  ): Promise<void> {
    const add = await cli(["watch", "add", ...NAMES, ...storeA]);
    assert.equal(add.status, 0, add.stderr);
    const from = relay.answered.length;
    const started = Date.now();
    const [a, b] = await Promise.all([monitor(storeA), monitor(storeB)]);
    const ds = relay.answered.slice(from).filter((x) => x.qtype === DS);
    const runs = new Map(NAMES.map((n) => [n, [] as number[]]));
    for (const x of ds) runs.get(x.qname)?.push(x.at);

    // The passes the monitors finished (the one under way at Ctrl-C is not reported).
    const [ca, cb] = [checksOf(a), checksOf(b)];
    assert.ok(ca > 0 && cb > 0, `both monitors ran checks: ${ca} and ${cb}\n${a}\n${b}`);
    assert.ok(ca + cb <= ds.length, `reported ${ca} + ${cb}, Knot answered ${ds.length}`);
    // Each finished check stored its answers once: the count of the zone's A record,
    // over the data files. A check under way at Ctrl-C (one per monitor at most) was
    // answered and not stored.
    const stored = new Map(NAMES.map((n) => [n, 0]));
    for (const url of urls.data) {
      const data = await openStore(url);
      try {
        for (const n of NAMES)
          for (const o of await data.queryObservations({ rrname: n, rrtype: "A" }))
            stored.set(n, stored.get(n)! + o.count);
      } finally {
        await data.close();
      }
    }
    let abandoned = 0;
    for (const [n, times] of runs) {
      const gone = times.length - stored.get(n)!;
      assert.ok(
        gone === 0 || gone === 1,
        `${n}: Knot answered ${times.length}, stored ${stored.get(n)}`,
      );
      abandoned += gone;
    }
    assert.ok(abandoned <= 2, `${abandoned} checks answered and not stored`);
    // Every zone checked; most of them again an interval later (fewer on a machine so
    // loaded that a pass over the list takes longer than an interval).
    const again = [...runs.values()].filter((x) => x.length >= 2).length;
    assert.ok(again >= NAMES.length / 2, `${again} zones checked more than once`);
    for (const [n, times] of runs) {
      assert.ok(times.length >= 1, `${n}: never checked in ${RUN_MS} ms`);
      assert.ok(
        times.length <= Math.ceil(RUN_MS / 1000 / (INTERVAL_S * 0.9 - 1)) + 1,
        `${n}: ${times.length} runs`,
      );
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        // The schedule says 0.9–1.1 intervals, less a second for stored whole seconds.
        assert.ok(gap > (INTERVAL_S * 1000) / 2, `${n}: checked twice ${gap} ms apart`);
      }
    }
    const counts = [...runs.values()].map((x) => x.length);
    const gaps = [...runs.values()].flatMap((x) => x.slice(1).map((v, i) => v - x[i]!));
    const held = (e: string) =>
      [...e.matchAll(/(\d+) checks held by another monitor/g)].reduce(
        (k, m) => k + Number(m[1]),
        0,
      );
    t.diagnostic(
      `DS answers ${ds.length}, stored ${ds.length - abandoned}, reported ${ca} + ${cb}; held by the other ${held(a)} + ${held(b)}; runs per zone ${Math.min(...counts)}..${Math.max(...counts)}; gaps ${Math.min(...gaps)}..${Math.max(...gaps)} ms`,
    );
    // The stored state: the last run of each zone is the last one Knot answered and
    // the monitor finished.
    const state = await openStore(urls.state);
    try {
      for (const [n, times] of runs) {
        const at = (await state.watches!.getMonitorState(n, "dns"))?.at;
        const last = Math.floor(times[stored.get(n)! - 1]! / 1000);
        assert.ok(at !== undefined && Math.abs(at - last) <= 1, `${n}: stored ${at}, ran ${last}`);
        assert.ok(at >= Math.floor(started / 1000), `${n}: stored ${at} before the run`);
      }
    } finally {
      await state.close();
    }
  }

  it("on one PostgreSQL state, each monitor with a SQLite data file of its own", async (t) => {
    const state = await (await sharedPostgres()).freshSchema();
    await scenario(
      t,
      ["--db", join(tmp.path, "a.db"), "--state", state],
      ["--db", join(tmp.path, "b.db"), "--state", state],
      {
        data: [join(tmp.path, "a.db"), join(tmp.path, "b.db")],
        state: `sqlite:${join(tmp.path, "a.db")}?state=${encodeURIComponent(state)}`,
      },
    );
  });

  it("on one SQLite file shared by both", async (t) => {
    const db = join(tmp.path, "shared.db");
    await scenario(t, ["--db", db], ["--db", db], { data: [db], state: db });
  });
});
