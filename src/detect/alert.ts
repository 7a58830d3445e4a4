import { createHash } from "node:crypto";
import { TECHNIQUES, type DataComponentId, type TechniqueId } from "./attack.js";
import type { Evidence, Finding, Severity } from "./finding.js";

// The alert of DESIGN.md: a finding with its ATT&CK ids and its life (first and last
// seen, how often, status). Its id comes from the finding's rule, entity and key, so
// the same finding found again is the same alert.

export type AlertStatus = "open" | "acknowledged" | "closed";
export const ALERT_STATUSES: readonly AlertStatus[] = ["open", "acknowledged", "closed"];
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

export interface Alert {
  id: string;
  rule: string;
  techniques: TechniqueId[];
  dataComponents: DataComponentId[];
  analytics: string[];
  severity: Severity;
  confidence: number;
  entity: string;
  /** What tells this finding from others of its rule on the entity. */
  key: string;
  summary: string;
  /** As last found. */
  evidence: Evidence[];
  /** ISO 8601 UTC. */
  firstSeen: string;
  lastSeen: string;
  /** Times found. */
  count: number;
  status: AlertStatus;
}

/** "al-" and 20 hex digits of SHA-256 over rule, entity and key. */
export function alertId(rule: string, entity: string, key: string): string {
  return `al-${createHash("sha256").update(`${rule}\0${entity}\0${key}`).digest("hex").slice(0, 20)}`;
}

/** A new alert for a finding first made at `now`. */
export function alertFromFinding(f: Finding, now: Date): Alert {
  const at = now.toISOString();
  return {
    id: alertId(f.rule, f.entity, f.key),
    rule: f.rule,
    techniques: [f.technique],
    dataComponents: [...new Set(f.dataComponents)].sort(),
    analytics: [TECHNIQUES[f.technique].analytic],
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
