import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cofLine } from "../../../src/export/cof.js";
import type { Observation } from "../../../src/model/observation.js";
import { cofRecords } from "../../../src/passive/sources/cof.js";
import { normaliseObservation } from "../../../src/store/observation.js";

const rows: Observation[] = [
  {
    rrname: "www.example.com",
    rrtype: "CNAME",
    rdata: "edge.example.net.",
    timeFirst: 100,
    timeLast: 200,
    count: 5,
    source: "passive",
    bailiwick: "example.com",
    sensorId: "s1",
  },
  {
    rrname: "example.com",
    rrtype: "MX",
    rdata: "10 mail.example.com.",
    timeFirst: 300,
    timeLast: 300,
    count: 1,
    source: "active",
  },
  {
    rrname: "example.com",
    rrtype: "TXT",
    rdata: '"v=spf1 -all" "second \\"quoted\\""',
    timeFirst: 1,
    timeLast: 2,
    count: 2,
    source: "zone",
  },
  {
    rrname: "example.com",
    rrtype: "TYPE65534",
    rdata: "\\# 3 010203",
    timeFirst: 1,
    timeLast: 2,
    count: 2,
    source: "passive",
  },
];

describe("COF export read back", () => {
  it("gives the same observations, origin included", () => {
    for (const row of rows) {
      const [rec] = cofRecords(JSON.parse(cofLine(row)));
      const back = normaliseObservation({ ...rec!, source: rec!.source ?? "passive" });
      assert.deepEqual(back, row);
    }
  });

  it("writes the draft's field names, rdata as an array", () => {
    assert.deepEqual(JSON.parse(cofLine(rows[1]!)), {
      rrname: "example.com",
      rrtype: "MX",
      rdata: ["10 mail.example.com."],
      time_first: 300,
      time_last: 300,
      count: 1,
      origin: "active",
    });
  });
});
