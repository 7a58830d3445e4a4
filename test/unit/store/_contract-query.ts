import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import type { StoreFactory } from "./contract.js";
import { obs, prng, shuffle, withStore } from "./_helpers.js";

const T = 1_700_000_000;

// Written in a shuffled order; the store must hand them back in exactly this order:
// rrtype, rdata, bailiwick, sensorId, absent first, byte-wise (so "AAAA" < "MX" < "a").
const ORDERED: Observation[] = [
  obs({ rrtype: "A", rdata: "192.0.2.1" }),
  obs({ rrtype: "A", rdata: "192.0.2.1", sensorId: "s1" }),
  obs({ rrtype: "A", rdata: "192.0.2.1", sensorId: "s2" }),
  obs({ rrtype: "A", rdata: "192.0.2.1", bailiwick: "com" }),
  obs({ rrtype: "A", rdata: "192.0.2.1", bailiwick: "example.com", sensorId: "s1" }),
  obs({ rrtype: "A", rdata: "192.0.2.10" }),
  obs({ rrtype: "A", rdata: "192.0.2.2" }),
  obs({ rrtype: "AAAA", rdata: "2001:db8::1" }),
  obs({ rrtype: "MX", rdata: "10 mail.example.com." }),
  obs({ rrtype: "TXT", rdata: '"Hello \\"quoted\\" \\\\ world"' }),
  obs({ rrtype: "TXT", rdata: '"a"' }),
  obs({ rrtype: "TYPE65534", rdata: "\\# 3 ABCDEF" }),
];

export function queryTests(f: StoreFactory): void {
  it("returns an empty array for a name it never saw", () =>
    withStore(f, async (s) => {
      assert.deepEqual(await s.queryObservations({ rrname: "nothing.example" }), []);
      await s.writeObservations([obs()]);
      assert.deepEqual(await s.queryObservations({ rrname: "nothing.example" }), []);
    }));

  it("matches the name exactly, not as a prefix, suffix or substring", () =>
    withStore(f, async (s) => {
      const names = [
        "example.com",
        "www.example.com",
        "example.com.evil",
        "xample.com",
        "example.co",
        ".",
      ];
      await s.writeObservations(names.map((rrname) => obs({ rrname })));
      for (const rrname of names) {
        const rows = await s.queryObservations({ rrname });
        assert.deepEqual(
          rows.map((r) => r.rrname),
          [rrname],
        );
      }
    }));

  it("orders rows by rrtype, rdata, bailiwick and sensor, whatever the write order", () =>
    withStore(f, async (s) => {
      const rand = prng(7);
      for (const o of shuffle(ORDERED, rand)) await s.writeObservations([o]);
      await s.writeObservations([obs({ rrname: "other.example.com" })]);
      assert.deepEqual(await s.queryObservations({ rrname: "www.example.com" }), ORDERED);
    }));

  it("filters by rrtype, bailiwick and sensor", () =>
    withStore(f, async (s) => {
      await s.writeObservations(ORDERED);
      const q = (extra: object) => s.queryObservations({ rrname: "www.example.com", ...extra });
      assert.deepEqual(
        await q({ rrtype: "TXT" }),
        ORDERED.filter((o) => o.rrtype === "TXT"),
      );
      assert.deepEqual(await q({ rrtype: "NS" }), []);
      assert.deepEqual(
        await q({ bailiwick: "com" }),
        ORDERED.filter((o) => o.bailiwick === "com"),
      );
      assert.deepEqual(
        await q({ sensorId: "s1" }),
        ORDERED.filter((o) => o.sensorId === "s1"),
      );
      assert.deepEqual(
        await q({ rrtype: "A", bailiwick: "example.com", sensorId: "s1" }),
        ORDERED.filter((o) => o.bailiwick === "example.com"),
      );
    }));

  it("limits, and pages with offset in a stable order", () =>
    withStore(f, async (s) => {
      await s.writeObservations(ORDERED);
      const rrname = "www.example.com";
      assert.deepEqual(await s.queryObservations({ rrname, limit: 3 }), ORDERED.slice(0, 3));
      assert.deepEqual(await s.queryObservations({ rrname, limit: 1000 }), ORDERED);
      assert.deepEqual(await s.queryObservations({ rrname, offset: 10 }), ORDERED.slice(10));
      assert.deepEqual(await s.queryObservations({ rrname, offset: 50 }), []);
      const pages: Observation[] = [];
      for (let offset = 0; offset < ORDERED.length; offset += 5) {
        pages.push(...(await s.queryObservations({ rrname, limit: 5, offset })));
      }
      assert.deepEqual(pages, ORDERED);
    }));

  it("keeps long and odd rdata byte for byte", () =>
    withStore(f, async (s) => {
      const long = `"${"x".repeat(255)}" `.repeat(40).trim();
      const rows = [
        obs({ rrtype: "TXT", rdata: long }),
        obs({ rrtype: "TXT", rdata: '"caf\\195\\169" "é €"' }),
      ];
      await s.writeObservations(rows);
      await s.writeObservations(rows);
      const got = await s.queryObservations({ rrname: "www.example.com", rrtype: "TXT" });
      // '"c' sorts before '"x'.
      assert.deepEqual(
        got.map((r) => [r.rdata, r.count]),
        [
          [rows[1]!.rdata, 2],
          [rows[0]!.rdata, 2],
        ],
      );
    }));

  it("handles many rows over many names in batches of 1000", () =>
    withStore(f, async (s) => {
      // 40 batches of 1000 over 2000 names x 4 addresses: every key is seen 5 times.
      for (let b = 0; b < 40; b++) {
        const batch = Array.from({ length: 1000 }, (_, j) => {
          const i = (b * 1000 + j) % 8000;
          return obs({
            rrname: `h${i >> 2}.bulk.test`,
            rdata: `10.0.${i >> 10}.${i & 3}`,
            timeFirst: T + b,
            timeLast: T + b,
            count: 1,
          });
        });
        await s.writeObservations(batch);
      }
      for (const n of [0, 1, 999, 1999]) {
        const rows = await s.queryObservations({ rrname: `h${n}.bulk.test` });
        assert.equal(rows.length, 4, `h${n}`);
        for (const r of rows) {
          assert.equal(r.count, 5);
          assert.equal(r.timeLast - r.timeFirst, 32, "seen in batches b, b+8, ..., b+32");
        }
      }
    }));
}
