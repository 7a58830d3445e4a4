import assert from "node:assert/strict";
import net from "node:net";
import { describe, it, mock } from "node:test";
import { inspect } from "node:util";
import { alertFromFinding } from "../../../src/detect/alert.js";
import type { Analytic } from "../../../src/detect/analytic.js";
import { attackId, RULE_IDS, RULES, type RuleId } from "../../../src/detect/rules.js";
import type { Finding } from "../../../src/model/finding.js";

// The one contract suite every analytic runs (STYLE.md habit 6), as the Store has
// test/unit/store/contract.ts. An analytic is its rule of the catalog as a pure
// function of facts: each case's findings are all of that rule, within what the
// catalog says of it (technique, data components, severities), the same on every run
// and at any time of day, with no socket opened and the facts left as they were; a
// firing case finds something, a quiet one nothing.

export interface AnalyticCase<F> {
  analytic: Analytic<F>;
  /** Facts on which the rule must fire. */
  firing: readonly F[];
  /** Facts close to those on which it must not. */
  quiet: readonly F[];
}

// Facts carry functions (an IP lookup), maps and sets: compared by their full inspection.
const snapshot = (x: unknown): string =>
  inspect(x, {
    depth: Infinity,
    showHidden: false,
    maxArrayLength: Infinity,
    maxStringLength: Infinity,
  });

/** Runs the analytic with the clock at `now` and every socket refused. */
function runSealed<F>(a: Analytic<F>, facts: F, now: number): Finding[] {
  mock.timers.enable({ apis: ["Date"], now });
  const connect = mock.method(net.Socket.prototype, "connect", () => {
    throw new Error(`analytic ${a.rule} opened a socket`);
  });
  try {
    const out = a.run(facts);
    assert.ok(Array.isArray(out), `${a.rule}: run returns findings, not a promise`);
    return out;
  } finally {
    connect.mock.restore();
    mock.timers.reset();
  }
}

function checkFinding(rule: RuleId, f: Finding): void {
  const spec = RULES[rule];
  assert.equal(f.rule, rule, "a finding of the analytic's own rule");
  assert.equal(f.technique, attackId(spec), `${rule}: the catalog's technique`);
  assert.ok(f.dataComponents.length > 0, `${rule}: names its data components`);
  for (const dc of f.dataComponents)
    assert.ok(spec.dataComponents.includes(dc), `${rule}: data component ${dc} is in the catalog`);
  assert.ok(
    spec.severity.includes(f.severity),
    `${rule}: severity ${f.severity} is in the catalog`,
  );
  assert.ok(
    Number.isInteger(f.confidence) && f.confidence >= 0 && f.confidence <= 100,
    `${rule}: confidence 0..100`,
  );
  assert.ok(f.entity.length > 0 && f.summary.length > 0, `${rule}: an entity and a summary`);
  assert.ok(f.evidence.length > 0, `${rule}: evidence an analyst can check`);
  // A finding must make an alert (the builder refuses a rule outside the catalog).
  assert.equal(alertFromFinding(f, new Date(0)).rule, rule);
}

export function runAnalyticContract(cases: { readonly [R in RuleId]: AnalyticCase<never> }): void {
  describe("Analytics contract", () => {
    it("has a case for every rule in the catalog, and no other", () => {
      assert.deepEqual(Object.keys(cases).sort(), [...RULE_IDS].sort());
    });
    for (const rule of RULE_IDS) {
      const c = cases[rule] as unknown as AnalyticCase<unknown>;
      describe(rule, () => {
        it("is the analytic of its rule, with a firing and a quiet case", () => {
          assert.equal(c.analytic.rule, rule);
          assert.ok(c.firing.length > 0 && c.quiet.length > 0);
        });
        it("fires on the firing facts, within what the catalog says of the rule", () => {
          for (const facts of c.firing) {
            const found = runSealed(c.analytic, facts, 0);
            assert.ok(
              found.length > 0,
              `${rule} found nothing in ${snapshot(facts).slice(0, 300)}`,
            );
            for (const f of found) checkFinding(rule, f);
          }
        });
        it("finds nothing in the quiet facts", () => {
          for (const facts of c.quiet) assert.deepEqual(runSealed(c.analytic, facts, 0), []);
        });
        it("is pure: the same findings at another time, the facts untouched", () => {
          for (const facts of [...c.firing, ...c.quiet]) {
            const before = snapshot(facts);
            const first = runSealed(c.analytic, facts, 0);
            const later = runSealed(c.analytic, facts, Date.UTC(2031, 5, 1, 13, 7));
            assert.deepEqual(later, first);
            assert.equal(snapshot(facts), before, `${rule} changed its facts`);
          }
        });
      });
    }
  });
}
