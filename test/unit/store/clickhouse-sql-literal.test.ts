import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bindParams } from "../../../src/store/clickhouse/bind-params.js";
import { literal, quoteIdent, quoteString } from "../../../src/store/clickhouse/sql-literal.js";
import { DnsightError } from "../../../src/errors.js";

// The escaping is checked here by its text; the integration test
// (test/integration/clickhouse-http-client.test.ts) sends the same values through a real
// 18.16 server and reads them back byte for byte.

const isError = (code: string, re: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === code && re.test(e.message);

describe("ClickHouse string literals", () => {
  it("escapes quote and backslash, and writes control bytes as \\xHH", () => {
    assert.equal(quoteString("a'b\\c"), "'a\\'b\\\\c'");
    assert.equal(quoteString("\0\n\r\t\x7f"), "'\\x00\\x0a\\x0d\\x09\\x7f'");
    assert.equal(quoteString("é😀"), "'é😀'", "UTF-8 text stays itself");
    assert.equal(
      quoteString("\\'"),
      "'\\\\\\''",
      "a backslash cannot swallow the escape of a quote",
    );
  });

  it("writes a byte string byte for byte, every byte >= 0x7f as \\xHH", () => {
    assert.equal(
      quoteString(Uint8Array.of(0x61, 0xff, 0x00, 0x27, 0x5c, 0x80)),
      "'a\\xff\\x00\\'\\\\\\x80'",
    );
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    // Plain ASCII outside the quotes' own escapes: nothing can close the literal early.
    assert.match(
      quoteString(all),
      /^'(?:[\x20-\x26\x28-\x5b\x5d-\x7e]|\\x[0-9a-f]{2}|\\'|\\\\)*'$/,
    );
  });

  it("refuses a lone surrogate, which has no UTF-8 form", () => {
    assert.throws(() => quoteString("a\uD800b"), isError("INPUT", /lone UTF-16 surrogate/));
    assert.throws(() => quoteString("\uDC00"), isError("INPUT", /surrogate/));
  });

  it("costs linear time on a long hostile string", () => {
    // 1M characters, every one escaped: ~0.1-0.3 s of CPU; a quadratic escape would take minutes.
    const s = "'\\".repeat(500_000);
    const cpu = process.cpuUsage();
    assert.equal(quoteString(s).length, 2 + 500_000 * 4);
    assert.equal(quoteString(Buffer.alloc(1_000_000, 0xff)).length, 2 + 4_000_000);
    const used = process.cpuUsage(cpu);
    assert.ok(
      (used.user + used.system) / 1000 < 3000,
      `${(used.user + used.system) / 1000} ms CPU`,
    );
  });

  it("literal() types by the JS value", () => {
    assert.equal(literal(null), "NULL");
    assert.equal(literal(true), "1");
    assert.equal(literal(18446744073709551615n), "18446744073709551615");
    assert.equal(literal(-0), "0");
    assert.equal(literal(["a", 1, null]), "['a', 1, NULL]");
    assert.throws(() => literal(Number.NaN), isError("INPUT", /finite/));
  });

  it("quoteIdent takes plain names only", () => {
    assert.equal(quoteIdent("obs_local"), "`obs_local`");
    for (const bad of ["", "a`b", "a b", "1a", "a.b", "a\0"])
      assert.throws(() => quoteIdent(bad), isError("INPUT", /not a plain identifier/));
  });
});

describe("bindParams", () => {
  it("fills {name:Type} slots with checked literals", () => {
    assert.equal(
      bindParams(
        "SELECT {s:String}, {n:UInt32}, {a:Array(String)}, {z:Nullable(Int64)}, {d:Date}",
        {
          s: "x'y",
          n: 7,
          a: ["p", "q"],
          z: null,
          d: "2026-12-04",
        },
      ),
      "SELECT 'x\\'y', 7, ['p', 'q'], NULL, toDate('2026-12-04')",
    );
    assert.equal(bindParams("FROM {t:Identifier}", { t: "obs" }), "FROM `obs`");
    assert.equal(bindParams("{t:DateTime}", { t: 1700000000 }), "toDateTime(1700000000)");
  });

  it("leaves braces inside strings, quoted names and comments alone", () => {
    const sql =
      "SELECT '{a:String}', `{a:String}`, \"{a:String}\" -- {a:String}\n/* {a:String} */ {a:String}";
    assert.equal(
      bindParams(sql, { a: "v" }),
      "SELECT '{a:String}', `{a:String}`, \"{a:String}\" -- {a:String}\n/* {a:String} */ 'v'",
    );
    // An escaped quote does not end the literal early; a doubled one neither.
    assert.equal(
      bindParams("'\\'{a:String}' '''{a:String}' {a:String}", { a: "v" }),
      "'\\'{a:String}' '''{a:String}' 'v'",
    );
  });

  it("refuses a value that does not fit its type", () => {
    for (const [type, value] of [
      ["UInt8", 256],
      ["UInt64", -1n],
      ["Int32", 1.5],
      ["UInt32", "7"],
      ["String", 7],
      ["Date", "2026-12-04' OR 1"],
      ["Array(UInt8)", "x"],
      ["Identifier", "a`b"],
    ] as const)
      assert.throws(
        () => bindParams(`{v:${type}}`, { v: value }),
        isError("INPUT", /\{v:|identifier/),
      );
  });

  it("refuses a missing or unused parameter, and an unknown type", () => {
    assert.throws(() => bindParams("{a:String}", {}), isError("INTERNAL", /has no value/));
    assert.throws(() => bindParams("SELECT 1", { a: "x" }), isError("INTERNAL", /not used/));
    assert.throws(
      () => bindParams("{a:Map(String)}", { a: "x" }),
      isError("INTERNAL", /unsupported type/),
    );
  });
});
