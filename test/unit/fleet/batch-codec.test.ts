import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { describe, it } from "node:test";
import {
  decodeBatch,
  encodeBatch,
  MAX_BATCH_BYTES,
  MAX_BATCH_ROWS,
} from "../../../src/fleet/batch-codec.js";
import type { Observation } from "../../../src/model/observation.js";

const o = (i: number, extra: Partial<Observation> = {}): Observation => ({
  rrname: `h${i}.example.com`,
  rrtype: "A",
  rdata: `192.0.2.${i % 256}`,
  timeFirst: 1_700_000_000 + i,
  timeLast: 1_700_000_100 + i,
  count: i + 1,
  source: "passive",
  ...extra,
});

const body = (doc: unknown): Uint8Array => deflateRawSync(JSON.stringify(doc));

describe("observation batch codec", () => {
  it("gives back every field, absent bailiwick and sensor included", () => {
    const rows = [
      o(1),
      o(2, { bailiwick: "example.com", sensorId: "s-1" }),
      o(3, { source: "zone" }),
    ];
    const got = decodeBatch(encodeBatch({ sensor: "s-1", id: "s-1.ab.1", rows }), "t #1");
    assert.deepEqual(got, { sensor: "s-1", id: "s-1.ab.1", rows });
    assert.equal("bailiwick" in got.rows[0]!, false);
  });

  it("shrinks repetitive passive DNS well below its JSON", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => o(i));
    const enc = encodeBatch({ sensor: "s", id: "s.x.1", rows });
    assert.ok(enc.byteLength < JSON.stringify(rows).length / 4, `${enc.byteLength} bytes`);
  });

  it("refuses a batch bigger than one message carries", () => {
    const rows = new Array<Observation>(MAX_BATCH_ROWS + 1).fill(o(1));
    assert.throws(
      () => encodeBatch({ sensor: "s", id: "s.x.1", rows }),
      /more than one message carries/,
    );
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    [
      "bytes that are not deflate",
      new Uint8Array([0xff, 0xff, 0xff, 0x00]),
      /at dnsight\.obs\.s #7 is not a deflated batch/,
    ],
    ["deflate that is not JSON", deflateRawSync("{rows"), /#7 is not JSON/],
    [
      "another format",
      body({ v: 2, sensor: "s", id: "i", rows: [] }),
      /format 2, this collector reads 1/,
    ],
    ["no id", body({ v: 1, sensor: "s", rows: [] }), /no sensor, id or rows/],
    [
      "a short row",
      body({ v: 1, sensor: "s", id: "i", rows: [["a", "A"]] }),
      /batch i at .*: row 0 is not a 9-field row/,
    ],
    [
      "a negative count",
      body({
        v: 1,
        sensor: "s",
        id: "i",
        rows: [["a", "A", "1.2.3.4", null, null, 1, 2, -1, "passive"]],
      }),
      /row 0 has a time or count that is not a whole number/,
    ],
    [
      "an unknown source",
      body({
        v: 1,
        sensor: "s",
        id: "i",
        rows: [["a", "A", "1.2.3.4", null, null, 1, 2, 1, "rumour"]],
      }),
      /row 0 has source "rumour"/,
    ],
    [
      "a number for a name",
      body({
        v: 1,
        sensor: "s",
        id: "i",
        rows: [[1, "A", "1.2.3.4", null, null, 1, 2, 1, "passive"]],
      }),
      /row 0 has a name, type or rdata that is not text/,
    ],
  ];
  for (const [what, b, re] of bad)
    it(`names the batch and the fault for ${what}`, () => {
      assert.throws(
        () => decodeBatch(b, "dnsight.obs.s #7"),
        (e: Error) => {
          assert.match(e.message, re);
          assert.equal(e.message.includes("\n"), false);
          return true;
        },
      );
    });

  it("stops a deflate bomb at the size cap, before parsing", () => {
    const bomb = deflateRawSync(Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20), { level: 9 });
    assert.ok(bomb.byteLength < 200_000);
    assert.throws(() => decodeBatch(bomb, "x #1"), /inflates past 67108864 bytes/);
  });

  it("refuses more rows than the cap without looking at them", () => {
    const rows = new Array(MAX_BATCH_ROWS + 1).fill(0);
    assert.throws(
      () => decodeBatch(body({ v: 1, sensor: "s", id: "i", rows }), "x #1"),
      /100001 rows, more than 100000/,
    );
  });
});
