import type { Alert } from "../../model/alert.js";
import { assertAlert, assertAlertNote, assertAlertStatus } from "../check.js";
import {
  ALERT_MOVES,
  ALERT_SYSTEM_USER,
  type AlertMove,
  type AlertNote,
  type AlertStore,
} from "../types.js";
import { unstorable, type Db, type Sql } from "./_db.js";
import { alertsSql } from "./_alerts-sql.js";

// Alerts and their notes in PostgreSQL. Where SQLite's single writer makes a read and
// write-back safe, here the row is locked (SELECT … FOR UPDATE) for the upsert and
// the move, so two monitors finding the same thing count it twice, never once, and
// two analysts' moves are checked one after the other.

interface AlertRow {
  id: string;
  rule: string;
  entity: string;
  key: string;
  techniques: Alert["techniques"];
  data_components: Alert["dataComponents"];
  analytics: string[];
  severity: Alert["severity"];
  confidence: number;
  summary: string;
  evidence: string;
  first_seen: string;
  last_seen: string;
  count: number;
  status: Alert["status"];
}

const fromRow = (r: AlertRow): Alert => ({
  id: r.id,
  rule: r.rule,
  techniques: r.techniques,
  dataComponents: r.data_components,
  analytics: r.analytics,
  severity: r.severity,
  confidence: r.confidence,
  entity: r.entity,
  key: r.key,
  summary: r.summary,
  evidence: JSON.parse(r.evidence) as Alert["evidence"],
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  count: r.count,
  status: r.status,
});

const COLUMNS = `id, rule, entity, key, techniques, data_components, analytics, severity,
  confidence, summary, evidence, first_seen, last_seen, count, status`;

const values = (a: Alert): unknown[] => [
  a.id,
  a.rule,
  a.entity,
  a.key,
  a.techniques,
  a.dataComponents,
  a.analytics,
  a.severity,
  a.confidence,
  a.summary,
  JSON.stringify(a.evidence),
  a.firstSeen,
  a.lastSeen,
  a.count,
  a.status,
];

const lockRow = async (sql: Sql, id: string): Promise<AlertRow | undefined> =>
  (await sql.query<AlertRow>("SELECT * FROM alerts WHERE id = $1 FOR UPDATE", [id])).rows[0];

interface NoteRow {
  at: string;
  user_name: string;
  action: AlertNote["action"];
  comment: string | null;
}

async function addNote(sql: Sql, alertId: string, n: AlertNote): Promise<void> {
  await sql.query(
    "INSERT INTO alert_notes (alert_id, at, user_name, action, comment) VALUES ($1, $2, $3, $4, $5)",
    [alertId, n.at, n.user, n.action, n.comment ?? null],
  );
}

const NOTES = `SELECT at, user_name, action, comment FROM alert_notes
  WHERE alert_id = $1 ORDER BY id`;

const note = (r: NoteRow): AlertNote => ({
  at: r.at,
  user: r.user_name,
  action: r.action,
  ...(r.comment !== null ? { comment: r.comment } : {}),
});

export function pgAlerts(db: Db): AlertStore {
  return {
    async upsertAlert(a) {
      assertAlert(a);
      return db.tx(`upsert alert ${a.id}`, async (sql) => {
        let row = await lockRow(sql, a.id);
        if (!row) {
          const made = await sql.query(
            `INSERT INTO alerts (${COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (id) DO NOTHING`,
            values(a),
          );
          if (made.rowCount === 1) return { alert: a, created: true, reopened: false };
          // Another writer stored it since we looked: merge into theirs.
          row = (await lockRow(sql, a.id))!;
        }
        const old = fromRow(row);
        const newer = a.lastSeen >= old.lastSeen;
        const reopened = old.status === "closed";
        const merged: Alert = {
          ...(newer ? a : old),
          id: old.id,
          firstSeen: a.firstSeen < old.firstSeen ? a.firstSeen : old.firstSeen,
          lastSeen: newer ? a.lastSeen : old.lastSeen,
          count: old.count + a.count,
          status: reopened ? "open" : old.status,
        };
        await sql.query(
          `UPDATE alerts SET (${COLUMNS}) =
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) WHERE id = $1`,
          values(merged),
        );
        if (reopened)
          await addNote(sql, old.id, {
            at: merged.lastSeen,
            user: ALERT_SYSTEM_USER,
            action: "reopened",
            comment: "found again",
          });
        return { alert: merged, created: false, reopened };
      });
    },
    async getAlert(id) {
      if (unstorable(id)) return undefined;
      const [r] = await db.run<AlertRow>(`get alert ${id}`, "SELECT * FROM alerts WHERE id = $1", [
        id,
      ]);
      return r && fromRow(r);
    },
    async listAlerts(f = {}) {
      const { text, values: v } = alertsSql(f);
      return (await db.run<AlertRow>("list alerts", text, v)).map(fromRow);
    },
    async setAlertStatus(id, status) {
      assertAlertStatus(status);
      if (unstorable(id)) return false;
      const r = await db.run(
        `set status of alert ${id}`,
        "UPDATE alerts SET status = $1 WHERE id = $2 RETURNING 1",
        [status, id],
      );
      return r.length > 0;
    },
    async moveAlert(id, n): Promise<AlertMove> {
      assertAlertNote(n);
      if (unstorable(id)) return { ok: false, why: "missing" };
      return db.tx(`${n.action} alert ${id}`, async (sql) => {
        const row = await lockRow(sql, id);
        if (!row) return { ok: false, why: "missing" };
        const rule = ALERT_MOVES[n.action];
        if (!rule.from.includes(row.status))
          return { ok: false, why: "refused", status: row.status };
        await sql.query("UPDATE alerts SET status = $1 WHERE id = $2", [rule.to, id]);
        await addNote(sql, id, n);
        const notes = (await sql.query<NoteRow>(NOTES, [id])).rows.map(note);
        return { ok: true, alert: { ...fromRow(row), status: rule.to }, notes };
      });
    },
    async listAlertNotes(id) {
      if (unstorable(id)) return [];
      return (await db.run<NoteRow>(`list notes of alert ${id}`, NOTES, [id])).map(note);
    },
  };
}
