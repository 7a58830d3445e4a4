import type Database from "better-sqlite3";
import type { AlertNote } from "../types.js";

// The notes of alerts in SQLite (migration 12): statements the alert store runs
// inside its own transactions, so a note and the status it explains go in together.

interface NoteRow {
  at: string;
  user: string;
  action: AlertNote["action"];
  comment: string | null;
}

export interface NoteStatements {
  add(alertId: string, note: AlertNote): void;
  /** Oldest first. */
  list(alertId: string): AlertNote[];
}

export function noteStatements(db: Database.Database): NoteStatements {
  const insert = db.prepare(
    "INSERT INTO alert_notes (alert_id, at, user, action, comment) VALUES (?, ?, ?, ?, ?)",
  );
  const select = db.prepare(
    "SELECT at, user, action, comment FROM alert_notes WHERE alert_id = ? ORDER BY id",
  );
  return {
    add(alertId, n) {
      insert.run(alertId, n.at, n.user, n.action, n.comment ?? null);
    },
    list(alertId) {
      return (select.all(alertId) as NoteRow[]).map((r) => ({
        at: r.at,
        user: r.user,
        action: r.action,
        ...(r.comment !== null ? { comment: r.comment } : {}),
      }));
    },
  };
}
