// bench/_latency.ts: the nearest-rank percentiles the benchmarks print against their
// targets; a figure off by one rank would pass or fail a budget it should not.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { latency, percentile } from "../../bench/_latency.js";

describe("bench latency figures", () => {
  it("takes the nearest rank: a time measured, never one interpolated", () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    assert.deepEqual(latency(ms), { n: 100, p50: 50, p99: 99, max: 100 });
    assert.deepEqual(latency([0.5, 2.5]), { n: 2, p50: 0.5, p99: 2.5, max: 2.5 });
    assert.deepEqual(latency([7]), { n: 1, p50: 7, p99: 7, max: 7 });
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    assert.equal(percentile(ten, 0.99), 10, "ceil(9.9) = 10th of 10");
    assert.equal(percentile(ten, 0.9), 9);
    assert.equal(percentile(ten, 1), 10);
  });

  it("leaves the caller's times as they were", () => {
    const ms = [3, 1, 2];
    latency(ms);
    assert.deepEqual(ms, [3, 1, 2]);
  });
});
