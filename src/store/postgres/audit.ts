import { randomBytes } from "node:crypto";
import { assertAuditEntry, assertAuditQuery, AUDIT_CURSOR } from "../check.js";
import {
  AUDIT_PAGE_DEFAULT,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  type AuditStore,
} from "../types.js";
import type { Db } from "./_db.js";
import { toAuditRecord as record, type AuditRow } from "../state-rows.js";

// The audit log in PostgreSQL: keyed (at, id), with (actor, at, id) and (action, at,
// id) indexes, so each query form is a backward scan of one btree index, and a page
// seeks past the cursor's (at, id) with a row comparison the index serves.

/** The SQL of a query and its parameters, the page size (plus one) last. */
export function pgAuditSql(q: AuditQuery, limit: number): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (clause: (n: string) => string, v: unknown): void => {
    values.push(v);
    where.push(clause(`$${values.length}`));
  };
  if (q.actor !== undefined) add((p) => `actor = ${p}`, q.actor);
  if (q.action !== undefined) add((p) => `action = ${p}`, q.action);
  if (q.outcome !== undefined) add((p) => `outcome = ${p}`, q.outcome);
  if (q.since !== undefined) add((p) => `at >= ${p}`, q.since);
  if (q.until !== undefined) add((p) => `at < ${p}`, q.until);
  if (q.cursor !== undefined) {
    // The digits as text: exact even past 2^53 (the cursor allows 16 of them).
    const [, at, id] = AUDIT_CURSOR.exec(q.cursor)!;
    values.push(at, id);
    where.push(`(at, id) < ($${values.length - 1}::bigint, $${values.length})`);
  }
  values.push(limit + 1);
  const text =
    "SELECT * FROM audit_log" +
    (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
    ` ORDER BY at DESC, id DESC LIMIT $${values.length}`;
  return { text, values };
}

export function pgAudit(db: Db): AuditStore {
  return {
    async appendAudit(e: AuditEntry) {
      assertAuditEntry(e);
      const r: AuditRecord = { ...e, id: randomBytes(8).toString("hex") };
      await db.run(
        `append ${e.action} to the audit log`,
        `INSERT INTO audit_log (at, id, actor, action, target, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [r.at, r.id, r.actor, r.action, r.target ?? null, r.outcome, r.detail ?? null],
      );
      return r;
    },
    async queryAudit(q = {}) {
      assertAuditQuery(q);
      const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
      const { text, values } = pgAuditSql(q, limit);
      // One row more than asked says whether a next page exists.
      const rows = await db.run<AuditRow>("query the audit log", text, values);
      const entries = rows.slice(0, limit).map(record);
      const last = entries[entries.length - 1];
      return rows.length > limit && last ? { entries, next: `${last.at}.${last.id}` } : { entries };
    },
  };
}
