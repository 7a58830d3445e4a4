import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import type { DeliveryOutcome, OutboxStore } from "../outbox.js";
import { toDelivery, type DeliveryRow } from "../state-rows.js";

// The delivery outbox in SQLite (migration 8).

/** Sinks asked for at once: SQLite's bound-parameter limit is far above this. */
const MAX_SINKS = 500;

export function sqliteOutbox(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): OutboxStore {
  const insert = db.prepare(
    `INSERT INTO deliveries (sink, alert_id, raised_at, payload, created_at, attempts, next_at, state)
     VALUES (?, ?, ?, ?, ?, 0, ?, 'pending')
     ON CONFLICT (sink, alert_id, raised_at) DO NOTHING`,
  );
  const enqueueAll = db.transaction(
    (list: readonly { sink: string; alertId: string; raisedAt: string; payload: string }[], at) =>
      list.reduce(
        (n, r) => n + insert.run(r.sink, r.alertId, r.raisedAt, r.payload, at, at).changes,
        0,
      ),
  );
  const update = db.prepare(
    `UPDATE deliveries SET attempts = attempts + 1, state = ?, next_at = coalesce(?, next_at),
       last_error = ?, last_attempt_at = ? WHERE id = ?`,
  );
  const summary = db.prepare(
    `SELECT sink,
       sum(state = 'pending') AS pending, sum(state = 'failed') AS failed,
       min(CASE WHEN state = 'pending' THEN created_at END) AS oldest,
       (SELECT last_error FROM deliveries d2 WHERE d2.sink = d.sink AND d2.state != 'delivered'
          AND d2.last_error IS NOT NULL ORDER BY last_attempt_at DESC, id DESC LIMIT 1) AS last_error
     FROM deliveries d WHERE state != 'delivered' GROUP BY sink ORDER BY sink`,
  );
  const ofAlert = db.prepare("SELECT * FROM deliveries WHERE alert_id = ? ORDER BY id");
  const dueFor = new Map<number, Database.Statement>();
  const dueStatement = (n: number): Database.Statement => {
    let s = dueFor.get(n);
    if (!s)
      dueFor.set(
        n,
        (s = db.prepare(
          `SELECT * FROM deliveries WHERE state = 'pending' AND next_at <= ?
             AND sink IN (${Array.from({ length: n }, () => "?").join(", ")})
           ORDER BY next_at, id LIMIT ?`,
        )),
      );
    return s;
  };
  return {
    async enqueueDeliveries(requests, at) {
      ensureOpen("queue deliveries");
      for (const r of requests)
        if (!r.sink || !r.alertId || !r.raisedAt || typeof r.payload !== "string")
          throw new DnsightError(
            "INPUT",
            "a delivery needs a sink, an alert id, raisedAt and a payload",
          );
      try {
        return enqueueAll(requests, at);
      } catch (e) {
        throw fail("queue deliveries", e);
      }
    },
    async dueDeliveries(sinks, now, limit) {
      ensureOpen("read due deliveries");
      const keys = [...new Set(sinks)].slice(0, MAX_SINKS);
      if (keys.length === 0 || limit <= 0) return [];
      try {
        return (dueStatement(keys.length).all(now, ...keys, limit) as DeliveryRow[]).map(
          toDelivery,
        );
      } catch (e) {
        throw fail("read due deliveries", e);
      }
    },
    async recordDelivery(id, o: DeliveryOutcome) {
      ensureOpen("record a delivery");
      try {
        const nextAt = o.state === "pending" ? o.nextAt : null;
        const error = o.state === "delivered" ? null : o.error;
        return update.run(o.state, nextAt, error, o.at, id).changes > 0;
      } catch (e) {
        throw fail(`record delivery ${id}`, e);
      }
    },
    async outboxSummary() {
      ensureOpen("summarise the outbox");
      try {
        return (
          summary.all() as {
            sink: string;
            pending: number;
            failed: number;
            oldest: number | null;
            last_error: string | null;
          }[]
        ).map((r) => ({
          sink: r.sink,
          pending: r.pending,
          failed: r.failed,
          ...(r.oldest !== null ? { oldestPending: r.oldest } : {}),
          ...(r.last_error !== null ? { lastError: r.last_error } : {}),
        }));
      } catch (e) {
        throw fail("summarise the outbox", e);
      }
    },
    async deliveriesOf(alertId) {
      ensureOpen("read deliveries");
      try {
        return (ofAlert.all(alertId) as DeliveryRow[]).map(toDelivery);
      } catch (e) {
        throw fail(`read deliveries of ${alertId}`, e);
      }
    },
  };
}
