import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { scoId, uuidv5 } from "../../../src/export/stix-ids.js";
import { stixBundle } from "../../../src/export/stix.js";
import { validators } from "./_stix-schemas.js";
import type { Finding } from "../../../src/model/finding.js";

// The bundle checked against the OASIS STIX 2.1 JSON schemas (../shared/fixtures/stix/):
// every object against the schema of its type, the bundle against bundle.json.

const finding = (over: Partial<Finding>): Finding => ({
  rule: "dns.new-address",
  technique: "T1584.001",
  dataComponents: ["DC0096", "DC0103"],
  entity: "www.example.com",
  key: "203.0.113.9",
  severity: "high",
  confidence: 70,
  summary: "www.example.com resolves to 203.0.113.9 (AS64666, RU), a network it never used before",
  evidence: [
    {
      source: "active",
      what: "addresses of www.example.com",
      after: ["203.0.113.9", "2001:db8::9"],
    },
    { source: "passive", what: "seen before", before: ["192.0.2.1 (AS1, DE)"] },
  ],
  ...over,
});

describe("STIX 2.1 export", () => {
  const alerts = [
    alertFromFinding(finding({}), new Date("2026-11-20T10:00:00Z")),
    alertFromFinding(
      finding({
        rule: "dns.ns-changed",
        technique: "T1584.002",
        entity: "o'brien.example",
        key: "ns.evil.test",
        evidence: [],
      }),
      new Date("2026-11-21T10:00:00Z"),
    ),
  ];
  const bundle = stixBundle(alerts);

  it("validates against the OASIS schemas, object by object and as a bundle", () => {
    const { ajv, byType, bundleId } = validators();
    assert.ok(ajv.validate(bundleId, bundle), JSON.stringify(ajv.errors));
    const seen = new Set<string>();
    for (const o of bundle.objects) {
      const schema = byType.get(o.type);
      assert.ok(schema, `a schema for ${o.type}`);
      assert.ok(ajv.validate(schema, o), `${o.id}: ${JSON.stringify(ajv.errors)}`);
      seen.add(o.type);
    }
    // The schemas do bite: an indicator without its pattern is refused.
    const ind = bundle.objects.find((o) => o.type === "indicator")!;
    const { pattern: _p, ...broken } = ind;
    assert.equal(ajv.validate(byType.get("indicator")!, broken), false);
    assert.deepEqual([...seen].sort(), [
      "attack-pattern",
      "domain-name",
      "identity",
      "indicator",
      "ipv4-addr",
      "ipv6-addr",
      "observed-data",
      "relationship",
      "sighting",
    ]);
  });

  it("links what it holds: every reference resolves inside the bundle", () => {
    const ids = new Set(bundle.objects.map((o) => o.id));
    for (const o of bundle.objects)
      for (const [k, v] of Object.entries(o))
        if (k.endsWith("_ref") || k.endsWith("_refs"))
          for (const ref of ([] as unknown[]).concat(v))
            assert.ok(ids.has(ref as string), `${o.id} ${k} ${String(ref)}`);
    const rel = bundle.objects.find(
      (o) =>
        o.type === "relationship" &&
        o.target_ref === "attack-pattern--c2f59d25-87fe-44aa-8f83-e8e59d077bf5",
    );
    assert.ok(rel, "the T1584.002 alert's indicator indicates ATT&CK's DNS Server attack-pattern");
    const ind = bundle.objects.find(
      (o) => o.type === "indicator" && o.pattern === "[domain-name:value = 'o\\'brien.example']",
    );
    assert.ok(ind, "quotes in a pattern literal are escaped");
  });

  it("gives the same ids every time, and SCO ids by the STIX rules", () => {
    assert.deepEqual(stixBundle(alerts), bundle);
    // The RFC 4122 test vector for UUIDv5 (DNS namespace, "www.example.com").
    assert.equal(
      uuidv5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
    const dom = bundle.objects.find(
      (o) => o.type === "domain-name" && o.value === "www.example.com",
    )!;
    assert.equal(dom.id, scoId("domain-name", "www.example.com"));
    assert.equal(
      dom.id,
      `domain-name--${uuidv5('{"value":"www.example.com"}', "00abedb4-aa42-466c-9c01-fed23315a9b7")}`,
    );
  });
});
