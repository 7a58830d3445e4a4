import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Observation } from "../../../src/model/observation.js";
import { mergePacked, packRows, unpackRows } from "../../../src/passive/packed-rows.js";
import { mergeAll, observationKey } from "../../../src/store/merge.js";

// Rows handed from the parser threads packed (keys and numbers) must merge on the main
// thread exactly as store/merge.ts merges the objects: same rows, same fields, same source.

const row = fc.record(
  {
    rrname: fc.constantFrom("a.example", "b.example"),
    rrtype: fc.constantFrom("A", "TXT"),
    rdata: fc.constantFrom("192.0.2.1", '"x\\000y"', ""),
    timeFirst: fc.integer({ min: 0, max: 5 }),
    span: fc.integer({ min: 0, max: 3 }),
    count: fc.integer({ min: 1, max: 4 }),
    source: fc.constantFrom("passive" as const, "active" as const, "zone" as const),
    bailiwick: fc.constantFrom("example", "org"),
    sensorId: fc.constantFrom("s1", "sensor-2"),
  },
  { requiredKeys: ["rrname", "rrtype", "rdata", "timeFirst", "span", "count", "source"] },
);

const toObservation = (r: typeof row extends fc.Arbitrary<infer T> ? T : never): Observation => {
  const { span, ...o } = r;
  return { ...o, timeLast: o.timeFirst + span };
};

describe("packed rows", () => {
  it("merge as the objects merge, over any split into ranges", () => {
    fc.assert(
      fc.property(fc.array(fc.array(row, { maxLength: 8 }), { maxLength: 5 }), (ranges) => {
        const all = ranges.flat().map(toObservation);
        const merged = new Map<string, Observation>();
        for (const range of ranges)
          mergePacked(packRows(mergeAll(range.map(toObservation))), merged);
        assert.deepEqual(merged, mergeAll(all));
      }),
    );
  });

  it("unpack to the rows packed", () => {
    const rows = [
      {
        rrname: "a.example",
        rrtype: "A",
        rdata: "192.0.2.1",
        timeFirst: 1,
        timeLast: 2,
        count: 3,
        source: "passive" as const,
      },
      {
        rrname: "a.example",
        rrtype: "NS",
        rdata: "ns.example",
        timeFirst: 1,
        timeLast: 1,
        count: 1,
        source: "zone" as const,
        bailiwick: "example",
        sensorId: "s",
      },
    ];
    const p = packRows(new Map(rows.map((r) => [observationKey(r), r])));
    assert.deepEqual(unpackRows(p), rows);
  });
});
