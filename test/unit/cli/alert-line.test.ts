import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertLine, alertNotice } from "../../../src/cli/format/alert-line.js";
import { alertFromFinding } from "../../../src/detect/alert.js";

// One line format for an alert printed for people (alerts, monitor), and the ingest's
// stderr notice; what `dnsight alerts` and `dnsight ingest` printed before, byte for byte.

const a = alertFromFinding(
  {
    rule: "dns.ns-changed",
    technique: "T1584.002",
    dataComponents: ["DC0103"],
    entity: "example.com",
    key: "ns1.evil.test",
    severity: "high",
    confidence: 80,
    summary: "NS set moved",
    evidence: [],
  },
  new Date("2026-11-02T00:00:00.123Z"),
);

describe("alert line", () => {
  it("prints time, severity, technique, status, entity, summary and id in columns", () => {
    assert.equal(
      alertLine(a),
      `2026-11-02T00:00:00Z  high     T1584.002  open         example.com  NS set moved  [${a.id}]`,
    );
    assert.match(alertLine({ ...a, count: 3 }), /NS set moved \(seen 3×\) {2}\[al-/);
  });
  it("says what an ingest raised as the id, the summary and the techniques", () => {
    assert.equal(alertNotice(a), `alert ${a.id}: NS set moved (T1584.002)`);
  });
});
