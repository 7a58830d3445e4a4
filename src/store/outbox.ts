// The delivery outbox contract: alerts waiting to reach a webhook or syslog. An
// alert is queued for every configured sink when it is raised and stays queued
// until the sink took it, so a receiver that is down (or a monitor that is killed)
// never loses one; the delivery runner (src/deliver/outbox-runner.ts) drains it.
//
// Mutable state, like alerts and watches: it lives in the state store (SQLite, or
// PostgreSQL later), never in an append-only observation backend.

/** pending: to be tried at `nextAt`; delivered: the sink took it; failed: given up. */
export type DeliveryState = "pending" | "delivered" | "failed";

/** One alert for one sink. */
export interface Delivery {
  id: number;
  /** The sink's stable key (src/deliver/sink.ts): never a URL or a secret. */
  sink: string;
  alertId: string;
  /** What is sent: the alert as JSON, as it was when raised. */
  payload: string;
  /** Epoch seconds. */
  createdAt: number;
  attempts: number;
  /** Epoch seconds: not tried before this. */
  nextAt: number;
  state: DeliveryState;
  lastError?: string;
  /** Epoch seconds of the last attempt. */
  lastAttemptAt?: number;
}

export interface DeliveryRequest {
  sink: string;
  alertId: string;
  /** Which raising of the alert this is (its lastSeen): raised again is delivered again. */
  raisedAt: string;
  payload: string;
}

/** How one attempt ended. */
export type DeliveryOutcome =
  | { state: "delivered"; at: number }
  | { state: "pending"; at: number; error: string; nextAt: number }
  | { state: "failed"; at: number; error: string };

export interface OutboxSummary {
  sink: string;
  pending: number;
  failed: number;
  /** createdAt of the oldest pending delivery. */
  oldestPending?: number;
  /** The newest error of a pending or failed delivery. */
  lastError?: string;
}

export interface OutboxStore {
  /**
   * Queues each request, due at once. The same (sink, alertId, raisedAt) queued
   * twice is one delivery, so a pass re-run after a crash does not send twice.
   * Returns how many were new.
   */
  enqueueDeliveries(requests: readonly DeliveryRequest[], at: number): Promise<number>;
  /** Pending deliveries to these sinks with nextAt <= now, oldest first, at most `limit`. */
  dueDeliveries(sinks: readonly string[], now: number, limit: number): Promise<Delivery[]>;
  /** Records one attempt: attempts + 1, and the outcome. False when no such delivery. */
  recordDelivery(id: number, outcome: DeliveryOutcome): Promise<boolean>;
  /** Per sink with pending or failed deliveries, by sink key. */
  outboxSummary(): Promise<OutboxSummary[]>;
  /** Deliveries of one alert, any state, oldest first. */
  deliveriesOf(alertId: string): Promise<Delivery[]>;
}
