import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { DEFAULT_DB, openStore, parseStoreUrl, resolveStoreUrl } from "../../../src/store/open.js";
import { obs } from "./_helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dnsight-open-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const usage = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "USAGE" && pattern.test(e.message);

describe("store URLs", () => {
  it("resolves --db, then DNSIGHT_DB, then the default", () => {
    assert.equal(resolveStoreUrl("x.db", { DNSIGHT_DB: "y.db" }), "x.db");
    assert.equal(resolveStoreUrl(undefined, { DNSIGHT_DB: "y.db" }), "y.db");
    assert.equal(resolveStoreUrl("", { DNSIGHT_DB: "" }), DEFAULT_DB);
    assert.equal(resolveStoreUrl(undefined, {}), "./dnsight.db");
  });

  it("puts --state, then DNSIGHT_STATE, beside the data as the state= parameter", () => {
    const pg = "postgres://dnsight:p%40ss@db.internal:5432/dnsight?sslmode=require";
    const url = resolveStoreUrl("data.db", { DNSIGHT_STATE: "ignored.db" }, pg);
    assert.equal(url, `sqlite:data.db?state=${encodeURIComponent(pg)}`);
    assert.deepEqual(parseStoreUrl(url), {
      backend: "composed",
      data: { backend: "sqlite", path: "data.db" },
      state: { backend: "postgres", url: pg },
    });
    assert.equal(
      resolveStoreUrl("clickhouse://ch:8123/d?x=1", { DNSIGHT_STATE: "s.db" }),
      "clickhouse://ch:8123/d?x=1&state=s.db",
    );
    assert.equal(resolveStoreUrl(undefined, { DNSIGHT_STATE: "" }), DEFAULT_DB);
    assert.throws(
      () => resolveStoreUrl("sqlite:d.db?state=a.db", {}, "b.db"),
      usage(/state store is given twice/),
    );
    assert.throws(() => resolveStoreUrl("odd?.db", {}, "b.db"), usage(/as sqlite:PATH/));
  });

  it("reads paths, sqlite: and file: as SQLite", () => {
    assert.deepEqual(parseStoreUrl("./dnsight.db"), { backend: "sqlite", path: "./dnsight.db" });
    assert.deepEqual(parseStoreUrl("/var/lib/d.db"), { backend: "sqlite", path: "/var/lib/d.db" });
    assert.deepEqual(parseStoreUrl("sqlite:rel/d.db"), { backend: "sqlite", path: "rel/d.db" });
    assert.deepEqual(parseStoreUrl("sqlite:///abs/d.db"), { backend: "sqlite", path: "/abs/d.db" });
    assert.deepEqual(parseStoreUrl("SQLite::memory:"), { backend: "sqlite", path: ":memory:" });
    assert.deepEqual(parseStoreUrl("file:///tmp/a%20b.db"), {
      backend: "sqlite",
      path: "/tmp/a b.db",
    });
    assert.deepEqual(parseStoreUrl("file:rel.db"), { backend: "sqlite", path: "rel.db" });
    assert.deepEqual(parseStoreUrl("C:\\data\\d.db"), {
      backend: "sqlite",
      path: "C:\\data\\d.db",
    });
  });

  it("recognises ClickHouse and refuses unknown schemes and empty URLs", () => {
    assert.equal(parseStoreUrl("clickhouse://localhost:8123/dnsight").backend, "clickhouse");
    assert.throws(
      () => parseStoreUrl("mysql://h/db"),
      usage(/unknown database URL scheme "mysql:"/),
    );
    assert.throws(() => parseStoreUrl(""), usage(/empty database URL/));
    assert.throws(() => parseStoreUrl("sqlite:"), usage(/no path in database URL "sqlite:"/));
  });
});

