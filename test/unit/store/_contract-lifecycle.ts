import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { Observation } from "../../../src/model/observation.js";
import type { ObservationQuery } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

const T = 1_700_000_000;

/** Asserts a DnsightError with `code` whose message matches `pattern`. */
async function rejectsWith(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DnsightError, `expected a DnsightError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

const BAD_DELTAS: Array<[string, Partial<Observation> | Record<string, unknown>, RegExp]> = [
  [
    "an uppercase rrname",
    { rrname: "WWW.example.com" },
    /observation 2: rrname "WWW\.example\.com" is not normalised/,
  ],
  ["a trailing dot", { rrname: "www.example.com." }, /observation 2: rrname .* not normalised/],
  ["an empty rrname", { rrname: "" }, /observation 2: rrname "" is not normalised/],
  ["a lowercase rrtype", { rrtype: "a" }, /observation 2: rrtype "a" is not a canonical mnemonic/],
  ["a meta type", { rrtype: "ANY" }, /observation 2: rrtype "ANY" is not a canonical mnemonic/],
  ["an unknown rrtype word", { rrtype: "BOGUS" }, /observation 2: rrtype "BOGUS"/],
  ["empty rdata", { rdata: "" }, /observation 2: rdata must be a non-empty string/],
  [
    "timeFirst after timeLast",
    { timeFirst: T + 2, timeLast: T + 1 },
    /observation 2: timeFirst \d+ is after timeLast/,
  ],
  [
    "fractional seconds",
    { timeFirst: T + 0.5, timeLast: T + 1 },
    /observation 2: timeFirst must be whole epoch seconds/,
  ],
  ["a negative count", { count: -1 }, /observation 2: count must be a whole number >= 0, got -1/],
  ["a NaN count", { count: Number.NaN }, /observation 2: count .* got NaN/],
  [
    "an unknown source",
    { source: "sniffed" },
    /observation 2: source must be one of passive, active, zone/,
  ],
  [
    "an empty sensor id",
    { sensorId: "" },
    /observation 2: sensorId "" must be a non-empty printable string/,
  ],
  [
    "an uppercase bailiwick",
    { bailiwick: "Example.com" },
    /observation 2: bailiwick "Example\.com" is not normalised/,
  ],
];

const BAD_QUERIES: Array<[ObservationQuery, RegExp]> = [
  [{ rrname: "Example.com" }, /query: rrname "Example\.com" is not normalised/],
  [{ rrname: "example.com." }, /query: rrname .* not normalised/],
  [{ rrname: "example.com", rrtype: "aaaa" }, /query: rrtype "aaaa"/],
  [{ rrname: "example.com", limit: 0 }, /query: limit must be a positive integer, got 0/],
  [{ rrname: "example.com", limit: 1.5 }, /query: limit must be a positive integer/],
  [{ rrname: "example.com", offset: -1 }, /query: offset must be a whole number >= 0, got -1/],
];

export function lifecycleTests(f: StoreFactory): void {
  for (const [what, over, pattern] of BAD_DELTAS) {
    it(`rejects a batch holding ${what}, naming the delta, and writes none of it`, () =>
      withStore(f, async (s) => {
        const batch = [
          obs({ rdata: "192.0.2.1" }),
          obs({ rdata: "192.0.2.2" }),
          { ...obs(), ...over } as Observation,
        ];
        await rejectsWith(s.writeObservations(batch), "INPUT", pattern);
        assert.deepEqual(await s.queryObservations({ rrname: "www.example.com" }), []);
      }));
  }

  it("rejects bad queries clearly instead of answering nothing", () =>
    withStore(f, async (s) => {
      for (const [q, pattern] of BAD_QUERIES)
        await rejectsWith(s.queryObservations(q), "INPUT", pattern);
    }));

  it("accepts an empty batch", () =>
    withStore(f, async (s) => {
      await s.writeObservations([]);
      assert.deepEqual(await s.queryObservations({ rrname: "www.example.com" }), []);
    }));

  it("merges batches written concurrently without losing a count", () =>
    withStore(f, async (s) => {
      const writes = Array.from({ length: 25 }, (_, w) =>
        s.writeObservations(
          Array.from({ length: 200 }, (_, j) =>
            obs({ rdata: `192.0.2.${j % 10}`, timeFirst: T + w, timeLast: T + w + j }),
          ),
        ),
      );
      await Promise.all(writes);
      const rows = await s.queryObservations({ rrname: "www.example.com" });
      assert.equal(rows.length, 10);
      assert.equal(
        rows.reduce((n, r) => n + r.count, 0),
        25 * 200,
      );
      assert.ok(rows.every((r) => r.timeFirst === T && r.count === 500));
      assert.equal(Math.max(...rows.map((r) => r.timeLast)), T + 24 + 199);
    }));

  it("closes idempotently and then refuses work with a STORE error", async () => {
    const s = await f.open();
    await s.close();
    await s.close();
    await rejectsWith(s.writeObservations([obs()]), "STORE", /closed/);
    await rejectsWith(s.queryObservations({ rrname: "www.example.com" }), "STORE", /closed/);
  });

  it("keeps merged data across close and reopen, and goes on merging", async (t) => {
    if (!f.reopen) return t.skip("this backend cannot reopen");
    const first = await f.open();
    await first.writeObservations([
      obs({ count: 2, bailiwick: "example.com" }),
      obs({ rrname: "b.example.com" }),
    ]);
    await first.close();
    const second = await f.reopen(first);
    try {
      await second.writeObservations([
        obs({ count: 3, bailiwick: "example.com", timeLast: T + 9 }),
      ]);
      assert.deepEqual(await second.queryObservations({ rrname: "www.example.com" }), [
        obs({ count: 5, bailiwick: "example.com", timeLast: T + 9 }),
      ]);
      assert.equal((await second.queryObservations({ rrname: "b.example.com" })).length, 1);
    } finally {
      await second.close();
    }
  });
}
