import type { Evidence, Finding } from "../model/finding.js";
import { DATA_COMPONENTS } from "./attack.js";
import { attackId, RULES, type RuleId } from "./rules.js";

// The Analytic contract: one rule of the catalog (rules.ts) as a pure function of
// facts a collector gathered (a DnsState, registration snapshots, pages fetched). No
// network, no store, no clock inside: the time is a fact too, so the same facts give
// the same findings, and test/unit/detect/contract.ts holds every analytic to that.

export interface Analytic<F> {
  readonly rule: RuleId;
  readonly run: (facts: F) => Finding[];
}

/** Makes a finding of the analytic's own rule. */
export type Found = (f: Omit<Finding, "rule" | "technique">) => Finding;

/** The analytic of `rule`: `run` gets the facts, and `found` to make findings of that rule. */
export function analytic<F>(rule: RuleId, run: (facts: F, found: Found) => Finding[]): Analytic<F> {
  const found: Found = (f) => finding(rule, f);
  return { rule, run: (facts) => run(facts, found) };
}

/** A finding of `rule`, its technique taken from the catalog. */
export function finding(rule: RuleId, f: Omit<Finding, "rule" | "technique">): Finding {
  return { rule, technique: attackId(RULES[rule]), ...f };
}

/** The data components evidence came from: passive DNS or the active look. */
export const componentsOf = (evidence: readonly Evidence[]): Finding["dataComponents"] => [
  ...new Set(
    evidence.map((e) =>
      e.source === "passive" ? DATA_COMPONENTS.passive : DATA_COMPONENTS.active,
    ),
  ),
];
