import type { DataComponentId, TechniqueId } from "./attack.js";
import type { Evidence, Severity } from "./finding.js";

// The alert of DESIGN.md: a finding with its ATT&CK ids and its life (first and last
// seen, how often, status). Its id comes from the finding's rule, entity and key, so
// the same finding found again is the same alert (detect/alert.ts makes them).

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
