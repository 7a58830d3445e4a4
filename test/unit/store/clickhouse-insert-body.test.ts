import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { insertChunks, jsonLine, tsvLine } from "../../../src/store/clickhouse/insert-body.js";

// The text of an INSERT body; the integration test reads the same rows back from 18.16.

const collect = async (rows: unknown[], format: "TSV" | "JSONEachRow"): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of insertChunks(rows, format, { rows: 0 })) parts.push(c);
  return Buffer.concat(parts);
};
const input = (re: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && re.test(e.message);

describe("ClickHouse insert bodies", () => {
  it("escapes TSV so that every field stays in its column and every row on its line", () => {
    assert.equal(
      tsvLine(["a\tb\nc\\d\r\0\x01", null, 5, 7n, true]).toString("latin1"),
      "a\\tb\\nc\\\\d\\r\\0\\x01\t\\N\t5\t7\t1\n",
    );
    // Bytes >= 0x80 go as they are: TabSeparated is binary-safe outside its escapes.
    assert.deepEqual(
      tsvLine([Uint8Array.of(0xff, 0x09, 0xc3)]),
      Buffer.from([0xff, 0x5c, 0x74, 0xc3, 0x0a]),
    );
    assert.equal(tsvLine(["\\N"]).toString(), "\\\\N\n", "the text \\N is not NULL");
  });

  it("writes JSON lines with bigints as quoted numbers", () => {
    assert.equal(
      jsonLine({ n: 18446744073709551615n, s: "é\0" }),
      '{"n":"18446744073709551615","s":"é\\u0000"}\n',
    );
  });

  it("refuses a lone surrogate in either format, and a row of the wrong shape", async () => {
    await assert.rejects(
      collect([{ s: "a\uD800" }], "JSONEachRow"),
      input(/lone UTF-16 surrogate/),
    );
    await assert.rejects(collect([["\uDC00"]], "TSV"), input(/lone UTF-16 surrogate/));
    await assert.rejects(
      collect([["ok"], { s: "x" }], "TSV"),
      input(/row 2 is not an array of fields/),
    );
    await assert.rejects(collect([["x"]], "JSONEachRow"), input(/row 1 is not an object/));
  });

  it("sends large bodies in chunks of about 64 KiB, not one buffer", async () => {
    const sizes: number[] = [];
    const counter = { rows: 0 };
    const rows = Array.from({ length: 20_000 }, (_, i) => [i, `name-${i}.example`]);
    for await (const c of insertChunks(rows, "TSV", counter)) sizes.push(c.length);
    assert.equal(counter.rows, 20_000);
    assert.ok(sizes.length > 3, String(sizes.length));
    for (const s of sizes.slice(0, -1)) assert.ok(s >= 64 * 1024 && s < 65 * 1024, String(s));
  });
});
