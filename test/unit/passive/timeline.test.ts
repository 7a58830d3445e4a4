// pdnsTimeline (src/passive/timeline.ts): live rows per rdata per day or week, read
// from a real SQLite store in pages, and held to its caps on rows, buckets and series.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { pdnsTimeline, type TimelineLimits } from "../../../src/passive/timeline.js";
import { openStore } from "../../../src/store/open.js";
import type { Store } from "../../../src/store/types.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const DAY = 86_400;
/** 2023-11-13, a Monday, 00:00 UTC. */
const MON = Date.UTC(2023, 10, 13) / 1000;

const o = (
  rdata: string,
  first: number,
  last: number,
  over: Partial<Observation> = {},
): Observation => ({
  rrname: "www.example.com",
  rrtype: "A",
  rdata,
  timeFirst: first,
  timeLast: last,
  count: 1,
  source: "passive",
  ...over,
});

const LIMITS: TimelineLimits = {
  interval: "day",
  maxRows: 10_000,
  maxBuckets: 1000,
  maxSeries: 100,
  pageSize: 2,
  budgetMs: 60_000,
};

describe("pdnsTimeline", () => {
  const dir = makeTmpDir("timeline");
  let store: Store;
  before(async () => {
    store = await openStore(join(dir.path, "t.db"));
    await store.writeObservations([
      // 192.0.2.1 from two sensors: live Monday..Wednesday and Tuesday..Tuesday.
      o("192.0.2.1", MON + 3600, MON + 2 * DAY + 5, { sensorId: "s1", count: 5 }),
      o("192.0.2.1", MON + DAY + 10, MON + DAY + 20, { sensorId: "s2", count: 2 }),
      // 192.0.2.2 only on Friday.
      o("192.0.2.2", MON + 4 * DAY, MON + 4 * DAY + 100, { count: 8 }),
      o("mail.example.net.", MON, MON, { rrtype: "MX", rdata: "10 mail.example.net." }),
      o("192.0.2.9", MON, MON, { rrname: "other.example.org" }),
    ]);
  });
  after(async () => {
    await store.close();
    dir.remove();
  });

  it("counts live rows per rdata per day, over the span of the rows", async () => {
    const t = await pdnsTimeline(store, { query: "www.example.com", rrtype: "A" }, LIMITS);
    assert.equal(t.interval, "day");
    assert.deepEqual(
      t.buckets,
      [0, 1, 2, 3, 4].map((d) => MON + d * DAY),
    );
    assert.equal(t.rowsRead, 3);
    assert.equal(t.limited, undefined);
    assert.deepEqual(
      t.series.map((s) => [s.rdata, s.count, s.rows, s.live]),
      [
        ["192.0.2.2", 8, 1, [0, 0, 0, 0, 1]],
        ["192.0.2.1", 7, 2, [1, 2, 1, 0, 0]],
      ],
    );
  });

  it("weeks start on Monday, UTC", async () => {
    const t = await pdnsTimeline(
      store,
      { query: "www.example.com" },
      { ...LIMITS, interval: "week" },
    );
    assert.deepEqual(t.buckets, [MON]);
    assert.equal(new Date(t.buckets[0]! * 1000).getUTCDay(), 1);
    assert.deepEqual(t.series.find((s) => s.rdata === "192.0.2.1")?.live, [2]);
  });

  it("keeps inside the time fence", async () => {
    const t = await pdnsTimeline(
      store,
      { query: "www.example.com", rrtype: "A", fence: { after: MON + DAY, before: MON + 2 * DAY } },
      LIMITS,
    );
    assert.deepEqual(t.buckets, [MON + DAY, MON + 2 * DAY]);
    assert.deepEqual(
      t.series.map((s) => [s.rdata, s.live]),
      [["192.0.2.1", [2, 1]]],
    );
  });

  it("stops at maxRows and says so; keeps the latest buckets and the busiest series", async () => {
    const rows = await pdnsTimeline(store, { query: "www.example.com" }, { ...LIMITS, maxRows: 2 });
    assert.equal(rows.rowsRead, 2);
    assert.equal(rows.limited, "rows");
    const cut = await pdnsTimeline(
      store,
      { query: "www.example.com" },
      { ...LIMITS, maxBuckets: 2, maxSeries: 1 },
    );
    assert.equal(cut.clipped, true);
    assert.deepEqual(cut.buckets, [MON + 3 * DAY, MON + 4 * DAY]);
    assert.equal(cut.series.length, 1);
    assert.equal(cut.otherSeries, 2);
    assert.deepEqual(cut.series[0]!.live, [0, 1]);
  });

  it("stops past its time budget after the first page", async () => {
    let calls = 0;
    const t = await pdnsTimeline(
      store,
      { query: "www.example.com" },
      {
        ...LIMITS,
        budgetMs: 5,
        pageSize: 1,
        read: async (s) => {
          calls++;
          await new Promise((r) => setTimeout(r, 10));
          return store.searchObservations(s);
        },
      },
    );
    assert.equal(calls, 1);
    assert.equal(t.limited, "time");
  });

  it("an empty answer has no buckets; a bad query is the library's INPUT error", async () => {
    const t = await pdnsTimeline(store, { query: "nothing.example" }, LIMITS);
    assert.deepEqual([t.buckets, t.series, t.rowsRead], [[], [], 0]);
    await assert.rejects(
      pdnsTimeline(store, { query: "www.example.com", rrtype: "NOPE" }, LIMITS),
      /unknown record type "NOPE"/,
    );
  });
});
