import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cofLine } from "../../../src/export/cof.js";
import { OBSERVATION_SOURCES, type Observation } from "../../../src/model/observation.js";
import { cofRecords } from "../../../src/passive/sources/cof.js";
import { normaliseObservation } from "../../../src/store/observation.js";
import { dnsName, resourceRecord } from "../../../bench/fuzz/gen/dns-arbitraries.js";

// A stored observation written as a COF line (export/cof.ts) and read back by the COF
// source (passive/sources/cof.ts) is the same observation: `dnsight export cof` piped
// into `dnsight ingest cof` restores a store. On fast-check's records, bounded runs.

const name = dnsName().map((n) => n.replace(/\.$/, "").toLowerCase() || ".");

const observation: fc.Arbitrary<Observation> = fc
  .record({
    rr: resourceRecord().filter((rr) => rr.type !== "TYPE65280" || rr.data !== "\\# 0"),
    rrname: name,
    first: fc.integer({ min: 0, max: 4_000_000_000 }),
    span: fc.integer({ min: 0, max: 1_000_000 }),
    count: fc.integer({ min: 1, max: 1_000_000 }),
    bailiwick: fc.option(name, { nil: undefined }),
    sensorId: fc.option(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { nil: undefined }),
    source: fc.constantFrom(...OBSERVATION_SOURCES),
  })
  .map((o) =>
    normaliseObservation({
      rrname: o.rrname,
      rrtype: o.rr.type,
      rdata: o.rr.data,
      timeFirst: o.first,
      timeLast: o.first + o.span,
      count: o.count,
      source: o.source,
      ...(o.bailiwick !== undefined ? { bailiwick: o.bailiwick } : {}),
      ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
    }),
  );

describe("COF line round trip", () => {
  it("export then import gives the observation back", () => {
    fc.assert(
      fc.property(observation, (o) => {
        const line = cofLine(o);
        assert.ok(line.endsWith("\n") && !line.slice(0, -1).includes("\n"));
        const [back, ...more] = cofRecords(JSON.parse(line));
        assert.equal(more.length, 0);
        assert.deepEqual(normaliseObservation({ ...back!, source: back!.source ?? "passive" }), o);
      }),
      { numRuns: 400 },
    );
  });
});
