import type { Alert, AlertStatus } from "../../model/alert.js";

// Alerts: a small mutable table (the "state" side of a composed store).

/** Alerts (src/model/alert.ts, made by detect/alert.ts): one row per finding, found again = seen again. */
export interface AlertStore {
  /**
   * Records that the finding behind `alert` was made at `alert.lastSeen`. A new
   * finding is stored as given (created: true); a known one keeps its id, firstSeen
   * and status, takes the later lastSeen, the newer evidence, severity, confidence and
   * summary, and counts one more. A closed alert found again opens again (reopened).
   */
  upsertAlert(alert: Alert): Promise<{ alert: Alert; created: boolean; reopened: boolean }>;
  getAlert(id: string): Promise<Alert | undefined>;
  /** Newest lastSeen first (ties by id). */
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  /** False when no alert has that id. */
  setAlertStatus(id: string, status: AlertStatus): Promise<boolean>;
}

export interface AlertFilter {
  /** Only alerts seen at or after this time (ISO 8601). */
  since?: string;
  /** Only alerts of these techniques (a parent id matches its sub-techniques). */
  techniques?: readonly string[];
  statuses?: readonly AlertStatus[];
  entity?: string;
  limit?: number;
}
