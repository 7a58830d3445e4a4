import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDnsdbParams } from "../../../src/api/dnsdb/params.js";
import { RecordGrouper, recordJson, type DnsdbRecord } from "../../../src/api/dnsdb/records.js";
import { parseDnsdbPath } from "../../../src/api/dnsdb/route.js";
import { DEFAULT_LIMITS, HttpError } from "../../../src/api/http.js";
import type { Observation } from "../../../src/model/observation.js";

const T = 1_700_000_000;
const row = (over: Partial<Observation>): Observation => ({
  rrname: "www.example.com",
  rrtype: "A",
  rdata: "192.0.2.1",
  timeFirst: T,
  timeLast: T,
  count: 1,
  source: "passive",
  ...over,
});

function run(g: RecordGrouper, rows: Observation[]): DnsdbRecord[] {
  return [...rows.flatMap((r) => g.push(r)), ...g.end()];
}

describe("RecordGrouper", () => {
  it("rrset: one record per (rrname, rrtype, bailiwick); count is the busiest member's", () => {
    const out = run(new RecordGrouper("rrset", 100), [
      row({ rdata: "192.0.2.1", bailiwick: "example.com", count: 4, sensorId: "a" }),
      row({ rdata: "192.0.2.1", bailiwick: "example.com", count: 3, sensorId: "b" }),
      row({ rdata: "192.0.2.1", bailiwick: "com", count: 1 }),
      row({ rdata: "192.0.2.2", bailiwick: "example.com", count: 5, timeLast: T + 9 }),
      row({ rrname: "x.example.com", rdata: "192.0.2.3" }),
    ]);
    assert.deepEqual(
      out.map((r) => recordJson(r, false)),
      [
        {
          count: 7,
          time_first: T,
          time_last: T + 9,
          rrname: "www.example.com.",
          rrtype: "A",
          bailiwick: "example.com.",
          rdata: ["192.0.2.1", "192.0.2.2"],
        },
        {
          count: 1,
          time_first: T,
          time_last: T,
          rrname: "www.example.com.",
          rrtype: "A",
          bailiwick: "com.",
          rdata: ["192.0.2.1"],
        },
        {
          count: 1,
          time_first: T,
          time_last: T,
          rrname: "x.example.com.",
          rrtype: "A",
          rdata: ["192.0.2.3"],
        },
      ],
    );
  });

  it("emits a name's records when the next name starts, and flushes at maxRows", () => {
    const g = new RecordGrouper("rrset", 3);
    assert.deepEqual(g.push(row({})), []);
    assert.equal(g.push(row({ rrname: "b.example" })).length, 1);
    assert.equal(g.push(row({ rrname: "b.example", rdata: "192.0.2.2" })).length, 0);
    // The third row held: flushed, so b.example's A RRset is split across two records.
    assert.equal(g.push(row({ rrname: "b.example", rdata: "192.0.2.3" })).length, 1);
    assert.equal(g.end().length, 0);
  });

  it("rdata: one record per (rrname, rrtype, rdata), rdata a string, root stays '.'", () => {
    const out = run(new RecordGrouper("rdata", 100), [
      row({ bailiwick: "com", count: 2 }),
      row({ bailiwick: "example.com", count: 3, source: "zone", timeFirst: T - 5 }),
      row({ rrname: ".", rrtype: "NS", rdata: "a.root-servers.net." }),
    ]);
    assert.deepEqual(recordJson(out[0]!, true), {
      count: 5,
      time_first: "2023-11-14T22:13:20Z",
      time_last: "2023-11-14T22:13:20Z",
      zone_time_first: "2023-11-14T22:13:15Z",
      zone_time_last: "2023-11-14T22:13:20Z",
      rrname: "www.example.com.",
      rrtype: "A",
      rdata: "192.0.2.1",
    });
    assert.equal(recordJson(out[1]!, false).rrname, ".");
  });
});

describe("DNSDB paths and parameters", () => {
  it("parses the query paths", () => {
    assert.deepEqual(parseDnsdbPath("lookup/rrset/name/%2A.example.com/A/example.com"), {
      kind: "query",
      verb: "lookup",
      on: "rrset",
      request: { query: "*.example.com", rrtype: "A", bailiwick: "example.com" },
    });
    assert.deepEqual(parseDnsdbPath("summarize/rdata/name/ns1.example.net/NS"), {
      kind: "query",
      verb: "summarize",
      on: "rdata",
      request: { query: "ns1.example.net", rrtype: "NS", rdata: true },
    });
    assert.deepEqual(parseDnsdbPath("lookup/rdata/ip/192.0.2.0,24"), {
      kind: "query",
      verb: "lookup",
      on: "rdata",
      request: { query: "192.0.2.0,24" },
    });
    assert.deepEqual(parseDnsdbPath("ping/"), { kind: "ping" });
    const status = (p: string): number => {
      try {
        parseDnsdbPath(p);
        return 200;
      } catch (e) {
        return (e as HttpError).status;
      }
    };
    assert.equal(status("lookup/rrset/name/a.example/A/b.example/extra"), 404);
    assert.equal(status("lookup/rdata/ip/192.0.2.1/A"), 404);
    assert.equal(status("lookup/rdata/raw/0a"), 501);
    assert.equal(status("find/rrset/name/x"), 404);
  });

  it("parses the parameters: defaults, limit 0, clamps, relative times", () => {
    const limits = { ...DEFAULT_LIMITS, resultsMax: 500, offsetMax: 50 };
    const p = (q: string) => parseDnsdbParams(new URLSearchParams(q), T, limits);
    assert.deepEqual(p(""), { limit: 500, offset: 0, bounds: {}, humantime: false });
    assert.equal(parseDnsdbParams(new URLSearchParams(""), T, DEFAULT_LIMITS).limit, 10_000);
    assert.equal(p("limit=0").limit, 500);
    assert.equal(p("limit=20").limit, 20);
    assert.deepEqual(p("time_first_after=-60&time_last_before=5&humantime=t&max_count=9"), {
      limit: 500,
      offset: 0,
      bounds: { timeFirstAfter: T - 60, timeLastBefore: 5 },
      humantime: true,
      maxCount: 9,
    });
    assert.throws(
      () => p("offset=51"),
      (e: HttpError) => e.status === 416,
    );
    assert.throws(
      () => p("limit=-1"),
      (e: HttpError) => e.status === 400,
    );
    assert.throws(
      () => p("aggr=maybe"),
      (e: HttpError) => e.status === 400,
    );
  });
});
