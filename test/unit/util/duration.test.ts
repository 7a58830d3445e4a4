import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { durationOption } from "../../../src/cli/options.js";
import { formatAge, parseDuration } from "../../../src/util/duration.js";

describe("durations", () => {
  it("reads number-unit pairs as seconds", () => {
    assert.equal(parseDuration("45s"), 45);
    assert.equal(parseDuration("30m"), 1800);
    assert.equal(parseDuration("6h"), 21_600);
    assert.equal(parseDuration("2d"), 172_800);
    assert.equal(parseDuration("1w"), 604_800);
    assert.equal(parseDuration("1h30m"), 5400);
    assert.equal(parseDuration(" 2D "), 172_800);
    assert.equal(parseDuration("0"), 0);
    assert.equal(parseDuration("0m"), 0);
  });

  it("refuses what is not a duration, a bare number above all", () => {
    for (const bad of [
      "",
      "30",
      "h",
      "1.5h",
      "-1h",
      "1y",
      "1h 30m",
      "6 h",
      "99999999999999999999d",
    ])
      assert.equal(parseDuration(bad), undefined, bad);
  });

  it("names the option in a usage error", () => {
    assert.equal(durationOption(undefined, "max-age"), undefined);
    assert.equal(durationOption("6h", "max-age"), 21_600);
    assert.throws(
      () => durationOption("6", "max-age"),
      (e: unknown) =>
        e instanceof Error &&
        (e as { code?: string }).code === "USAGE" &&
        /--max-age wants a duration like 30m, 6h or 2d, got "6"/.test(e.message),
    );
  });

  it("rounds ages down to one unit", () => {
    assert.equal(formatAge(0), "0s");
    assert.equal(formatAge(-5), "0s");
    assert.equal(formatAge(59.9), "59s");
    assert.equal(formatAge(60), "1m");
    assert.equal(formatAge(3599), "59m");
    assert.equal(formatAge(3 * 3600 + 59 * 60), "3h");
    assert.equal(formatAge(25 * 3600), "25h");
    assert.equal(formatAge(86_400 * 2 - 1), "47h");
    assert.equal(formatAge(86_400 * 2 + 5), "2d");
  });
});
