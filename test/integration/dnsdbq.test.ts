import assert from "node:assert/strict";
import { type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pdnsSearch } from "../../src/passive/search.js";
import { cli } from "../helpers/cli.js";
import {
  dnsdbq,
  dnsdbqEnv,
  expected,
  FENCES,
  HAS_DNSDBQ,
  printed,
  QUERIES,
} from "../helpers/dnsdbq.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { FIXTURE, startRig, T, type SocketRig } from "../unit/api/_server.js";

// The real dnsdbq (Debian's, 2.6.4) against our server: what it prints with -j must be
// what pdnsSearch holds for the same question, grouped the way DNSDB groups. How dnsdbq
// is held to loopback: test/helpers/dnsdbq.ts.

const HOST = "127.0.0.1";
assertLoopback(HOST);

describe(
  "dnsdbq against dnsight's DNSDB API",
  { skip: !HAS_DNSDBQ && "dnsdbq is not installed" },
  () => {
    let rig: SocketRig;
    let home: string;
    before(async () => {
      rig = await startRig({ pageSize: 3 });
      home = makeTmpDir("dnsdbq").path;
    });
    after(() => rig?.close());

    it("every query form, with and without -A/-B/-c, prints what the store holds", async () => {
      const env = dnsdbqEnv(home, rig.base, rig.key);
      let compared = 0;
      for (const [qargs, request, on] of QUERIES) {
        for (const [fargs, fence] of FENCES) {
          const args = ["-u", "dnsdb2", "-j", ...qargs, ...fargs];
          const run = await dnsdbq(args, env);
          assert.equal(run.status, 0, `dnsdbq ${args.join(" ")}: ${run.stderr}`);
          const rows = (await pdnsSearch(rig.store, { ...request, fence })).rows;
          assert.deepEqual(printed(run.stdout), expected(rows, on), `dnsdbq ${args.join(" ")}`);
          if (rows.length > 0) compared++;
        }
      }
      assert.ok(compared >= 40, `${compared} non-empty comparisons`);
    });

    it("-l cuts, -O skips, -V summarize sums", async () => {
      const env = dnsdbqEnv(home, rig.base, rig.key);
      const all = await dnsdbq(["-u", "dnsdb2", "-j", "-r", "*.bulk.example.org"], env);
      const names = all.stdout.trim().split("\n");
      assert.equal(names.length, 30);
      const cut = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "*.bulk.example.org", "-l", "5", "-O", "3"],
        env,
      );
      assert.equal(cut.status, 0, cut.stderr);
      assert.deepEqual(cut.stdout.trim().split("\n"), names.slice(3, 8));
      const sum = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-V", "summarize", "-r", "www.example.com"],
        env,
      );
      assert.equal(sum.status, 0, sum.stderr);
      const rows = FIXTURE.filter((o) => o.rrname === "www.example.com");
      assert.deepEqual(JSON.parse(sum.stdout), {
        count: rows.reduce((n, o) => n + o.count, 0),
        num_results: rows.length,
        time_first: Math.min(...rows.map((o) => o.timeFirst)),
        time_last: Math.max(...rows.map((o) => o.timeLast)),
      });
      const info = await dnsdbq(["-u", "dnsdb2", "-I", "-j"], env);
      assert.equal(info.status, 0, info.stderr);
      const rate = (JSON.parse(info.stdout) as { rate: Record<string, unknown> }).rate;
      assert.equal(rate.limit, 600);
      assert.ok(Number.isInteger(rate.remaining) && (rate.remaining as number) <= 600);
      const shown = await dnsdbq(["-u", "dnsdb2", "-I"], env);
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /limit: 600\n/);
      assert.match(shown.stdout, /burst rate: 600 per minute/);
    });

    it("a wrong key: the server answers 403 and dnsdbq prints no results", async () => {
      rig.log.length = 0;
      const run = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "www.example.com"],
        dnsdbqEnv(home, rig.base, "dns_000000000000_" + "x".repeat(43)),
      );
      // dnsdbq 2.6.4 exits 0 here; the failure shows on stderr.
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /libcurl 403 .*API key not valid/);
      assert.match(
        rig.log.join("\n"),
        /GET \/dnsdb\/v2\/lookup\/rrset\/name\/www\.example\.com 403 /,
      );
    });

    it("no key: dnsdbq -u dnsdb2 refuses by itself; -u circl without auth gets 401", async () => {
      rig.log.length = 0;
      const run = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "www.example.com"],
        dnsdbqEnv(home, rig.base, undefined),
      );
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /no API key given/);
      assert.equal(rig.log.length, 0, "nothing was sent");
      const circl = await dnsdbq(
        ["-u", "circl", "-j", "-r", "www.example.com"],
        dnsdbqEnv(home, rig.base, undefined, ""),
      );
      assert.equal(circl.stdout, "");
      assert.match(rig.log.join("\n"), /GET \/pdns\/query\/www\.example\.com 401 /);
    });

    it("-u circl with CIRCL_AUTH user:key reads our COF", async () => {
      const env = dnsdbqEnv(home, rig.base, undefined, `analyst:${rig.key}`);
      for (const [args, request] of [
        [["-r", "www.example.com"], { query: "www.example.com" }],
        [["-i", "192.0.2.1"], { query: "192.0.2.1" }],
      ] as const) {
        const run = await dnsdbq(["-u", "circl", "-j", ...args], env);
        assert.equal(run.status, 0, run.stderr);
        const rows = (await pdnsSearch(rig.store, request)).rows;
        const got = printed(run.stdout.replace(/"rrname":"([^"]+)"/g, '"rrname":"$1."'));
        // COF is one line per stored row (per sensor and bailiwick too), not merged.
        const want = rows.map((o) =>
          JSON.stringify([`${o.rrname}.`, o.rrtype, [o.rdata], o.count]),
        );
        assert.deepEqual(got, want.sort(), args.join(" "));
      }
    });
  },
);

