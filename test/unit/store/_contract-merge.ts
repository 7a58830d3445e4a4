import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation, ObservationSource } from "../../../src/model/observation.js";
import { compareObservations, mergeAll } from "../../../src/store/merge.js";
import type { StoreFactory } from "./contract.js";
import { obs, prng, shuffle, withStore } from "./_helpers.js";

const T = 1_700_000_000;

/** What the store must return for `deltas`, by the reference rules of merge.ts. */
const expected = (deltas: readonly Observation[], rrname: string): Observation[] =>
  [...mergeAll(deltas).values()].filter((o) => o.rrname === rrname).sort(compareObservations);

export function mergeTests(f: StoreFactory): void {
  it("stores one delta as it was given", () =>
    withStore(f, async (s) => {
      const o = obs({ bailiwick: "example.com", sensorId: "s1", timeLast: T + 5, count: 3 });
      await s.writeObservations([o]);
      assert.deepEqual(await s.queryObservations({ rrname: o.rrname }), [o]);
    }));

  it("merges across batches: earliest first, latest last, counts summed", () =>
    withStore(f, async (s) => {
      await s.writeObservations([obs({ timeFirst: T + 100, timeLast: T + 200, count: 2 })]);
      await s.writeObservations([obs({ timeFirst: T + 50, timeLast: T + 150, count: 5 })]);
      await s.writeObservations([obs({ timeFirst: T + 120, timeLast: T + 300, count: 1 })]);
      assert.deepEqual(await s.queryObservations({ rrname: "www.example.com" }), [
        obs({ timeFirst: T + 50, timeLast: T + 300, count: 8 }),
      ]);
    }));

  it("merges duplicates inside one batch", () =>
    withStore(f, async (s) => {
      await s.writeObservations([
        obs({ timeFirst: T + 10, timeLast: T + 10 }),
        obs({ rdata: "192.0.2.2" }),
        obs({ timeFirst: T + 1, timeLast: T + 3, count: 4 }),
      ]);
      assert.deepEqual(await s.queryObservations({ rrname: "www.example.com" }), [
        obs({ timeFirst: T + 1, timeLast: T + 10, count: 5 }),
        obs({ rdata: "192.0.2.2" }),
      ]);
    }));

  it("merges duplicates spread over a large batch", () =>
    withStore(f, async (s) => {
      // 173 rows of 60 keys: repeats land in the same and in different statement chunks.
      const batch = Array.from({ length: 173 }, (_, i) =>
        obs({ rdata: `192.0.2.${i % 60}`, timeFirst: T + i, timeLast: T + 2 * i, count: i }),
      );
      await s.writeObservations(batch);
      const rows = await s.queryObservations({ rrname: "www.example.com" });
      assert.equal(rows.length, 60);
      assert.deepEqual(rows, expected(batch, "www.example.com"));
    }));

  it("keeps rows apart that differ in rrtype, rdata, bailiwick or sensor", () =>
    withStore(f, async (s) => {
      const distinct = [
        obs(),
        obs({ rrtype: "AAAA", rdata: "2001:db8::1" }),
        obs({ rdata: "192.0.2.9" }),
        obs({ bailiwick: "example.com" }),
        obs({ bailiwick: "com" }),
        obs({ sensorId: "s1" }),
        obs({ sensorId: "s2" }),
        obs({ sensorId: "s1", bailiwick: "com" }),
      ];
      await s.writeObservations(distinct);
      await s.writeObservations(distinct);
      const rows = await s.queryObservations({ rrname: "www.example.com" });
      assert.equal(rows.length, distinct.length);
      assert.ok(
        rows.every((r) => r.count === 2),
        "each key merged with its own twin only",
      );
    }));

  it("does not key on source: the earliest sighting's source wins, ties alphabetical", () =>
    withStore(f, async (s) => {
      await s.writeObservations([
        obs({ source: "passive", timeFirst: T + 100, timeLast: T + 100 }),
      ]);
      await s.writeObservations([obs({ source: "zone", timeFirst: T + 50, timeLast: T + 50 })]);
      await s.writeObservations([obs({ source: "active", timeFirst: T + 50, timeLast: T + 60 })]);
      await s.writeObservations([obs({ source: "passive", timeFirst: T + 70, timeLast: T + 70 })]);
      const rows = await s.queryObservations({ rrname: "www.example.com" });
      assert.deepEqual(rows, [
        obs({ source: "active", timeFirst: T + 50, timeLast: T + 100, count: 4 }),
      ]);
    }));

  it("sums zero and very large counts exactly", () =>
    withStore(f, async (s) => {
      const big = 2 ** 50;
      await s.writeObservations([obs({ count: 0 }), obs({ count: big })]);
      await s.writeObservations([obs({ count: big }), obs({ count: 7 })]);
      const [row] = await s.queryObservations({ rrname: "www.example.com" });
      assert.equal(row?.count, 2 * big + 7);
    }));

  it("gives the same rows whatever the order and grouping of the deltas", async () => {
    const rand = prng(20240601);
    const sources: ObservationSource[] = ["passive", "active", "zone"];
    const deltas = Array.from({ length: 600 }, () => {
      const tf = T + Math.floor(rand() * 1000);
      const o = obs({
        rrname: rand() < 0.8 ? "a.example.net" : "b.example.net",
        rrtype: rand() < 0.5 ? "A" : "TXT",
        rdata: `"v${Math.floor(rand() * 6)}"`,
        timeFirst: tf,
        timeLast: tf + Math.floor(rand() * 500),
        count: Math.floor(rand() * 10),
        source: sources[Math.floor(rand() * 3)]!,
      });
      if (rand() < 0.5) o.sensorId = `sensor-${Math.floor(rand() * 3)}`;
      if (rand() < 0.3) o.bailiwick = "example.net";
      return o;
    });
    for (let round = 0; round < 3; round++) {
      await withStore(f, async (s) => {
        const order = shuffle(deltas, rand);
        for (let i = 0; i < order.length;) {
          const n = 1 + Math.floor(rand() * 120);
          await s.writeObservations(order.slice(i, i + n));
          i += n;
        }
        for (const name of ["a.example.net", "b.example.net"]) {
          assert.deepEqual(
            await s.queryObservations({ rrname: name }),
            expected(deltas, name),
            `round ${round}, ${name}`,
          );
        }
      });
    }
  });
}
