// The Native block encoder against bytes a real 18.16 server wrote (`SELECT … FORMAT
// Native`), and its refusals: a value that does not fit its column, a lone surrogate
// (no UTF-8 form), columns of different lengths.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { nativeBlock } from "../../../src/store/clickhouse/native-block.js";

const hex = (b: Buffer): string => b.toString("hex");

describe("ClickHouse Native block", () => {
  it("writes what clickhouse-server 18.16 writes", () => {
    // SELECT 1 FORMAT Native
    assert.equal(
      hex(nativeBlock([{ name: "1", type: "UInt8", values: [1] }])),
      "010101310555496e743801",
    );
    // SELECT toUInt64(300) AS n, 'é' AS s, toUInt32(7) AS u FORMAT Native
    assert.equal(
      hex(
        nativeBlock([
          { name: "n", type: "UInt64", values: [300n] },
          { name: "s", type: "String", values: ["é"] },
          { name: "u", type: "UInt32", values: [7] },
        ]),
      ),
      "0301016e0655496e7436342c01000000000000017306537472696e6702c3a901750655496e74333207000000",
    );
  });

  it("writes lengths past 127 as LEB128 and byte strings as they are", () => {
    const long = "x".repeat(300);
    const b = nativeBlock([
      { name: "s", type: "String", values: [long, new Uint8Array([0, 255])] },
    ]);
    // 1 column, 2 rows, "s", "String", then 300 as ac 02, the text, then 2 bytes.
    assert.equal(hex(b.subarray(0, 13)), "0102017306537472696e67ac02");
    assert.equal(hex(b.subarray(b.length - 3)), "0200ff");
  });

  it("refuses what it cannot write exactly", () => {
    const internal = (re: RegExp) => (e: unknown) =>
      e instanceof DnsightError && re.test(e.message);
    assert.throws(
      () => nativeBlock([{ name: "n", type: "UInt8", values: [256] }]),
      internal(/n row 0 is not a UInt8/),
    );
    assert.throws(
      () => nativeBlock([{ name: "n", type: "UInt64", values: [-1] }]),
      internal(/not a UInt64/),
    );
    assert.throws(
      () => nativeBlock([{ name: "s", type: "String", values: ["a\uD800b"] }]),
      internal(/lone UTF-16 surrogate/),
    );
    assert.throws(
      () =>
        nativeBlock([
          { name: "a", type: "UInt8", values: [1, 2] },
          { name: "b", type: "UInt8", values: [1] },
        ]),
      internal(/b has a row count of its own/),
    );
  });
});