describe(
  "dnsdbq against `dnsight serve`",
  { skip: !HAS_DNSDBQ && "dnsdbq is not installed" },
  () => {
    const dir = makeTmpDir("serve", { after });
    const db = join(dir.path, "serve.db");
    const children: ChildProcess[] = [];
    after(() => {
      for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    });

    /** Starts the real CLI; resolves once it listens. */
    async function serve(port: number, extra: string[] = []): Promise<ServeChild> {
      const s = await spawnServe({ db, host: HOST, port, extra });
      children.push(s.child);
      return s;
    }

    it("without keys it warns, answers 403, and stops on SIGINT", async () => {
      const s = await serve(await freePort(HOST));
      assert.match(s.stderr(), /no API keys in this store/);
      const home = makeTmpDir("dnsdbq-serve").path;
      const run = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "www.example.com"],
        dnsdbqEnv(
          home,
          `http://${HOST}:${(/listening on http:\/\/[\d.]+:(\d+)/.exec(s.stderr()) ?? [])[1]}`,
          "dns_000000000000_" + "y".repeat(43),
        ),
      );
      assert.match(run.stderr, /403/);
      s.child.kill("SIGINT");
      assert.equal(await s.exit, 0);
      assert.match(s.stderr(), /SIGINT: stopping/);
    });

    it("with a key from `dnsight apikey create`, dnsdbq gets the store's records; SIGTERM stops it", async () => {
      const made = await cli(["apikey", "create", "--name", "dnsdbq", "--db", db]);
      assert.equal(made.status, 0, made.stderr);
      const key = made.stdout.trim();
      const { openStore } = await import("../../src/store/open.js");
      const store = await openStore(db);
      try {
        await store.writeObservations(FIXTURE);
      } finally {
        await store.close();
      }
      const port = await freePort(HOST);
      const s = await serve(port);
      assert.doesNotMatch(s.stderr(), /no API keys/);
      const home = makeTmpDir("dnsdbq-serve").path;
      const env = dnsdbqEnv(home, `http://${HOST}:${port}`, key);
      const run = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "*.example.com", "-A", String(T + 150)],
        env,
      );
      assert.equal(run.status, 0, run.stderr);
      const check = await openStore(db);
      try {
        const rows = (
          await pdnsSearch(check, { query: "*.example.com", fence: { after: T + 150 } })
        ).rows;
        assert.ok(rows.length > 0);
        assert.deepEqual(printed(run.stdout), expected(rows, "rrset"));
      } finally {
        await check.close();
      }
      s.child.kill("SIGTERM");
      assert.equal(await s.exit, 0);
      const log = s.stderr();
      assert.match(
        log,
        /GET \/dnsdb\/v2\/lookup\/rrset\/name\/%2A\.example\.com 200 \d+ms \d+ rows/,
      );
      assert.equal(log.includes(key), false);
      assert.match(log, /SIGTERM: stopping/);
    });

    it("the limits given to `dnsight serve` are what dnsdbq -I reports and what it gets", async () => {
      const made = await cli(["apikey", "create", "--name", "limits", "--db", db]);
      assert.equal(made.status, 0, made.stderr);
      const key = made.stdout.trim();
      const port = await freePort(HOST);
      const s = await serve(port, ["--rate", "3/60", "--results-max", "2", "--offset-max", "7"]);
      const env = dnsdbqEnv(makeTmpDir("dnsdbq-limits").path, `http://${HOST}:${port}`, key);
      const info = await dnsdbq(["-u", "dnsdb2", "-I"], env);
      assert.equal(info.status, 0, info.stderr);
      assert.match(info.stdout, /limit: 3\n/);
      assert.match(info.stdout, /results_max: 2\n/);
      assert.match(info.stdout, /offset_max: 7\n/);
      assert.match(info.stdout, /burst rate: 3 per minute/);
      const two = await dnsdbq(["-u", "dnsdb2", "-j", "-l", "0", "-r", "*.example.com"], env);
      assert.equal(two.stdout.trim().split("\n").length, 2, two.stdout);
      await dnsdbq(["-u", "dnsdb2", "-j", "-r", "www.example.com"], env);
      await dnsdbq(["-u", "dnsdb2", "-j", "-r", "www.example.com"], env);
      const over = await dnsdbq(["-u", "dnsdb2", "-j", "-r", "www.example.com"], env);
      assert.equal(over.stdout, "");
      assert.match(over.stderr, /429/);
      s.child.kill("SIGTERM");
      assert.equal(await s.exit, 0);
      const bad = await cli(["serve", "--db", db, "--rate", "fast"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--rate wants N\/S/);
    });
  },
);
