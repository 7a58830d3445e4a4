import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fenceBounds, parseTimePoint, withinBounds } from "../../../src/passive/time-fence.js";

describe("time fences (DNSDB semantics)", () => {
  // A row first seen at 100 and last seen at 200.
  const row = (b: ReturnType<typeof fenceBounds>) => withinBounds(b, 100, 200);

  it("overlap by default: after looks at time_last, before at time_first", () => {
    assert.deepEqual(fenceBounds({ after: 150, before: 120 }), {
      timeLastAfter: 150,
      timeFirstBefore: 120,
    });
    assert.ok(row(fenceBounds({ after: 150 })));
    assert.ok(!row(fenceBounds({ after: 201 })));
    assert.ok(row(fenceBounds({ before: 100 })));
    assert.ok(!row(fenceBounds({ before: 99 })));
  });

  it("strict: completely inside", () => {
    assert.deepEqual(fenceBounds({ after: 1, before: 2, strict: true }), {
      timeFirstAfter: 1,
      timeLastBefore: 2,
    });
    assert.ok(row(fenceBounds({ after: 100, before: 200, strict: true })));
    assert.ok(!row(fenceBounds({ after: 150, strict: true })));
    assert.ok(!row(fenceBounds({ before: 150, strict: true })));
  });
});

describe("parseTimePoint", () => {
  const now = 1_800_000_000;
  it("reads ages, epoch seconds, negative offsets and ISO dates", () => {
    assert.equal(parseTimePoint("7d", now), now - 7 * 86400);
    assert.equal(parseTimePoint("1h30m", now), now - 5400);
    assert.equal(parseTimePoint("1700000000", now), 1700000000);
    assert.equal(parseTimePoint("-3600", now), now - 3600);
    assert.equal(parseTimePoint("2026-03-01", now), Date.UTC(2026, 2, 1) / 1000);
    assert.equal(parseTimePoint("2026-03-01T12:30:00Z", now), Date.UTC(2026, 2, 1, 12, 30) / 1000);
    assert.equal(parseTimePoint("2026-03-01 12:30", now), Date.UTC(2026, 2, 1, 12, 30) / 1000);
    assert.equal(
      parseTimePoint("2026-03-01T12:30:00+02:00", now),
      Date.UTC(2026, 2, 1, 10, 30) / 1000,
    );
  });
  it("names a bad value", () => {
    assert.throws(
      () => parseTimePoint("last tuesday", now, "--after"),
      /--after "last tuesday" is not a date/,
    );
    assert.throws(() => parseTimePoint("2026-13-45", now), /is not a date/);
  });
});
