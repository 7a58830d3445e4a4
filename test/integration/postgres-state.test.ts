// The PostgreSQL state store beyond the contract: where the state goes, choosing it
// by URL (CLI and serve), errors that name the server and never the password, its
// own schema version. Several processes at once: postgres-state-concurrency.test.ts.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { alertFromFinding } from "../../src/detect/alert.js";
import { DnsightError } from "../../src/errors.js";
import { openStore } from "../../src/store/open.js";
import { PG_MIGRATIONS } from "../../src/store/postgres/migrations.js";
import { openPostgresState } from "../../src/store/postgres/postgres-store.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import {
  PG_PASSWORD_ROLE,
  sharedPostgres,
  stopSharedPostgres,
  type PostgresServer,
} from "../helpers/postgres.js";
import { newApiKey } from "../../src/api/keys.js";
import type { Finding } from "../../src/model/finding.js";
import { cli } from "../helpers/cli.js";
import { spawnServe } from "../helpers/serve.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { obs } from "../unit/store/_helpers.js";
import { user } from "../unit/store/_contract-users.js";

const dir = makeTmpDir("pgs", { after });
let pg: PostgresServer;
before(async () => {
  pg = await sharedPostgres();
});
after(stopSharedPostgres);

const T = 1_700_000_000;
const storeError = (pattern: RegExp, secret?: string) => (e: unknown) =>
  e instanceof DnsightError &&
  e.code === "STORE" &&
  pattern.test(e.message) &&
  (secret === undefined || !e.message.includes(secret));

const FINDING: Finding = {
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key: "ns",
  severity: "high",
  confidence: 80,
  summary: "NS moved",
  evidence: [],
};

describe("postgres state", () => {
  it("starts in seconds", (t) => {
    t.diagnostic(`initdb ${pg.startMs.initdb} ms, ready ${pg.startMs.ready} ms`);
    assert.ok(pg.startMs.ready < 60_000);
  });

  it("keeps the state in PostgreSQL and the observations in SQLite", async () => {
    const state = await pg.freshSchema();
    const data = join(dir.path, "split.db");
    const s = await openStore(`sqlite:${data}?state=${encodeURIComponent(state)}`);
    try {
      assert.equal(s.backend, "sqlite+postgres");
      await s.writeObservations([obs({ rrname: "kept.example" })]);
      await s.users!.addUser(user("alice", "admin"));
      await s.watches!.addWatches(["brand.example"], "brand", T);
      await s.outbox!.enqueueDeliveries(
        [{ sink: "webhook:a", alertId: "al-1", raisedAt: "r", payload: "{}" }],
        T,
      );
    } finally {
      await s.close();
    }
    const schema = new URL(state).searchParams.get("options")!.split("=")[1]!;
    const count = async (table: string) =>
      Number((await pg.sql(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n);
    assert.deepEqual(
      [await count("users"), await count("watches"), await count("deliveries")],
      [1, 1, 1],
    );
    const d = await openSqliteStore(data);
    try {
      assert.equal((await d.queryObservations({ rrname: "kept.example" })).length, 1);
      assert.deepEqual(await d.users!.listUsers(), []);
      assert.deepEqual(await d.watches!.listWatches(), []);
    } finally {
      await d.close();
    }
  });

  it("is chosen by --db for the CLI, and refused there as the whole store", async () => {
    const state = await pg.freshSchema();
    const db = `sqlite:${join(dir.path, "cli.db")}?state=${encodeURIComponent(state)}`;
    const made = await cli(["apikey", "create", "--name", "soc-laptop", "--db", db]);
    assert.equal(made.status, 0, made.stderr);
    const listed = await cli(["apikey", "list", "--db", db]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /soc-laptop/);
    const schema = decodeURIComponent(state).split("=").pop()!;
    const r = await pg.sql(`SELECT name FROM ${schema}.api_keys`);
    assert.deepEqual(r.rows, [{ name: "soc-laptop" }]);
    // The same state through --state and through $DNSIGHT_STATE, beside a plain path.
    const plain = join(dir.path, "cli-plain.db");
    const viaOption = await cli([
      "apikey",
      "create",
      "--name",
      "by-option",
      "--db",
      plain,
      "--state",
      decodeURIComponent(state),
    ]);
    assert.equal(viaOption.status, 0, viaOption.stderr);
    const viaEnv = await cli(["apikey", "list", "--db", plain], {
      env: {
        ...process.env,
        DNSIGHT_RESOLV_CONF: "/nonexistent",
        DNSIGHT_STATE: decodeURIComponent(state),
      },
    });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.match(viaEnv.stdout, /soc-laptop[\s\S]*by-option|by-option[\s\S]*soc-laptop/);
    const alone = await cli([
      "apikey",
      "list",
      "--db",
      `postgres://u:s3cret@127.0.0.1:${pg.port}/x`,
    ]);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /keeps only the shared state/);
    assert.doesNotMatch(alone.stderr, /s3cret/);
  });

  it("works in a database of its own, in the public schema, across a reopen", async () => {
    await pg.sql("CREATE DATABASE own", "postgres");
    const url = pg.url("own");
    let s = await openPostgresState(url);
    await s.users!.addUser(user("alice", "admin"));
    await s.close();
    s = await openPostgresState(url);
    try {
      assert.equal((await s.users!.getUser("alice"))?.role, "admin");
      const r = await pg.sql("SELECT count(*) AS n FROM public.dnsight_state_migrations", "own");
      assert.equal(Number(r.rows[0].n), PG_MIGRATIONS.length);
    } finally {
      await s.close();
    }
  });

  it("logs in with a password, and names the server but never the password when it fails", async () => {
    await pg.sql(`CREATE SCHEMA pw AUTHORIZATION ${PG_PASSWORD_ROLE}`);
    const at = `127.0.0.1:${pg.port}/dnsight`;
    const options = `?options=${encodeURIComponent("-c search_path=pw")}`;
    const good = await openPostgresState(
      `postgres://${PG_PASSWORD_ROLE}:correct%20horse@${at}${options}`,
    );
    await good.users!.addUser(user("alice"));
    await good.close();
    await assert.rejects(
      openPostgresState(`postgres://${PG_PASSWORD_ROLE}:wrong-s3cret@${at}${options}`),
      storeError(
        new RegExp(`^postgres ${at}: migrate: password authentication failed`),
        "wrong-s3cret",
      ),
    );
    const closed = await freePort();
    await assert.rejects(
      openStore(
        `sqlite:${join(dir.path, "x.db")}?state=${encodeURIComponent(`postgres://u:s3cret@127.0.0.1:${closed}/st`)}`,
      ),
      storeError(
        new RegExp(`^postgres 127\\.0\\.0\\.1:${closed}/st: migrate: .*ECONNREFUSED`),
        "s3cret",
      ),
    );
  });

  it("refuses a state schema newer than this dnsight, and calls on a closed store", async () => {
    const url = await pg.freshSchema();
    const s = await openPostgresState(url);
    await s.close();
    await assert.rejects(s.users!.listUsers(), storeError(/: list users: the store is closed$/));
    await s.close();
    const schema = decodeURIComponent(url).split("=").pop()!;
    await pg.sql(
      `INSERT INTO ${schema}.dnsight_state_migrations VALUES (${PG_MIGRATIONS.length + 1}, 'future', 0)`,
    );
    await assert.rejects(
      openPostgresState(url),
      storeError(
        new RegExp(
          `state schema version ${PG_MIGRATIONS.length + 1} is newer than this dnsight knows \\(${PG_MIGRATIONS.length}\\); upgrade dnsight`,
        ),
      ),
    );
  });

  it("migrates an empty schema once when several processes open it at once", async () => {
    const url = await pg.freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresState(url)));
    await Promise.all(stores.map((s) => s.close()));
    const schema = decodeURIComponent(url).split("=").pop()!;
    const r = await pg.sql(`SELECT version FROM ${schema}.dnsight_state_migrations ORDER BY 1`);
    assert.deepEqual(
      r.rows.map((x: { version: number }) => x.version),
      PG_MIGRATIONS.map((m) => m.version),
    );
  });

  it("refuses text with a NUL character (PostgreSQL cannot hold it) and finds nothing by it", async () => {
    const s = await openPostgresState(await pg.freshSchema());
    try {
      const key = { id: "k1", name: "a\0b", role: "read", hash: "ab".repeat(32), createdAt: T };
      await assert.rejects(
        s.apiKeys!.addApiKey(key as never),
        (e: unknown) => e instanceof DnsightError && e.code === "INPUT" && /NUL/.test(e.message),
      );
      assert.deepEqual(await s.apiKeys!.listApiKeys(), []);
      assert.equal(await s.apiKeys!.getApiKey("k\0"), undefined);
      assert.equal(await s.users!.getUser("a\0"), undefined);
      assert.equal(await s.alerts!.getAlert("al-\0"), undefined);
    } finally {
      await s.close();
    }
  });
});

