import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import type { Alert } from "../../model/alert.js";
import { assertAlert, assertAlertNote, assertAlertStatus } from "../check.js";
import {
  ALERT_MOVES,
  ALERT_SYSTEM_USER,
  type AlertMove,
  type AlertNote,
  type AlertStore,
} from "../types.js";
import { noteStatements } from "./alert-notes.js";

// Alerts in SQLite (migration 6), their notes (migration 12). An upsert or a move
// reads the row and writes it back inside one transaction: SQLite has one writer, so
// nothing slips in between.

interface AlertRow {
  id: string;
  rule: string;
  entity: string;
  key: string;
  techniques: string;
  data_components: string;
  analytics: string;
  severity: Alert["severity"];
  confidence: number;
  summary: string;
  evidence: string;
  first_seen: string;
  last_seen: string;
  count: number;
  status: Alert["status"];
}

function fromRow(r: AlertRow): Alert {
  return {
    id: r.id,
    rule: r.rule,
    techniques: JSON.parse(r.techniques) as Alert["techniques"],
    dataComponents: JSON.parse(r.data_components) as Alert["dataComponents"],
    analytics: JSON.parse(r.analytics) as string[],
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
  };
}

function params(a: Alert): unknown[] {
  return [
    a.id,
    a.rule,
    a.entity,
    a.key,
    JSON.stringify(a.techniques),
    JSON.stringify(a.dataComponents),
    JSON.stringify(a.analytics),
    a.severity,
    a.confidence,
    a.summary,
    JSON.stringify(a.evidence),
    a.firstSeen,
    a.lastSeen,
    a.count,
    a.status,
  ];
}

export function sqliteAlerts(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): AlertStore {
  const byId = db.prepare("SELECT * FROM alerts WHERE id = ?");
  const insert = db.prepare(
    `INSERT OR REPLACE INTO alerts (id, rule, entity, key, techniques, data_components, analytics,
       severity, confidence, summary, evidence, first_seen, last_seen, count, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setStatus = db.prepare("UPDATE alerts SET status = ? WHERE id = ?");
  const notes = noteStatements(db);
  const upsert = db.transaction((a: Alert) => {
    const row = byId.get(a.id) as AlertRow | undefined;
    if (!row) {
      insert.run(params(a));
      return { alert: a, created: true, reopened: false };
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
    insert.run(params(merged));
    if (reopened)
      notes.add(old.id, {
        at: merged.lastSeen,
        user: ALERT_SYSTEM_USER,
        action: "reopened",
        comment: "found again",
      });
    return { alert: merged, created: false, reopened };
  });
  const move = db.transaction((id: string, note: AlertNote): AlertMove => {
    const row = byId.get(id) as AlertRow | undefined;
    if (!row) return { ok: false, why: "missing" };
    const rule = ALERT_MOVES[note.action];
    if (!rule.from.includes(row.status)) return { ok: false, why: "refused", status: row.status };
    setStatus.run(rule.to, id);
    notes.add(id, note);
    return { ok: true, alert: { ...fromRow(row), status: rule.to }, notes: notes.list(id) };
  });
  return {
    async upsertAlert(a) {
      ensureOpen("upsert alert");
      assertAlert(a);
      try {
        return upsert(a);
      } catch (e) {
        throw fail(`upsert alert ${a.id}`, e);
      }
    },
    async getAlert(id) {
      ensureOpen("get alert");
      try {
        const r = byId.get(id) as AlertRow | undefined;
        return r && fromRow(r);
      } catch (e) {
        throw fail(`get alert ${id}`, e);
      }
    },
    async listAlerts(f = {}) {
      ensureOpen("list alerts");
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.since !== undefined) {
        where.push("last_seen >= ?");
        args.push(f.since);
      }
      if (f.entity !== undefined) {
        where.push("entity = ?");
        args.push(f.entity);
      }
      if (f.statuses?.length) {
        where.push(`status IN (${f.statuses.map(() => "?").join(", ")})`);
        args.push(...f.statuses);
      }
      if (f.techniques?.length) {
        // "T1584" matches "T1584" and its sub-techniques "T1584.001", inside the JSON list.
        where.push(
          `(${f.techniques.map(() => "(techniques LIKE ? OR techniques LIKE ?)").join(" OR ")})`,
        );
        for (const t of f.techniques) args.push(`%"${t}"%`, `%"${t}.%`);
      }
      const sql =
        `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(" AND ")}` : ""}` +
        ` ORDER BY last_seen DESC, id${f.limit !== undefined ? " LIMIT ?" : ""}`;
      if (f.limit !== undefined) args.push(f.limit);
      try {
        return (db.prepare(sql).all(...args) as AlertRow[]).map(fromRow);
      } catch (e) {
        throw fail("list alerts", e);
      }
    },
    async setAlertStatus(id, status) {
      ensureOpen("set alert status");
      assertAlertStatus(status);
      try {
        return setStatus.run(status, id).changes > 0;
      } catch (e) {
        throw fail(`set status of alert ${id}`, e);
      }
    },
    async moveAlert(id, note) {
      ensureOpen("move alert");
      assertAlertNote(note);
      try {
        return move(id, note);
      } catch (e) {
        throw fail(`${note.action} alert ${id}`, e);
      }
    },
    async listAlertNotes(id) {
      ensureOpen("list alert notes");
      try {
        return notes.list(id);
      } catch (e) {
        throw fail(`list notes of alert ${id}`, e);
      }
    },
  };
}
