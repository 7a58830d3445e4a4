// The ClickHouse HTTP client against a real clickhouse-server (Debian's 18.16) on
// loopback: hostile strings through insert, bound parameters and select, byte for byte;
// the one-line errors naming the server (syntax, mid-stream failure, caps, deadline, a
// stopped server); a streamed insert that fails half-way storing nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DnsightError } from "../../src/errors.js";
import {
  createClickHouseClient,
  type ClickHouseClient,
} from "../../src/store/clickhouse/http-client.js";
import { clickhouseCode } from "../../src/store/clickhouse/server-error.js";
import { OLDEST_SUPPORTED, compareVersions } from "../../src/store/clickhouse/version.js";
import { startClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";

const HOSTILE = [
  "",
  "it's",
  "back\\slash",
  "\\'",
  "'; DROP TABLE t; --",
  "nul\0byte",
  "line\nbreak\r\ttab",
  "Code: 62, e.displayText() = DB::Exception: not really",
  "{s:String}",
  "é 中文 😀",
  "\x01\x7f\x1b[31m",
  "x".repeat(100_000),
];

const fails = (code: string, re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof DnsightError, `a DnsightError, not ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.match(e.message, re);
  assert.doesNotMatch(e.message, /\n/, "one line");
  return true;
};

describe("ClickHouse HTTP client", () => {
  let server: ClickHouseNode;
  let ch: ClickHouseClient;
  let where: RegExp;

  before(async () => {
    server = await startClickHouse();
    ch = createClickHouseClient({ host: server.host, port: server.httpPort });
    where = new RegExp(`^clickhouse 127\\.0\\.0\\.1:${server.httpPort}: `);
    await ch.exec("CREATE DATABASE IF NOT EXISTS hc");
    await ch.exec("CREATE TABLE hc.t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
  });
  after(async () => {
    ch?.close();
    await server?.stop();
  });

  it("reads the server's version, 18.16 or newer", async (t) => {
    t.diagnostic(`clickhouse-server ready ${server.startMs} ms after spawn`);
    const v = await ch.version();
    assert.match(v.text, /^\d+\.\d+/);
    assert.ok(compareVersions(v, OLDEST_SUPPORTED) >= 0, v.text);
  });

  it("round-trips hostile strings through a JSONEachRow insert, bound parameters and select", async () => {
    const sent = await ch.insert(
      "hc.t",
      HOSTILE.map((s, id) => ({ id, s })),
    );
    assert.equal(sent.rows, HOSTILE.length);
    const rows = await ch.query<{ id: number; s: string }>("SELECT id, s FROM hc.t ORDER BY id");
    assert.deepEqual(
      rows,
      HOSTILE.map((s, id) => ({ id, s })),
    );
    // A client for one database reads its tables unqualified.
    const inDb = createClickHouseClient({
      host: server.host,
      port: server.httpPort,
      database: "hc",
    });
    assert.deepEqual(await inDb.query("SELECT count() AS c FROM t"), [
      { c: String(HOSTILE.length) },
    ]);
    inDb.close();
    for (const [id, s] of HOSTILE.entries()) {
      const got = await ch.query("SELECT id FROM hc.t WHERE s = {s:String} ORDER BY id", {
        params: { s },
      });
      assert.deepEqual(got, [{ id }], `bound ${JSON.stringify(s.slice(0, 30))}`);
    }
  });

  it("keeps non-UTF-8 bytes exact through a TSV insert and a byte-string parameter", async () => {
    await ch.exec("CREATE TABLE hc.b (id UInt32, b String) ENGINE = MergeTree ORDER BY id");
    const values = [
      Uint8Array.from({ length: 256 }, (_, i) => i),
      Uint8Array.of(0xff, 0xfe, 0x5c, 0x27, 0x09, 0x0a, 0x00),
      Uint8Array.of(0xc3), // a UTF-8 lead byte cut short
      Buffer.from("\\N"), // the text of TSV's NULL, as a value
    ];
    await ch.insert(
      "hc.b",
      values.map((b, id) => [id, b]),
      { format: "TSV", columns: ["id", "b"] },
    );
    const rows = await ch.query<{ id: number; h: string }>(
      "SELECT id, hex(b) AS h FROM hc.b ORDER BY id",
    );
    assert.deepEqual(
      rows,
      values.map((b, id) => ({ id, h: Buffer.from(b).toString("hex").toUpperCase() })),
    );
    for (const [id, b] of values.entries())
      assert.deepEqual(
        await ch.query("SELECT id FROM hc.b WHERE b = {b:String}", { params: { b } }),
        [{ id }],
      );
    // JSON cannot carry them: the reader says so rather than substituting U+FFFD.
    await assert.rejects(
      ch.query("SELECT b FROM hc.b WHERE id = 1"),
      fails("STORE", /result row 1 is not UTF-8/),
    );
  });

  it("gives a syntax error as one line naming the server, its code kept", async () => {
    const err = await ch.query("SELEC 1").catch((e: unknown) => e);
    fails("STORE", new RegExp(`${where.source}Code: 62, DB::Exception: Syntax error`))(err);
    assert.equal(clickhouseCode(err), 62);
    await assert.rejects(
      ch.exec("DROP TABLE hc.no_such_table"),
      fails("STORE", new RegExp(`${where.source}Code: 60`)),
    );
  });

  it("reports a query that fails after its result began to stream", async () => {
    // Over 1 MiB of rows leaves the server's buffer before number 300000 throws.
    const sql = "SELECT throwIf(number = 300000) AS x FROM system.numbers LIMIT 400000";
    let seen = 0;
    await assert.rejects(
      async () => {
        for await (const _ of ch.rows(sql, { settings: { max_block_size: 1000 } })) seen++;
      },
      fails("STORE", new RegExp(`${where.source}Code: 395`)),
    );
    assert.ok(seen > 1000 && seen <= 300_000, `${seen} rows before the error`);
  });

  it("stops at the row and byte caps instead of buffering the excess", async () => {
    const sql = "SELECT number FROM system.numbers LIMIT 1000";
    await assert.rejects(ch.query(sql, { maxRows: 10 }), fails("STORE", /result exceeds 10 rows/));
    await assert.rejects(
      ch.query(sql, { maxBytes: 500 }),
      fails("STORE", /result exceeds 500 bytes/),
    );
    assert.equal((await ch.query(sql, { maxRows: 1000 })).length, 1000);
    // The client still works after dropping those connections.
    assert.deepEqual(await ch.query("SELECT 1 AS one"), [{ one: 1 }]);
  });

  it("has a deadline over the whole exchange", async () => {
    const t0 = Date.now();
    await assert.rejects(
      ch.query("SELECT sleep(3)", { timeoutMs: 300 }),
      fails("TIMEOUT", new RegExp(`${where.source}no complete answer within 300 ms`)),
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  it("keeps the deadline's and the abort's own error when they cut a streaming result", async () => {
    // An endless result: rows arrive until the client gives up.
    const endless = "SELECT number FROM system.numbers";
    const caps = { maxRows: 1e12, maxBytes: 1e15 };
    await assert.rejects(
      async () => {
        for await (const _ of ch.rows(endless, { ...caps, timeoutMs: 700 })) void _;
      },
      fails("TIMEOUT", new RegExp(`${where.source}no complete answer within 700 ms`)),
    );
    const ac = new AbortController();
    let seen = 0;
    await assert.rejects(
      async () => {
        for await (const _ of ch.rows(endless, { ...caps, signal: ac.signal }))
          if (++seen === 100_000) ac.abort();
      },
      fails("STORE", new RegExp(`${where.source}request aborted`)),
    );
  });

  it("tells the server the deadline, unless the caller set its own limit", async () => {
    const sql = "SELECT value FROM system.settings WHERE name = 'max_execution_time'";
    assert.deepEqual(await ch.query(sql, { timeoutMs: 4500 }), [{ value: "5" }]);
    const own = { timeoutMs: 4500, settings: { max_execution_time: 0 } };
    assert.deepEqual(await ch.query(sql, own), [{ value: "0" }]);
  });

  it("stores nothing of an insert whose body is bad half-way", async () => {
    await ch.exec("CREATE TABLE hc.n (id UInt32) ENGINE = MergeTree ORDER BY id");
    async function* rows() {
      for (let id = 0; id < 50_000; id++) yield { id };
      yield { id: "not a number" };
    }
    await assert.rejects(
      ch.insert("hc.n", rows()),
      fails("STORE", new RegExp(`${where.source}Code: \\d+`)),
    );
    assert.deepEqual(await ch.query("SELECT count() AS c FROM hc.n"), [{ c: "0" }]);
  });

  it("stops on abort, and refuses a row it cannot encode before storing any", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(
      ch.query("SELECT sleep(2)", { signal: ac.signal }),
      fails("STORE", new RegExp(`${where.source}request aborted`)),
    );
    async function* rows() {
      for (let id = 0; id < 20_000; id++) yield { id };
      yield { id: 1, s: "lone \uD800" };
    }
    await ch.exec("CREATE TABLE hc.a (id UInt32) ENGINE = MergeTree ORDER BY id");
    await assert.rejects(ch.insert("hc.a", rows()), fails("INPUT", /lone UTF-16 surrogate/));
    assert.deepEqual(await ch.query("SELECT count() AS c FROM hc.a"), [{ c: "0" }]);
  });

  it("streams a large insert without holding it in memory", async () => {
    async function* rows() {
      for (let id = 0; id < 300_000; id++) yield [id, `name-${id}.example`];
    }
    await ch.exec("CREATE TABLE hc.big (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    const sent = await ch.insert("hc.big", rows(), { format: "TSV" });
    assert.equal(sent.rows, 300_000);
    assert.deepEqual(await ch.query("SELECT count() AS c, uniqExact(s) AS u FROM hc.big"), [
      { c: "300000", u: "300000" },
    ]);
  });

  it("names a stopped server and says the connection was refused", async () => {
    const gone = await startClickHouse();
    const client = createClickHouseClient({ host: gone.host, port: gone.httpPort });
    assert.deepEqual(await client.query("SELECT 1 AS one"), [{ one: 1 }]);
    await gone.stop();
    await assert.rejects(
      client.query("SELECT 1"),
      fails(
        "STORE",
        new RegExp(`^clickhouse 127\\.0\\.0\\.1:${gone.httpPort}: connection refused`),
      ),
    );
    client.close();
  });
});
