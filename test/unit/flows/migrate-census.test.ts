// The census `dnsight migrate` compares: order-free over rows, but any changed field,
// a row twice, or a history told in another order makes it differ.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { emptyRecord } from "../../../src/registration/record.js";
import type { RegistrationSnapshot } from "../../../src/store/types.js";
import {
  CensusTaker,
  censusDifferences,
  type StoreCensus,
} from "../../../src/flows/store-census.js";

const o = (rrname: string, over: Partial<Observation> = {}): Observation => ({
  rrname,
  rrtype: "A",
  rdata: "192.0.2.1",
  timeFirst: 100,
  timeLast: 200,
  count: 2,
  source: "passive",
  ...over,
});

const snap = (key: string, fetchedAt: number, raw: string): RegistrationSnapshot => ({
  key,
  fetchedAt,
  record: emptyRecord(key, { protocol: "rdap", server: "r", fetchedAt: "", referrals: [] }),
  raw,
});

function census(rows: Observation[], snaps: RegistrationSnapshot[] = []): StoreCensus {
  const c = new CensusTaker();
  rows.forEach((r) => c.addObservation(r));
  snaps.forEach((s) => c.addSnapshot(s));
  return c.result();
}

const ROWS = [
  o("a.example"),
  o("a.example", { rrtype: "AAAA", rdata: "2001:db8::1" }),
  o("b.example", { sensorId: "s" }),
];

describe("migrate census", () => {
  it("counts rows, names, counts and times, whatever the order of the names", () => {
    const c = census(ROWS);
    assert.deepEqual(
      [c.observations, c.names, c.count, c.firstSeen, c.lastSeen],
      [3, 2, 6, 100, 200],
    );
    assert.deepEqual(censusDifferences(c, census([ROWS[2]!, ROWS[0]!, ROWS[1]!])), []);
  });

  it("tells apart a changed field, an absent field, and a row twice", () => {
    const base = census(ROWS);
    for (const [what, changed] of [
      ["count", { count: 3 }],
      ["source", { source: "zone" }],
      ["bailiwick", { bailiwick: "example" }],
      ["first seen", { timeFirst: 101 }],
    ] as const) {
      const d = censusDifferences(
        base,
        census([
          ROWS[0]!,
          o("a.example", { rrtype: "AAAA", rdata: "2001:db8::1", ...changed }),
          ROWS[2]!,
        ]),
      );
      assert.ok(d.includes("observation digest"), `${what}: ${d.join()}`);
    }
    // A sensor lost on the way: only the digest sees it.
    assert.deepEqual(censusDifferences(base, census([...ROWS.slice(0, 2), o("b.example")])), [
      "observation digest",
    ]);
    assert.deepEqual(censusDifferences(base, census([...ROWS, ROWS[2]!])), [
      "observations (distinct keys)",
      "sum of counts",
      "observation digest",
    ]);
  });

  it("counts snapshots and keys, and a history in another order differs", () => {
    const h = [snap("a.example", 1, "x"), snap("a.example", 1, "y"), snap("b.example", 2, "z")];
    const c = census([], h);
    assert.deepEqual([c.snapshots, c.snapshotKeys], [3, 2]);
    assert.deepEqual(censusDifferences(c, census([], [h[0]!, h[1]!, h[2]!])), []);
    assert.deepEqual(censusDifferences(c, census([], [h[1]!, h[0]!, h[2]!])), ["snapshot digest"]);
  });
});
