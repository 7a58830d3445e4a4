import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import {
  OLDEST_SUPPORTED,
  atLeast,
  compareVersions,
  parseVersion,
} from "../../../src/store/clickhouse/version.js";

describe("ClickHouse versions", () => {
  it("reads the forms servers report", () => {
    assert.deepEqual(parseVersion("18.16.1"), { major: 18, minor: 16, patch: 1, text: "18.16.1" });
    assert.deepEqual(parseVersion("23.8.2.7\n"), {
      major: 23,
      minor: 8,
      patch: 2,
      text: "23.8.2.7",
    });
    assert.equal(parseVersion("24.3.1.2672").patch, 1);
    assert.equal(parseVersion("22.8.5.29-lts").minor, 8);
    assert.equal(parseVersion("1.1").patch, 0);
  });

  it("refuses what is not a version", () => {
    for (const bad of ["", "v18.16", "18", "18.16.1 ; DROP", "x".repeat(10_000)])
      assert.throws(
        () => parseVersion(bad),
        (e: unknown) => e instanceof DnsightError && e.code === "STORE",
      );
  });

  it("orders by number, not by text", () => {
    assert.ok(compareVersions(parseVersion("18.16.1"), parseVersion("18.9.9")) > 0);
    assert.ok(compareVersions(parseVersion("9.1.1"), OLDEST_SUPPORTED) < 0);
    assert.equal(compareVersions(parseVersion("18.16.1"), OLDEST_SUPPORTED), 0);
    assert.ok(atLeast(parseVersion("23.8.2.7"), 19, 11));
    assert.ok(!atLeast(OLDEST_SUPPORTED, 19, 1));
    assert.ok(atLeast(OLDEST_SUPPORTED, 18, 16, 1));
  });
});
