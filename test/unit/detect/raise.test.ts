import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { raiseFindings } from "../../../src/detect/raise.js";
import type { Finding } from "../../../src/model/finding.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";

// Findings become alerts in one place (detect/raise.ts), for the monitor, an ingest and
// a feed alike: new and re-opened alerts are raised, the rest were seen again.

const SRC = new URL("../../../src/", import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );

const finding = (key: string): Finding => ({
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key,
  severity: "high",
  confidence: 80,
  summary: `NS moved to ${key}`,
  evidence: [],
});

describe("raiseFindings", () => {
  it("raises new and re-opened alerts, in the findings' order; one found again is not raised", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const first = await raiseFindings(store, [finding("a"), finding("b")], new Date(1e12));
      assert.deepEqual(
        first.map((a) => a.key),
        ["a", "b"],
      );
      await store.alerts!.setAlertStatus(first[1]!.id, "closed");
      const again = await raiseFindings(store, [finding("a"), finding("b")], new Date(2e12));
      assert.deepEqual(
        again.map((a) => `${a.key} ${a.status} ${a.count}`),
        ["b open 2"],
      );
    } finally {
      await store.close();
    }
  });

  it("is the only place outside the store that upserts an alert", () => {
    const callers = sources(SRC)
      .filter((f) => !f.startsWith(join(SRC, "store")))
      .filter((f) => /\.upsertAlert\(/.test(readFileSync(f, "utf8")))
      .map((f) => f.slice(SRC.length));
    assert.deepEqual(callers, ["detect/raise.ts"]);
  });
});
