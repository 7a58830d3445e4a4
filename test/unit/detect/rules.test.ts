import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readmeRows, README, ruleRows } from "../../../scripts/rules-table.js";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { TECHNIQUES } from "../../../src/detect/attack.js";
import { attackId, isRuleId, RULE_IDS, RULES } from "../../../src/detect/rules.js";
import { DnsightError } from "../../../src/errors.js";
import type { Finding } from "../../../src/model/finding.js";

// The rule catalog is the one list of rules: an alert of a rule outside it is refused,
// no rule id is written anywhere else in src/, and the README's table lists them all.

const SRC = new URL("../../../src/", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const finding = (rule: string): Finding => ({
  rule,
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key: "k",
  severity: "high",
  confidence: 80,
  summary: "s",
  evidence: [{ source: "active", what: "w" }],
});

describe("the rule catalog", () => {
  it("refuses to make an alert of a rule it does not hold", () => {
    assert.equal(alertFromFinding(finding("dns.ns-changed"), new Date(0)).analytics[0], "AN2023");
    assert.throws(
      () => alertFromFinding(finding("dns.made-up"), new Date(0)),
      (e: unknown) =>
        e instanceof DnsightError &&
        e.code === "INTERNAL" &&
        /"dns\.made-up" is not in the catalog/.test(e.message),
    );
  });

  it("gives every rule a technique, its analytic, data components and severities", () => {
    assert.ok(RULE_IDS.length >= 25);
    for (const id of RULE_IDS) {
      const r = RULES[id];
      assert.match(id, /^(?:dns|registration|lookalike)\.[a-z]+(?:-[a-z]+)*$/);
      if (r.subTechnique) assert.ok(r.subTechnique.startsWith(`${r.technique}.`), id);
      assert.equal(r.analytic, TECHNIQUES[attackId(r)].analytic, `${id}: the technique's analytic`);
      assert.ok(
        r.dataComponents.length > 0 && r.severity.length > 0 && r.description.length > 0,
        id,
      );
    }
  });

  it("is the only place in src/ that spells a rule id", () => {
    const stray: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /["'`]((?:dns|registration|lookalike)\.[a-z]+(?:-[a-z]+)*)["'`]/g,
      )) {
        if (!isRuleId(m[1]!)) stray.push(`${file.slice(SRC.length)}: ${m[1]}`);
      }
      // A rule id made from pieces ("dns." + name) cannot be checked: none may be.
      if (/[`"']\s*(?:dns|registration|lookalike)\.\$\{/.test(text))
        stray.push(`${file.slice(SRC.length)}: a template rule id`);
    }
    assert.deepEqual(stray, []);
  });

  it("is listed whole in the README (npx tsx scripts/rules-table.ts --write)", () => {
    assert.deepEqual(readmeRows(readFileSync(README, "utf8")), ruleRows());
  });
});
