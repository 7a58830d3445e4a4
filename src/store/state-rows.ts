import { SESSION_TOKEN_RE, sessionTokenHash } from "./session-token.js";
import type { Delivery } from "./outbox.js";
import type { AuditRecord, SessionInfo } from "./types.js";

// Rows of the state tables as both SQL backends (SQLite, PostgreSQL) read them back:
// the same columns, so one mapping each to the contract's shapes.

export interface DeliveryRow {
  id: number;
  sink: string;
  alert_id: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_at: number;
  state: Delivery["state"];
  last_error: string | null;
  last_attempt_at: number | null;
}

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  sink: r.sink,
  alertId: r.alert_id,
  payload: r.payload,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAt: r.next_at,
  state: r.state,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  ...(r.last_attempt_at !== null ? { lastAttemptAt: r.last_attempt_at } : {}),
});

export interface AuditRow {
  at: number;
  id: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditRecord["outcome"];
  detail: string | null;
}

export const toAuditRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  ...(r.target !== null ? { target: r.target } : {}),
  outcome: r.outcome,
  ...(r.detail !== null ? { detail: r.detail } : {}),
});

export interface SessionRow {
  user_name: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
}

export const toSessionInfo = (r: SessionRow): SessionInfo => ({
  user: r.user_name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

/** The stored key of a session token, or undefined for text that cannot be a token. */
export const sessionKeyOf = (token: string): string | undefined =>
  typeof token === "string" && SESSION_TOKEN_RE.test(token) ? sessionTokenHash(token) : undefined;
