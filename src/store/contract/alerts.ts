import type { Alert, AlertStatus } from "../../model/alert.js";

// Alerts: a small mutable table (the "state" side of a composed store), and the
// analysts' notes on each: who moved it through its life, when, and why.

/** What an analyst (or dnsight, when a closed alert is found again) did to an alert. */
export type AlertAction = "acknowledged" | "closed" | "reopened";
export const ALERT_ACTIONS: readonly AlertAction[] = ["acknowledged", "closed", "reopened"];

/**
 * The life of an alert: open → acknowledged → closed, open → closed, and back to
 * open by reopening an acknowledged or closed one. Any other move (acknowledging
 * twice, closing a closed alert, reopening an open one) is refused: two analysts
 * acting on the same alert see the second move fail instead of overwriting the first.
 */
export const ALERT_MOVES: Readonly<
  Record<AlertAction, { from: readonly AlertStatus[]; to: AlertStatus }>
> = {
  acknowledged: { from: ["open"], to: "acknowledged" },
  closed: { from: ["open", "acknowledged"], to: "closed" },
  reopened: { from: ["acknowledged", "closed"], to: "open" },
};

const VERB: Record<AlertAction, string> = {
  acknowledged: "acknowledge",
  closed: "close",
  reopened: "reopen",
};

/** Why the life cycle refuses `action` on an alert that is `status`, in one line. */
export function refusedMove(id: string, action: AlertAction, status: AlertStatus): string {
  const from = ALERT_MOVES[action].from.join(" or ");
  return `cannot ${VERB[action]} alert ${id}: it is ${status}, and only an alert that is ${from} can be`;
}

/** The comment of a note: at most this many characters. */
export const ALERT_COMMENT_MAX = 2000;
/** The user of a note that dnsight itself wrote (a closed alert found again). */
export const ALERT_SYSTEM_USER = "dnsight";

export interface AlertNote {
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  /** Who: the session's user, the API key's user (or name), the CLI's login. */
  user: string;
  action: AlertAction;
  comment?: string;
}

/** What moveAlert did: the alert and its notes (oldest first), or why not. */
export type AlertMove =
  | { ok: true; alert: Alert; notes: AlertNote[] }
  | { ok: false; why: "missing" }
  | { ok: false; why: "refused"; status: AlertStatus };

/** Alerts (src/model/alert.ts, made by detect/alert.ts): one row per finding, found again = seen again. */
export interface AlertStore {
  /**
   * Records that the finding behind `alert` was made at `alert.lastSeen`. A new
   * finding is stored as given (created: true); a known one keeps its id, firstSeen,
   * status and notes, takes the later lastSeen, the newer evidence, severity,
   * confidence and summary, and counts one more. A closed alert found again opens
   * again (reopened), with a "reopened" note by ALERT_SYSTEM_USER at its lastSeen.
   */
  upsertAlert(alert: Alert): Promise<{ alert: Alert; created: boolean; reopened: boolean }>;
  getAlert(id: string): Promise<Alert | undefined>;
  /** Newest lastSeen first (ties by id). */
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  /**
   * Sets the status whatever it was, leaving no note (for tools and tests; people
   * go through moveAlert). False when no alert has that id.
   */
  setAlertStatus(id: string, status: AlertStatus): Promise<boolean>;
  /**
   * Moves the alert as `note.action` says (ALERT_MOVES) and keeps the note, both in
   * one step: the status is checked and changed with nothing in between. A move the
   * life cycle does not allow changes nothing. DnsightError "INPUT" for a malformed
   * note (unknown action, empty user, comment over ALERT_COMMENT_MAX).
   */
  moveAlert(id: string, note: AlertNote): Promise<AlertMove>;
  /** The notes of an alert, oldest first; none for an unknown id. */
  listAlertNotes(id: string): Promise<AlertNote[]>;
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