describe("dnsight serve on sqlite data and postgres state", () => {
  it("answers DNSDB lookups and moves alerts, the moves landing in PostgreSQL", async () => {
    const state = await pg.freshSchema();
    const db = `sqlite:${join(dir.path, "serve.db")}?state=${encodeURIComponent(state)}`;
    const s = await openStore(db);
    const { key, stored } = newApiKey("t", "admin", T);
    let alertId: string;
    try {
      await s.users!.addUser(user("alice", "analyst"));
      await s.apiKeys!.addApiKey({ ...stored, user: "alice" });
      await s.writeObservations([obs({ rrname: "www.example.com", rdata: "192.0.2.7" })]);
      alertId = (await s.alerts!.upsertAlert(alertFromFinding(FINDING, new Date(T * 1000)))).alert
        .id;
    } finally {
      await s.close();
    }
    const port = await freePort();
    const serve = await spawnServe({ db, host: "127.0.0.1", port });
    try {
      const base = `http://127.0.0.1:${port}`;
      const headers = { "X-API-Key": key, "Content-Type": "application/json" };
      const lookup = await fetch(`${base}/dnsdb/v2/lookup/rrset/name/www.example.com`, { headers });
      assert.equal(lookup.status, 200);
      assert.match(await lookup.text(), /192\.0\.2\.7/);
      const list = await fetch(`${base}/api/v1/alerts`, { headers });
      assert.equal(list.status, 200);
      assert.match(await list.text(), new RegExp(alertId));
      const ack = await fetch(`${base}/api/v1/alerts/${alertId}/acknowledge`, {
        method: "POST",
        headers,
        body: JSON.stringify({ comment: "looking" }),
      });
      assert.equal(ack.status, 200, await ack.clone().text());
      // Another process on the same state sees the move and who made it.
      const other = await openPostgresState(state);
      try {
        assert.equal((await other.alerts!.getAlert(alertId))?.status, "acknowledged");
        assert.deepEqual(
          (await other.alerts!.listAlertNotes(alertId)).map((n) => `${n.user} ${n.comment}`),
          ["alice looking"],
        );
      } finally {
        await other.close();
      }
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exit;
    }
  });
});
