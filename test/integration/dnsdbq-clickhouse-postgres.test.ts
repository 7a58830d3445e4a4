// Issue 15's acceptance: the real dnsdbq works unchanged against a `dnsight serve` whose
// observations are in a two-shard ClickHouse cluster and whose API keys (and the rest of
// the state) are in PostgreSQL, both reached by the name localhost. Every query form and time fence must
// print what the same data on the default SQLite store answers: SQLite is the reference.
// How dnsdbq is held to loopback: test/helpers/dnsdbq.ts.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pdnsSearch } from "../../src/passive/search.js";
import { openStore, resolveStoreUrl } from "../../src/store/open.js";
import type { Store } from "../../src/store/types.js";
import { cli } from "../helpers/cli.js";
import { clusterStoreUrl, sharedClickHouseCluster } from "../helpers/clickhouse.js";
import {
  dnsdbq,
  dnsdbqEnv,
  expected,
  FENCES,
  HAS_DNSDBQ,
  printed,
  QUERIES,
} from "../helpers/dnsdbq.js";
import { freePort } from "../helpers/ports.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { FIXTURE, T } from "../unit/api/_server.js";

const byName = (url: string): string => url.replace("@127.0.0.1:", "@localhost:");

describe(
  "dnsdbq against `dnsight serve` on ClickHouse + PostgreSQL",
  { skip: !HAS_DNSDBQ && "dnsdbq is not installed" },
  () => {
    const dir = makeTmpDir("dnsdbq-chpg", { after });
    let db: string;
    let state: string;
    let reference: Store;
    let served: ServeChild;
    let key: string;
    let base: string;

    before(async () => {
      const name = `dnsdbq_${randomBytes(6).toString("hex")}`;
      db = clusterStoreUrl(await sharedClickHouseCluster(), name, join(dir.path, name), {
        host: "localhost",
      });
      state = byName(await (await sharedPostgres()).freshSchema());
      assert.match(state, /@localhost:/);
      const made = await cli([
        "apikey",
        "create",
        "--name",
        "dnsdbq",
        "--db",
        db,
        "--state",
        state,
      ]);
      assert.equal(made.status, 0, made.stderr);
      key = made.stdout.trim();
      const chpg = await openStore(resolveStoreUrl(db, {}, state));
      try {
        await chpg.writeObservations(FIXTURE);
      } finally {
        await chpg.close();
      }
      reference = await openStore(join(dir.path, "reference.db"));
      await reference.writeObservations(FIXTURE);
      const port = await freePort("127.0.0.1");
      served = await spawnServe({ db, host: "127.0.0.1", port, extra: ["--state", state] });
      base = `http://localhost:${port}`;
    });
    after(async () => {
      if (served?.child.exitCode === null) {
        served.child.kill("SIGTERM");
        await served.exit;
      }
      await reference?.close();
      await stopSharedPostgres();
      await (await sharedClickHouseCluster()).stop();
    });

    it("every query form, with and without -A/-B/-c, prints what SQLite holds", async () => {
      const env = dnsdbqEnv(makeTmpDir("dnsdbq-home", { after }).path, base, key);
      let compared = 0;
      for (const [qargs, request, on] of QUERIES) {
        for (const [fargs, fence] of FENCES) {
          const args = ["-u", "dnsdb2", "-j", ...qargs, ...fargs];
          const run = await dnsdbq(args, env);
          assert.equal(run.status, 0, `dnsdbq ${args.join(" ")}: ${run.stderr}`);
          const rows = (await pdnsSearch(reference, { ...request, fence })).rows;
          assert.deepEqual(printed(run.stdout), expected(rows, on), `dnsdbq ${args.join(" ")}`);
          if (rows.length > 0) compared++;
        }
      }
      assert.ok(compared >= 40, `${compared} non-empty comparisons`);
      assert.doesNotMatch(served.stderr(), / 5\d\d /, "no request failed on the server");
    });

    it("-l cuts, -O skips, -V summarize sums, and a wrong key is refused", async () => {
      const env = dnsdbqEnv(makeTmpDir("dnsdbq-home", { after }).path, base, key);
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
        ["-u", "dnsdb2", "-j", "-V", "summarize", "-r", "www.example.com", "-A", String(T)],
        env,
      );
      assert.equal(sum.status, 0, sum.stderr);
      const rows = (await pdnsSearch(reference, { query: "www.example.com", fence: { after: T } }))
        .rows;
      assert.deepEqual(JSON.parse(sum.stdout), {
        count: rows.reduce((n, o) => n + o.count, 0),
        num_results: rows.length,
        time_first: Math.min(...rows.map((o) => o.timeFirst)),
        time_last: Math.max(...rows.map((o) => o.timeLast)),
      });
      const wrong = await dnsdbq(
        ["-u", "dnsdb2", "-j", "-r", "www.example.com"],
        dnsdbqEnv(
          makeTmpDir("dnsdbq-home", { after }).path,
          base,
          "dns_000000000000_" + "x".repeat(43),
        ),
      );
      assert.equal(wrong.stdout, "");
      assert.match(wrong.stderr, /libcurl 403 .*API key not valid/);
    });

    it("-u circl with CIRCL_AUTH user:key reads the same COF lines", async () => {
      const env = dnsdbqEnv(
        makeTmpDir("dnsdbq-home", { after }).path,
        base,
        undefined,
        `analyst:${key}`,
      );
      for (const [args, request] of [
        [["-r", "www.example.com"], { query: "www.example.com" }],
        [["-i", "192.0.2.1"], { query: "192.0.2.1" }],
      ] as const) {
        const run = await dnsdbq(["-u", "circl", "-j", ...args], env);
        assert.equal(run.status, 0, run.stderr);
        const rows = (await pdnsSearch(reference, request)).rows;
        const got = printed(run.stdout.replace(/"rrname":"([^"]+)"/g, '"rrname":"$1."'));
        const want = rows.map((o) =>
          JSON.stringify([`${o.rrname}.`, o.rrtype, [o.rdata], o.count]),
        );
        assert.ok(want.length > 0);
        assert.deepEqual(got, want.sort(), args.join(" "));
      }
    });
  },
);