describe("composed store URLs", () => {
  it("reads state= as a second store for the mutable state", () => {
    assert.deepEqual(parseStoreUrl("sqlite:/d/data.db?state=/d/state.db"), {
      backend: "composed",
      data: { backend: "sqlite", path: "/d/data.db" },
      state: { backend: "sqlite", path: "/d/state.db" },
    });
    assert.deepEqual(parseStoreUrl("clickhouse://ch:8123/dnsight?x=1&state=sqlite%3As%26t.db"), {
      backend: "composed",
      data: { backend: "clickhouse", url: "clickhouse://ch:8123/dnsight?x=1" },
      state: { backend: "sqlite", path: "s&t.db" },
    });
    // A plain path is a path, "?" and all; other parameters are left to the backend.
    assert.deepEqual(parseStoreUrl("odd?state=x.db"), {
      backend: "sqlite",
      path: "odd?state=x.db",
    });
    assert.deepEqual(parseStoreUrl("sqlite:a.db?mode=ro"), {
      backend: "sqlite",
      path: "a.db?mode=ro",
    });
  });

  it("takes postgres:// for the state only, never for the data, without echoing a password", () => {
    assert.deepEqual(parseStoreUrl("sqlite:/d/data.db?state=postgres://db.internal/dnsight"), {
      backend: "composed",
      data: { backend: "sqlite", path: "/d/data.db" },
      state: { backend: "postgres", url: "postgres://db.internal/dnsight" },
    });
    // Its own parameters percent-encoded, as any state URL with & in it.
    const pg = "postgresql://u:pw@h:5433/st?sslmode=require&application_name=x";
    assert.deepEqual(parseStoreUrl(`sqlite:/d/data.db?state=${encodeURIComponent(pg)}`), {
      backend: "composed",
      data: { backend: "sqlite", path: "/d/data.db" },
      state: { backend: "postgres", url: pg },
    });
    const stateOnly = (e: unknown) =>
      usage(/a postgres:\/\/ store keeps only the shared state.*sqlite:PATH\?state=postgres:/)(e) &&
      !(e as Error).message.includes("s3cret");
    assert.throws(() => parseStoreUrl("postgres://u:s3cret@h/db"), stateOnly);
    assert.throws(() => parseStoreUrl("POSTGRESQL://u:s3cret@h/db"), stateOnly);
    assert.throws(
      () => parseStoreUrl("postgres://u:s3cret@h/db?state=sqlite%3As.db"),
      stateOnly,
      "not as the data of a composed store either",
    );
  });

  it("refuses an empty, nested or undecodable state store", () => {
    assert.throws(() => parseStoreUrl("sqlite:a.db?state="), usage(/no store in the state=/));
    assert.throws(
      () => parseStoreUrl("sqlite:a.db?state=sqlite%3Ab.db%3Fstate%3Dc.db"),
      usage(/cannot have a state= store of its own/),
    );
    assert.throws(() => parseStoreUrl("sqlite:a.db?state=%E0%A4%A"), usage(/percent-encoding/));
    assert.throws(() => parseStoreUrl("sqlite:a.db?state=pg://h/x"), usage(/scheme "pg:"/));
  });

  it("opens both; a state store that cannot open fails the whole, naming it", async () => {
    const s = await openStore(`sqlite:${join(dir, "d.db")}?state=${join(dir, "s.db")}`);
    try {
      assert.equal(s.backend, "sqlite+sqlite");
    } finally {
      await s.close();
    }
    // Nothing listens on port 1 of loopback: the state store cannot open.
    await assert.rejects(
      openStore(`sqlite:${join(dir, "d2.db")}?state=clickhouse://u:pw@127.0.0.1:1/db`),
      (e: unknown) =>
        e instanceof DnsightError &&
        e.code === "STORE" &&
        /clickhouse database db: clickhouse 127\.0\.0\.1:1: connection refused/.test(e.message),
    );
    await assert.rejects(
      openStore(`sqlite:${join(dir, "d.db")}?state=${join(dir, "none.db")}`, { mustExist: true }),
      /no database at .*none\.db/,
    );
  });
});

describe("openStore", () => {
  it("opens and creates a SQLite file from a path or a sqlite:/file: URL", async () => {
    for (const url of [
      join(dir, "a.db"),
      `sqlite:${join(dir, "b.db")}`,
      pathToFileURL(join(dir, "c.db")).href,
    ]) {
      const store = await openStore(url);
      try {
        assert.equal(store.backend, "sqlite");
        await store.writeObservations([obs()]);
      } finally {
        await store.close();
      }
    }
    assert.ok(["a.db", "b.db", "c.db"].every((f) => existsSync(join(dir, f))));
  });

  it("names a ClickHouse server it cannot reach, without echoing a password", async () => {
    await assert.rejects(
      openStore("clickhouse://user:s3cret@127.0.0.1:1/dnsight"),
      (e: unknown) =>
        e instanceof DnsightError &&
        e.code === "STORE" &&
        /127\.0\.0\.1:1: connection refused/.test(e.message) &&
        !e.message.includes("s3cret"),
    );
  });

  it("refuses a ClickHouse URL without a database, or over TLS, before connecting", async () => {
    await assert.rejects(openStore("clickhouse://127.0.0.1:1"), usage(/must name a database/));
    await assert.rejects(openStore("clickhouse://127.0.0.1:1/a-b"), usage(/must name a database/));
    await assert.rejects(openStore("clickhouses://127.0.0.1:1/db"), usage(/TLS/));
  });
});
