import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Sink } from "../../helpers/cli.js";
import { formatBytes, ProgressBar, progressLine } from "../../../src/cli/progress.js";

describe("progress bar", () => {
  it("reads as resolve's bar always did without a unit", () => {
    const line = progressLine(
      { errors: () => 2 },
      { done: 1500, rate: 300.4, frac: 0.5, elapsedS: 10 },
    );
    assert.equal(line, "[##########..........] 50.0% 1,500 done  300/s  2 errors ETA 10s");
  });

  it("shows bytes of the total, rows and rows/s, and an ETA", () => {
    const line = progressLine(
      { bytes: () => 3 << 20, totalBytes: 12 << 20, unit: "rows" },
      { done: 40_000, rate: 20_000, frac: 0.25, elapsedS: 2 },
    );
    assert.equal(
      line,
      "[#####...............] 25.0% 3.0 MiB of 12.0 MiB  40,000 rows  20,000 rows/s ETA 6s",
    );
  });

  it("from a stream of unknown size: bytes and rate, no percentage or ETA", () => {
    const line = progressLine(
      { bytes: () => 1536, unit: "rows" },
      { done: 10, rate: 5, frac: undefined, elapsedS: 2 },
    );
    assert.equal(line, "1.5 KiB  10 rows  5 rows/s");
    assert.equal(formatBytes(1000), "1000 B");
    assert.equal(formatBytes(5 * 2 ** 30), "5.0 GiB");
  });

  it("on a terminal: draws, never goes back, and stop() wipes it", async () => {
    const out = Object.assign(new Sink(), { isTTY: true, columns: 120 });
    let bytes = 0;
    const readings = [600, 200, 900]; // a dip, as a read-ahead estimate may give
    const bar = new ProgressBar(out, {
      done: () => bytes,
      bytes: () => bytes,
      totalBytes: 1000,
      fraction: () => (bytes = readings.shift() ?? 1000) / 1000,
      unit: "rows",
    });
    bar.start();
    await sleep(1200);
    bar.stop();
    const percents = [...out.text.matchAll(/\] (\d+\.\d)% /g)].map((m) => Number(m[1]));
    assert.ok(percents.length >= 3, out.text);
    assert.deepEqual(percents.slice(0, 3), [60, 60, 90]);
    assert.ok(out.text.endsWith("\r\x1b[K"), "cleared last");
  });

  it("off a terminal: nothing at all", async () => {
    const out = new Sink();
    const bar = new ProgressBar(out, { done: () => 1 });
    bar.start();
    await sleep(300);
    bar.stop();
    assert.equal(out.text, "");
  });
});
