import type { OutboxStore } from "../outbox.js";
import type { AlertStore } from "./alerts.js";
import type { ApiKeyStore } from "./api-keys.js";
import type { AuditStore } from "./audit.js";
import type { ObservationStore } from "./observations.js";
import type { RegistrationStore } from "./registrations.js";
import type { SessionStore } from "./sessions.js";
import type { UserStore } from "./users.js";
import type { WatchStore } from "./watches.js";

/**
 * Observation writes that run apart from the caller (SQLite: on a thread of its own,
 * so an ingest parses while the last batch goes in): the same calls, in the order
 * given, with the same checkpoint guarantees as the store's own.
 */
export interface ObservationWriter extends Pick<
  ObservationStore,
  "writeObservations" | "readCheckpoint"
> {
  close(): Promise<void>;
}

/**
 * A backend. Parts beyond observations are optional sub-interfaces, so a backend can
 * ship before it has them and callers check for the part they need.
 */
export interface Store extends ObservationStore {
  /** Alerts; absent on a backend without them. */
  readonly alerts?: AlertStore;
  /** Watched names and monitor state; absent on a backend without them. */
  readonly watches?: WatchStore;
  /** Registration snapshots; absent on a backend that does not keep them yet. */
  readonly registrations?: RegistrationStore;
  /** Alerts waiting for their sinks (src/store/outbox.ts); absent on a backend without it. */
  readonly outbox?: OutboxStore;
  /** API keys (`dnsight apikey`, `dnsight serve`); absent on a backend without them. */
  readonly apiKeys?: ApiKeyStore;
  /** Users of the web UI and API; absent on a backend without them (with them: keys and sessions too). */
  readonly users?: UserStore;
  /** Login sessions of those users; absent on a backend without them. */
  readonly sessions?: SessionStore;
  /** The audit log of admin and state-changing actions; absent on a backend without it. */
  readonly audit?: AuditStore;
  /**
   * A writer apart from the caller, for a large ingest; absent where writing on the
   * caller's thread is as good (a network backend) or impossible (SQLite ":memory:").
   */
  openWriter?(): Promise<ObservationWriter>;
  /** "sqlite", "clickhouse": for messages and for tests that skip a backend. */
  readonly backend: string;
  /**
   * Releases the database. Idempotent; any other call afterwards rejects with
   * DnsightError "STORE".
   */
  close(): Promise<void>;
}

/** The parts a store keeps that are small mutable state (with the audit log beside them). */
export type StatePart =
  "alerts" | "watches" | "outbox" | "apiKeys" | "users" | "sessions" | "audit";

/**
 * What a composed store (src/store/compose.ts) takes from its state side: the state
 * parts, and nothing of observations. Every Store is one; a state-only backend
 * (PostgreSQL) is one without being a Store, so it has no observation calls to
 * refuse: `parseStoreUrl` refuses it as the data side instead.
 */
export type StateStore = Pick<Store, StatePart | "backend" | "close">;
