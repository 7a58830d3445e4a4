import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { stixBundle } from "../../../src/export/stix.js";
import type { Alert } from "../../../src/model/alert.js";

// The STIX indicator says what its rule means, read from the rule catalog; an alert an
// older dnsight stored, of a rule the catalog no longer holds, keeps its bare id.

const alert = alertFromFinding(
  {
    rule: "dns.dangling-cname",
    technique: "T1584.001",
    dataComponents: ["DC0103"],
    entity: "app.example.com",
    key: "myapp.elasticbeanstalk.com",
    severity: "critical",
    confidence: 90,
    summary: "app.example.com is an alias of myapp.elasticbeanstalk.com, which does not exist",
    evidence: [],
  },
  new Date("2026-11-20T10:00:00Z"),
);
const indicator = (a: Alert) =>
  stixBundle([a]).objects.find((o) => o.type === "indicator")!.description as string;

describe("STIX export and the rule catalog", () => {
  it("describes the indicator by its rule's catalog entry", () => {
    assert.equal(
      indicator(alert),
      `dns.dangling-cname: an alias points at a name that does not exist (critical under a service anyone can claim) (AN1995; data components DC0103); severity critical; dnsight alert ${alert.id}`,
    );
  });
  it("keeps an alert of a rule outside the catalog (stored long ago) exportable", () => {
    assert.match(indicator({ ...alert, rule: "dns.retired-rule" }), /^dns\.retired-rule \(AN1995;/);
  });
});
