import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { DnsightError } from "../../errors.js";
import { assertAuditEntry, assertAuditQuery, AUDIT_CURSOR } from "../check.js";
import {
  AUDIT_PAGE_DEFAULT,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  type AuditStore,
} from "../types.js";
import { toAuditRecord as record, type AuditRow } from "../state-rows.js";

// The audit log in SQLite (migration 11): a WITHOUT ROWID table keyed (at, id), with
// (actor, at, id) and (action, at, id) indexes, so each query form is a backward
// range scan of one index, and a page seeks past the cursor's (at, id).

/** The SQL of a query: one text per shape of its filters, so statements are cached. */
export function auditSql(q: AuditQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, v: unknown): void => {
    where.push(clause);
    params.push(v);
  };
  if (q.actor !== undefined) add("actor = ?", q.actor);
  if (q.action !== undefined) add("action = ?", q.action);
  // No index of its own: most entries are "ok", and a rarer outcome is mostly asked
  // with a time range or an actor, whose index narrows the scan first.
  if (q.outcome !== undefined) add("outcome = ?", q.outcome);
  if (q.since !== undefined) add("at >= ?", q.since);
  if (q.until !== undefined) add("at < ?", q.until);
  if (q.cursor !== undefined) {
    const [, at, id] = AUDIT_CURSOR.exec(q.cursor)!;
    where.push("(at, id) < (?, ?)");
    params.push(Number(at), id);
  }
  const index =
    q.actor !== undefined ? "audit_log_actor" : q.action !== undefined ? "audit_log_action" : "";
  const sql =
    `SELECT * FROM audit_log${index ? ` INDEXED BY ${index}` : ""}` +
    (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
    " ORDER BY at DESC, id DESC LIMIT ?";
  return { sql, params };
}

export function sqliteAudit(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, id, actor, action, target, outcome, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (s === undefined) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    async appendAudit(e: AuditEntry) {
      ensureOpen("append to the audit log");
      assertAuditEntry(e);
      const r: AuditRecord = { ...e, id: randomBytes(8).toString("hex") };
      try {
        insert.run(r.at, r.id, r.actor, r.action, r.target ?? null, r.outcome, r.detail ?? null);
      } catch (err) {
        throw fail(`append ${e.action} to the audit log`, err);
      }
      return r;
    },
    async queryAudit(q = {}) {
      ensureOpen("query the audit log");
      assertAuditQuery(q);
      const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
      const { sql, params } = auditSql(q);
      try {
        // One row more than asked says whether a next page exists.
        const rows = prepared(sql).all(...params, limit + 1) as AuditRow[];
        const entries = rows.slice(0, limit).map(record);
        const last = entries[entries.length - 1];
        return rows.length > limit && last
          ? { entries, next: `${last.at}.${last.id}` }
          : { entries };
      } catch (e) {
        throw fail("query the audit log", e);
      }
    },
  };
}
