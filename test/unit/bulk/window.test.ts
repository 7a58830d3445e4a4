import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WindowControl } from "../../../src/bulk/window.js";

/**
 * Drives a WindowControl against a server whose answer rate is `rateOf(window)`:
 * each simulated millisecond brings rate/1000 answers with the window full.
 */
function climb(w: WindowControl, rateOf: (size: number) => number, ms: number, t0 = 0): number {
  let t = t0;
  let carry = 0;
  for (; t < t0 + ms; t++) {
    carry += rateOf(w.size) / 1000;
    for (; carry >= 1; carry--) w.onAnswer(t, 1, Math.floor(w.size));
  }
  return t;
}

describe("WindowControl", () => {
  it("grows while more in flight brings more answers (a distant resolver)", () => {
    const w = new WindowControl(5000);
    climb(w, (size) => size * 20, 3000); // 50 ms round trips: rate grows with the window
    assert.ok(w.size > 2000, `size ${w.size}`);
  });

  it("stays near the knee when a bigger window only queues (a fast local server)", () => {
    const w = new WindowControl(5000);
    // Throughput tops out at 70k/s by 100 in flight, then falls as answers queue.
    climb(
      w,
      (size) => (size <= 100 ? 700 * size : Math.max(20_000, 70_000 - 60 * (size - 100))),
      10_000,
    );
    assert.ok(w.size >= 16 && w.size <= 400, `size ${w.size}`);
  });

  it("halves on loss once per round trip and never goes below its minimum", () => {
    const w = new WindowControl(1000, 200);
    w.onLoss(1000, 10);
    w.onLoss(1005, 10); // same burst of loss
    assert.equal(w.size, 100);
    for (let t = 2000; t < 3000; t += 100) w.onLoss(t, 10);
    assert.equal(w.size, 4);
  });

  it("does not judge the size by an epoch that did not fill the window", () => {
    const w = new WindowControl(1000, 100);
    for (let t = 0; t < 1000; t++) w.onAnswer(t, 1, 10);
    assert.equal(w.size, 100);
  });
});
