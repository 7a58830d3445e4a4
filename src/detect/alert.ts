import { createHash } from "node:crypto";
import type { Alert } from "../model/alert.js";
import type { Finding } from "../model/finding.js";
import { ruleSpec } from "./rules.js";

// Makes the Alert (model/alert.ts) of a finding: its id from the rule, entity and key,
// its analytic from the rule catalog (rules.ts). A finding of a rule outside the
// catalog is refused: every alert a user sees is one the catalog explains.

/** "al-" and 20 hex digits of SHA-256 over rule, entity and key. */
export function alertId(rule: string, entity: string, key: string): string {
  return `al-${createHash("sha256").update(`${rule}\0${entity}\0${key}`).digest("hex").slice(0, 20)}`;
}

/** A new alert for a finding first made at `now`. */
export function alertFromFinding(f: Finding, now: Date): Alert {
  const rule = ruleSpec(f.rule);
  const at = now.toISOString();
  return {
    id: alertId(f.rule, f.entity, f.key),
    rule: f.rule,
    techniques: [f.technique],
    dataComponents: [...new Set(f.dataComponents)].sort(),
    analytics: [rule.analytic],
    severity: f.severity,
    confidence: f.confidence,
    entity: f.entity,
    key: f.key,
    summary: f.summary,
    evidence: f.evidence,
    firstSeen: at,
    lastSeen: at,
    count: 1,
    status: "open",
  };
}
