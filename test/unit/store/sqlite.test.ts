import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { migrate, MIGRATIONS } from "../../../src/store/sqlite/migrations.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { registerFunctions } from "../../../src/store/sqlite/_functions.js";
import { scanFor, scanStatements } from "../../../src/store/sqlite/_search-sql.js";
import type { ObservationSearch, Store } from "../../../src/store/types.js";
import { runStoreContract } from "./contract.js";
import { obs } from "./_helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dnsight-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const paths = new Map<Store, string>();
const fresh = async (): Promise<Store> => {
  const path = join(dir, `contract-${n++}.db`);
  const store = await openSqliteStore(path);
  paths.set(store, path);
  return store;
};

runStoreContract("sqlite", fresh, async (closed) => openSqliteStore(paths.get(closed)!), {
  openCrashing: async (crashAt) => {
    const path = join(dir, `contract-${n++}.db`);
    const store = await openSqliteStore(path, {
      beforeCheckpoint: (cp) => {
        if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
      },
    });
    paths.set(store, path);
    return store;
  },
});

const isStoreError = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "STORE" && pattern.test(e.message);

describe("sqlite backend", () => {
  it("keeps registration snapshots", async () => {
    const s = await fresh();
    assert.ok(s.registrations, "the SQLite backend implements registrations");
    await s.close();
  });

  it("records its migrations once and runs in WAL mode", async () => {
    const path = join(dir, "migrations.db");
    await (await openSqliteStore(path)).close();
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
      assert.deepEqual(
        rows,
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    } finally {
      db.close();
    }
  });

  it("refuses a database from a newer dnsight", async () => {
    const path = join(dir, "newer.db");
    await (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'from the future', 0)").run(
      MIGRATIONS.length + 1,
    );
    db.close();
    await assert.rejects(
      openSqliteStore(path),
      isStoreError(
        new RegExp(
          `schema version ${MIGRATIONS.length + 1} is newer than this dnsight knows \\(${MIGRATIONS.length}\\)`,
        ),
      ),
    );
  });

  it("names the file when it is not a database or cannot be created", async () => {
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "this is not a database, just some text that is long enough ".repeat(20));
    await assert.rejects(openSqliteStore(junk), isStoreError(/junk\.db: open: .*not a database/));
    await assert.rejects(
      openSqliteStore(join(dir, "no", "such", "dir.db")),
      isStoreError(/dir\.db: open/),
    );
  });

  it("fails a write with a STORE error when another process holds the lock", async () => {
    const path = join(dir, "locked.db");
    const store = await openSqliteStore(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      await assert.rejects(
        store.writeObservations([obs()]),
        isStoreError(/locked\.db: write 1 observations: database is locked/),
      );
      other.exec("ROLLBACK");
      await store.writeObservations([obs()]);
      assert.equal((await store.queryObservations({ rrname: "www.example.com" })).length, 1);
    } finally {
      other.close();
      await store.close();
    }
  });

  it("answers an exact name from the key index, without a sort step", async () => {
    const path = join(dir, "plan.db");
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT * FROM observations WHERE rrname = ? AND rrtype = ?" +
            " ORDER BY rrtype, rdata, bailiwick, sensor_id LIMIT 10",
        )
        .all("www.example.com", "A") as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(" | ");
      assert.match(details, /USING INDEX observations_key \(rrname=\? AND rrtype=\?\)/);
      assert.doesNotMatch(details, /TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it("works in memory", async () => {
    const store = await openSqliteStore(":memory:");
    await store.writeObservations([obs(), obs()]);
    assert.equal((await store.queryObservations({ rrname: "www.example.com" }))[0]?.count, 2);
    await store.close();
  });
});

