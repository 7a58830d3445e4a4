import type { DataComponentId, TechniqueId } from "./attack.js";

// What an analytic reports: one suspicious fact about one entity, with the evidence
// an analyst needs to check it. The alert store turns findings into alerts; the same
// finding (rule, entity, key) seen again only moves the alert's lastSeen.

export type Severity = "low" | "medium" | "high" | "critical";

export type EvidenceSource = "passive" | "active" | "registration" | "feed" | "lookalike";

export interface Evidence {
  source: EvidenceSource;
  /** What was looked at ("NS set of example.com at ns1.example.net"). */
  what: string;
  before?: unknown;
  after?: unknown;
  /** When the evidence was taken (ISO 8601 UTC). */
  at?: string;
  /** Where exactly: a server, a snapshot time, a feed line. */
  ref?: string;
}

export interface Finding {
  /** Stable rule id, "registration.locks-removed". */
  rule: string;
  technique: TechniqueId;
  dataComponents: DataComponentId[];
  /** The domain (or IP) the finding is about. */
  entity: string;
  /** Tells this finding from others of the same rule on the same entity (the new NS set, the new IP). */
  key: string;
  severity: Severity;
  /** 0-100. */
  confidence: number;
  summary: string;
  evidence: Evidence[];
}
