import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isoFromSeconds, isoTime, isoToSecond } from "../../../src/util/time.js";

describe("ISO times", () => {
  it("drops zero milliseconds and keeps real ones", () => {
    assert.equal(isoTime(Date.UTC(2026, 11, 4, 3, 33, 40)), "2026-12-04T03:33:40Z");
    assert.equal(isoTime(Date.UTC(2026, 11, 4, 3, 33, 40, 250)), "2026-12-04T03:33:40.250Z");
  });
  it("reads Unix seconds", () => {
    assert.equal(isoFromSeconds(1_700_000_000), "2023-11-14T22:13:20Z");
  });
  it("cuts to the second", () => {
    assert.equal(isoToSecond(Date.UTC(2026, 11, 4, 3, 33, 40, 999)), "2026-12-04T03:33:40Z");
    assert.match(isoToSecond(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
