import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { parsePdnsQuery } from "../../../src/passive/query.js";
import type { ObservationSearch, SearchTarget, Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

// pruneObservations (optional, contract/prune.ts): retention by last sighting. A
// "row" backend removes exactly the rows last seen before the cutoff; a "month" backend
// drops the months that end by then and keeps the cutoff's month whole, and a key merged
// across months keeps only its later months' deltas. Both: nothing last seen at or after
// the cutoff goes, the search indexes agree with the scan, and a second run finds nothing.

/** Noon UTC on a day of 2024 (mid-day: no server time zone moves it into another month). */
const day = (month: number, d: number): number => Date.UTC(2024, month - 1, d, 12) / 1000;
const BEFORE = day(4, 10);
const APRIL = Date.UTC(2024, 3, 1) / 1000;

const at = (rrname: string, first: number, last: number, over: Partial<Observation> = {}) =>
  obs({ rrname, timeFirst: first, timeLast: last, ...over });

const OLD = [
  at("jan.example.com", day(1, 10), day(1, 15), { rrtype: "CNAME", rdata: "gone.example.net." }),
  at("feb.example.com", day(2, 10), day(2, 15), { rdata: "192.0.2.2" }),
  at("mar.example.com", day(3, 1), day(3, 15)),
];
/** Last seen before the cutoff, in the cutoff's month: a "month" backend keeps it. */
const EARLY_APRIL = at("apr.example.com", day(4, 1), day(4, 5), { rdata: "192.0.2.4" });
const KEPT = [
  at("late-apr.example.com", day(4, 20), day(4, 25), {
    rrtype: "CNAME",
    rdata: "kept.example.net.",
  }),
  at("jun.example.com", day(6, 1), day(6, 15), { rdata: "192.0.2.6" }),
  // One delta spanning months: it is last seen in May, so it stays whole.
  at("span.example.com", day(1, 10), day(5, 20), { count: 4 }),
];
/** One key, written twice: a January delta and a May one. */
const SPLIT = [
  at("split.example.com", day(1, 10), day(1, 20), { count: 3 }),
  at("split.example.com", day(5, 10), day(5, 20), { count: 2 }),
];

const show = (o: Observation): string =>
  `${o.rrname} ${o.rrtype} ${o.rdata} ${o.timeFirst} ${o.timeLast} ${o.count}`;

async function scanned(s: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const rows of s.scanObservations(2)) out.push(...rows.map(show));
  return out.sort();
}

async function found(s: Store, q: string, on: "rrname" | "rdata" = "rrname"): Promise<string[]> {
  const p = parsePdnsQuery(q);
  const target: SearchTarget =
    p.kind === "ip"
      ? { on: "ip", version: p.version, first: p.first, last: p.last }
      : { on, match: p };
  const search: ObservationSearch = { target };
  return (await s.searchObservations(search)).rows.map(show).sort();
}

export function pruneTests(f: StoreFactory): void {
  it("removes what was last seen before the cutoff, keeps what was seen after, indexes in step", () =>
    withStore(f, async (s) => {
      if (s.pruneObservations === undefined) return;
      await s.writeObservations([...OLD, EARLY_APRIL, ...KEPT, SPLIT[0]!]);
      await s.writeObservations([SPLIT[1]!]);
      const before = await scanned(s);

      const dry = await s.pruneObservations(BEFORE, { dryRun: true });
      assert.deepEqual(await scanned(s), before, "a dry run removes nothing");
      const month = dry.granularity === "month";
      assert.ok(dry.granularity === "row" || month, dry.granularity);
      assert.equal(dry.cutoff, month ? APRIL : BEFORE);
      // Row: jan, feb, mar, early April. Month: the deltas of January (two), February, March.
      assert.equal(dry.rows, 4);
      if (month) assert.deepEqual(dry.months, ["202401", "202402", "202403"]);

      assert.deepEqual(await s.pruneObservations(BEFORE), dry);
      const split = month
        ? at("split.example.com", day(5, 10), day(5, 20), { count: 2 })
        : at("split.example.com", day(1, 10), day(5, 20), { count: 5 });
      const kept = [...KEPT, split, ...(month ? [EARLY_APRIL] : [])].map(show).sort();
      assert.deepEqual(await scanned(s), kept);

      // Every index lost the same rows: owner names, rdata names, addresses, names.
      assert.deepEqual(await found(s, "*.example.com"), kept);
      assert.deepEqual(await found(s, "jan.example.com"), []);
      assert.deepEqual(await found(s, "gone.example.net", "rdata"), []);
      assert.equal((await found(s, "kept.example.net", "rdata")).length, 1);
      assert.deepEqual(
        await found(s, "192.0.2.0/24"),
        kept.filter((k) => / A 192\.0\.2\.\d+ /.test(k)),
      );
      const total = await s.summarizeObservations({
        target: { on: "rrname", match: { kind: "below", suffix: "example.com" } },
      });
      assert.equal(total.numResults, kept.length);
      if (s.suggestNames) {
        assert.deepEqual(await s.suggestNames("jan.", 5), []);
        assert.deepEqual(await s.suggestNames("jun.", 5), ["jun.example.com"]);
      }

      const again = await s.pruneObservations(BEFORE);
      assert.equal(again.rows, 0, "a second run finds nothing more");
      if (month) assert.deepEqual(again.months, []);
      assert.deepEqual(await scanned(s), kept);
    }));

  it("refuses a cutoff that is not whole epoch seconds", () =>
    withStore(f, async (s) => {
      if (s.pruneObservations === undefined) return;
      await s.writeObservations([KEPT[0]!]);
      for (const bad of [-1, 1.5, Number.NaN])
        await assert.rejects(s.pruneObservations(bad), { code: "INPUT" }, String(bad));
      assert.equal((await scanned(s)).length, 1);
    }));
}