describe("sqlite registration snapshots", () => {
  it("finds the latest snapshot by walking the key index back, without a sort step", async () => {
    const path = join(dir, "latest-plan.db");
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT key, fetched_at, record, raw FROM registration_snapshots" +
            " WHERE key = ? AND fetched_at >= ? AND protocol = ? AND status NOT IN (?)" +
            " ORDER BY fetched_at DESC, seq DESC LIMIT 1",
        )
        .all("example.com", 0, "rdap", "throttled") as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(" | ");
      assert.match(details, /USING INDEX registration_snapshots_key \(key=\? AND fetched_at>\?\)/);
      assert.doesNotMatch(details, /TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it("fills the protocol and status of snapshots written before migration 3", async () => {
    const path = join(dir, "v2.db");
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    const record = (protocol: string, status: string) =>
      JSON.stringify({ domain: "example.com", status, source: { protocol } });
    const insert = db.prepare(
      "INSERT INTO registration_snapshots (key, fetched_at, record, raw) VALUES (?, ?, ?, '')",
    );
    insert.run("example.com", 100, record("whois", "registered"));
    insert.run("example.com", 200, record("rdap", "throttled"));
    db.close();
    const store = await openSqliteStore(path);
    try {
      const reg = store.registrations!;
      assert.equal((await reg.latestSnapshot("example.com", { protocol: "rdap" }))?.fetchedAt, 200);
      assert.equal(
        (await reg.latestSnapshot("example.com", { skipStatus: ["throttled"] }))?.fetchedAt,
        100,
      );
    } finally {
      await store.close();
    }
  });
});

describe("sqlite watchlist", () => {
  it("keeps the names watched before migration 9, with no owned domains", async () => {
    const path = join(dir, "v8.db");
    const db = new Database(path);
    registerFunctions(db);
    migrate(db, MIGRATIONS.slice(0, 8));
    db.prepare(
      "INSERT INTO watches (name, kind, added_at) VALUES ('brand.test', 'brand', 5)",
    ).run();
    db.close();
    const store = await openSqliteStore(path);
    try {
      assert.deepEqual(await store.watches!.listWatches(), [
        { name: "brand.test", kind: "brand", addedAt: 5, owned: [] },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("sqlite passive DNS search", () => {
  it("fills the search keys of observations written before migration 4", async () => {
    const path = join(dir, "v3.db");
    const db = new Database(path);
    registerFunctions(db);
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(
      "INSERT INTO observations (rrname, rrtype, rdata, time_first, time_last, count, source)" +
        " VALUES (?, ?, ?, 1, 2, 3, 'passive')",
    ).run("www.example.com", "CNAME", "Edge.Example.NET.");
    db.prepare(
      "INSERT INTO observations (rrname, rrtype, rdata, time_first, time_last, count, source)" +
        " VALUES ('www.example.com', 'A', '192.0.2.1', 1, 2, 3, 'passive')",
    ).run();
    db.close();
    const store = await openSqliteStore(path);
    try {
      const below = await store.searchObservations({
        target: { on: "rrname", match: { kind: "below", suffix: "example.com" } },
      });
      assert.equal(below.rows.length, 2);
      const rdata = await store.searchObservations({
        target: { on: "rdata", match: { kind: "name", name: "edge.example.net" } },
      });
      assert.equal(rdata.rows[0]?.rrtype, "CNAME");
      const ip = await store.searchObservations({
        target: { on: "ip", version: 4, first: 0xc0000200n, last: 0xc00002ffn },
      });
      assert.equal(ip.rows[0]?.rdata, "192.0.2.1");
    } finally {
      await store.close();
    }
  });

  it("scans an index in order for every query form, never sorting", async () => {
    const path = join(dir, "search-plan.db");
    const store = await openSqliteStore(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    const cases: Array<[ObservationSearch["target"], RegExp]> = [
      [
        { on: "rrname", match: { kind: "name", name: "a.example" } },
        /observations_key \(rrname=\?/,
      ],
      [
        { on: "rrname", match: { kind: "below", suffix: "example" } },
        /observations_rrname_rev \(rrname_rev>\? AND rrname_rev<\?\)/,
      ],
      [
        { on: "rrname", match: { kind: "prefix", labels: "www.example" } },
        /observations_key \(rrname>\? AND rrname<\?\)/,
      ],
      [
        { on: "rdata", match: { kind: "name", name: "a.example" } },
        /observations_rdata_name \(rdata_name=\?\)/,
      ],
      [{ on: "rdata", match: { kind: "below", suffix: "example" } }, /observations_rdata_name_rev/],
      [
        { on: "rdata", match: { kind: "prefix", labels: "www" } },
        /observations_rdata_name \(rdata_name>\? AND/,
      ],
      [
        { on: "ip", version: 4, first: 1n, last: 2n },
        /observations_ip_key \(ip_key>\? AND ip_key<\?\)/,
      ],
    ];
    try {
      for (const [target, index] of cases) {
        for (const search of [
          { target, limit: 10 },
          { target, limit: 10, rrtype: "A", timeLastAfter: 5 },
        ]) {
          const q = scanStatements(scanFor(search))[0]!;
          const details = (
            db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, 10) as Array<{
              detail: string;
            }>
          )
            .map((p) => p.detail)
            .join(" | ");
          const what = `${target.on} ${"match" in target ? target.match.kind : ""}`;
          assert.match(details, index, what);
          assert.doesNotMatch(details, /TEMP B-TREE/, `${what}: ${details}`);
        }
      }
    } finally {
      db.close();
    }
  });
});
