import type { AlertFilter } from "../types.js";

// The SELECT of listAlerts: newest lastSeen first, ties by id, as in SQLite.

export function alertsSql(f: AlertFilter): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  if (f.since !== undefined) where.push(`last_seen >= ${param(f.since)}`);
  if (f.entity !== undefined) where.push(`entity = ${param(f.entity)}`);
  if (f.statuses?.length) where.push(`status = ANY(${param([...f.statuses])}::text[])`);
  if (f.techniques?.length)
    // "T1584" matches "T1584" and its sub-techniques "T1584.001". starts_with, not
    // LIKE: nothing in an id is a pattern.
    where.push(
      `EXISTS (SELECT 1 FROM unnest(techniques) AS t(v), unnest(${param([...f.techniques])}::text[]) AS w(p)
         WHERE t.v = w.p OR starts_with(t.v, w.p || '.'))`,
    );
  let text =
    `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(" AND ")}` : ""}` +
    " ORDER BY last_seen DESC, id";
  if (f.limit !== undefined) text += ` LIMIT ${param(f.limit)}`;
  return { text, values };
}
