import { DnsightError } from "../../errors.js";
import type { DeliveryOutcome, OutboxStore, OutboxSummary } from "../outbox.js";
import { unstorable, type Db } from "./_db.js";
import { toDelivery, type DeliveryRow } from "../state-rows.js";

// The delivery outbox in PostgreSQL: a batch queued in one statement, the same
// (sink, alert, raising) once (ON CONFLICT DO NOTHING, so two monitors queueing the
// same alert queue it once).

/** Sinks asked for at once, as in SQLite. */
const MAX_SINKS = 500;

export function pgOutbox(db: Db): OutboxStore {
  return {
    async enqueueDeliveries(requests, at) {
      for (const r of requests)
        if (!r.sink || !r.alertId || !r.raisedAt || typeof r.payload !== "string")
          throw new DnsightError(
            "INPUT",
            "a delivery needs a sink, an alert id, raisedAt and a payload",
          );
      if (requests.length === 0) return 0;
      // In the order given, so ids (and so the order of due deliveries) follow it.
      const rows = await db.run(
        "queue deliveries",
        `INSERT INTO deliveries (sink, alert_id, raised_at, payload, created_at, attempts, next_at, state)
           SELECT u.sink, u.alert_id, u.raised_at, u.payload, $5, 0, $5, 'pending'
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
             WITH ORDINALITY AS u(sink, alert_id, raised_at, payload, i)
           ORDER BY u.i
         ON CONFLICT (sink, alert_id, raised_at) DO NOTHING
         RETURNING 1`,
        [
          requests.map((r) => r.sink),
          requests.map((r) => r.alertId),
          requests.map((r) => r.raisedAt),
          requests.map((r) => r.payload),
          at,
        ],
      );
      return rows.length;
    },
    async dueDeliveries(sinks, now, limit) {
      const keys = [...new Set(sinks)].slice(0, MAX_SINKS);
      if (keys.length === 0 || limit <= 0) return [];
      const rows = await db.run<DeliveryRow>(
        "read due deliveries",
        `SELECT * FROM deliveries WHERE state = 'pending' AND next_at <= $1
           AND sink = ANY($2::text[]) ORDER BY next_at, id LIMIT $3`,
        [now, keys, limit],
      );
      return rows.map(toDelivery);
    },
    async recordDelivery(id, o: DeliveryOutcome) {
      const nextAt = o.state === "pending" ? o.nextAt : null;
      const error = o.state === "delivered" ? null : o.error;
      const r = await db.run(
        `record delivery ${id}`,
        `UPDATE deliveries SET attempts = attempts + 1, state = $1,
           next_at = coalesce($2, next_at), last_error = $3, last_attempt_at = $4
         WHERE id = $5 RETURNING 1`,
        [o.state, nextAt, error, o.at, id],
      );
      return r.length > 0;
    },
    async outboxSummary() {
      const rows = await db.run<{
        sink: string;
        pending: number;
        failed: number;
        oldest: number | null;
        last_error: string | null;
      }>(
        "summarise the outbox",
        `SELECT sink,
           count(*) FILTER (WHERE state = 'pending') AS pending,
           count(*) FILTER (WHERE state = 'failed') AS failed,
           min(created_at) FILTER (WHERE state = 'pending') AS oldest,
           (SELECT last_error FROM deliveries d2
              WHERE d2.sink = d.sink AND d2.state <> 'delivered' AND d2.last_error IS NOT NULL
              ORDER BY last_attempt_at DESC NULLS LAST, id DESC LIMIT 1) AS last_error
         FROM deliveries d WHERE state <> 'delivered' GROUP BY sink ORDER BY sink`,
      );
      return rows.map((r): OutboxSummary => ({
        sink: r.sink,
        pending: r.pending,
        failed: r.failed,
        ...(r.oldest !== null ? { oldestPending: r.oldest } : {}),
        ...(r.last_error !== null ? { lastError: r.last_error } : {}),
      }));
    },
    async deliveriesOf(alertId) {
      if (unstorable(alertId)) return [];
      const rows = await db.run<DeliveryRow>(
        `read deliveries of ${alertId}`,
        "SELECT * FROM deliveries WHERE alert_id = $1 ORDER BY id",
        [alertId],
      );
      return rows.map(toDelivery);
    },
  };
}
