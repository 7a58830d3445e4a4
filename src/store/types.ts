import type { Alert, AlertStatus } from "../model/alert.js";
import type { Observation } from "../model/observation.js";
import type {
  RegistrationRecord,
  RegistrationSource,
  RegistrationStatus,
} from "../model/registration.js";
import type { OutboxStore } from "./outbox.js";

// The store contract. Every backend (SQLite now, ClickHouse later) implements it and
// passes the one contract suite in test/unit/store/contract.ts.
//
// It is shaped for an append-only backend: ClickHouse's MergeTree tables have no
// cheap UPDATE, they merge rows that share a sorting key in the background. So
// writes are batches of *deltas* the backend merges by rules that are commutative
// and associative (min, max, sum, "smallest by a total order"), and nothing in the
// contract reads a row, changes it in the caller and writes it back.

/** Exact-match lookup. Wildcard, rdata and IP lookups come with their own indexes later. */
export interface ObservationQuery {
  rrname: string;
  rrtype?: string;
  /** Only rows with exactly this bailiwick. */
  bailiwick?: string;
  /** Only rows from this sensor. */
  sensorId?: string;
  /** At most this many rows (a positive integer); all when omitted. */
  limit?: number;
  /** Skip this many rows first, for paging (same order every time). */
  offset?: number;
}

/** Which names a search matches (DNSDB's forms; see src/passive/query.ts). */
export type NameMatch =
  | { kind: "name"; name: string }
  /** Every name strictly below `suffix` ("*.example.com"). */
  | { kind: "below"; suffix: string }
  /** Every name whose leading labels are `labels` ("www.example.*"). */
  | { kind: "prefix"; labels: string };

/**
 * What a passive-DNS search looks at: owner names, names inside rdata (CNAME, NS,
 * MX... targets), or A/AAAA addresses in a range (first..last as numbers).
 */
export type SearchTarget =
  | { on: "rrname"; match: NameMatch }
  | { on: "rdata"; match: NameMatch }
  | { on: "ip"; version: 4 | 6; first: bigint; last: bigint };

export interface ObservationSearch {
  target: SearchTarget;
  rrtype?: string;
  bailiwick?: string;
  sensorId?: string;
  /** Epoch-second bounds on time_first / time_last (src/passive/time-fence.ts). */
  timeFirstAfter?: number;
  timeFirstBefore?: number;
  timeLastAfter?: number;
  timeLastBefore?: number;
  /** At most this many rows (a positive integer); all when omitted. */
  limit?: number;
  /** Skip this many matching rows first (DNSDB's `offset`). */
  offset?: number;
  /** Continue after the row this came from (`next` of the previous page). */
  cursor?: string;
  /**
   * Read at most this many stored rows, kept or not (a bound on one call's work for
   * callers that must not block: the API). The page may then hold fewer than `limit`
   * rows and still carry `next`. Not with `offset`.
   */
  scanMax?: number;
}

export interface SearchPage {
  rows: Observation[];
  /** Present when the page was cut by `limit` or `scanMax`: pass it as `cursor` for the next page. */
  next?: string;
}

/** DNSDB's summarize: over all matching rows. */
export interface SearchSummary {
  /** Sum of the rows' counts. */
  count: number;
  /** Matching rows. */
  numResults: number;
  timeFirst?: number;
  timeLast?: number;
}

/** Where an ingest of one input got to; written in the same transaction as its data. */
export interface IngestCheckpoint {
  /** Names the input: a path with its size and modification time, or a listener. */
  input: string;
  /** Bytes of the input whose records are in the store. */
  offset: number;
  /**
   * Read only: the batch after `offset` was being committed in pieces when the run
   * stopped, and ends at this offset. A resumed ingest gives that batch again, whole
   * and alone (every item after `offset` up to and including this one, checkpoint
   * `pendingEnd`); the store writes only the part it does not hold yet.
   */
  pendingEnd?: number;
}

export interface ObservationStore {
  /**
   * Merges a batch of deltas in: a batch with one invalid delta (DnsightError
   * "INPUT", naming its index and field) writes nothing. Deltas with the same key,
   * inside the batch or across batches, merge as described on `Observation`, so
   * batches may be written in any order and concurrently. A backend may commit a
   * large batch in pieces (SQLite does, to keep its one write lock short), so a
   * reader may see part of a batch. A checkpoint given moves with the batch's last
   * piece: after a crash the store holds exactly the batches whose checkpoints it
   * holds, plus at most the first part of the next, which `pendingEnd` reports and a
   * resumed ingest completes without counting any row twice.
   */
  writeObservations(batch: readonly Observation[], checkpoint?: IngestCheckpoint): Promise<void>;
  /**
   * Merged rows for one name, ordered by (rrtype, rdata, bailiwick, sensorId) with
   * absent values first, byte-wise: the key order of both backends, so it is stable
   * and paging with offset is cheap. No rows is an empty array, not an error.
   */
  queryObservations(query: ObservationQuery): Promise<Observation[]>;
  /**
   * Passive-DNS search, each form a range scan of an index. Rows come in a stable
   * order per target kind, so `cursor` pages without repeats or gaps even while
   * writes go on (a row merged after it was passed is not shown again).
   */
  searchObservations(search: ObservationSearch): Promise<SearchPage>;
  /** Totals over every row the search (without limit, offset or cursor) matches. */
  summarizeObservations(search: ObservationSearch): Promise<SearchSummary>;
  /** Every row, in key order, `batchSize` at a time (export). */
  scanObservations(batchSize?: number): AsyncIterable<Observation[]>;
  /** The last checkpoint written for `input`, if any. */
  readCheckpoint(input: string): Promise<IngestCheckpoint | undefined>;
}

/**
 * A backend. Later issues add their parts as optional sub-interfaces on this type
 * (`registrations?`, `alerts?`, `watches?`, `apiKeys?`), so a backend can ship
 * before it has them and callers check for the part they need.
 */
/**
 * One fetch of a registration (DESIGN.md: every fetch is a snapshot, history is the
 * list of snapshots), with the raw response kept beside the parsed record.
 */
export interface RegistrationSnapshot {
  /** What was looked up: a domain (lowercase A-label), an IP network or an AS number ("as15169"). */
  key: string;
  /** Epoch seconds (UTC). */
  fetchedAt: number;
  record: RegistrationRecord;
  /** The response(s) as received, referral chain included. */
  raw: string;
}

/** Which snapshot `latestSnapshot` may return; every condition given must hold. */
export interface LatestSnapshotQuery {
  /** Fetched at or after this, epoch seconds. */
  since?: number;
  /** The record came over this protocol (`record.source.protocol`); either when omitted. */
  protocol?: RegistrationSource["protocol"];
  /** The record's status is none of these (a "throttled" answer is not an answer). */
  skipStatus?: readonly RegistrationStatus[];
}

/** Append-only: a snapshot is never changed, so ClickHouse can keep them in a MergeTree. */
export interface RegistrationStore {
  writeSnapshots(batch: readonly RegistrationSnapshot[]): Promise<void>;
  /** Snapshots of `key`, oldest first (ties in write order); at most the `limit` newest. */
  listSnapshots(key: string, options?: { limit?: number }): Promise<RegistrationSnapshot[]>;
  /**
   * The newest snapshot of `key` meeting `query` (ties: the last written), or
   * undefined. What the registration cache asks, once per lookup, so it must be
   * answered from an index, not by reading the key's whole history.
   */
  latestSnapshot(
    key: string,
    query?: LatestSnapshotQuery,
  ): Promise<RegistrationSnapshot | undefined>;
}

/** What an API key may do: `read` queries; `admin` also manages (later admin endpoints). */
export type ApiKeyRole = "read" | "admin";

export const API_KEY_ROLES: readonly ApiKeyRole[] = ["read", "admin"];

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  /** Short, non-secret, unique; also the key's second part (src/api/keys.ts). */
  id: string;
  name: string;
  role: ApiKeyRole;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds; a revoked key no longer authenticates. */
  revokedAt?: number;
}

/** A stored key: its info and the SHA-256 of the key (64 lowercase hex digits). */
export interface StoredApiKey extends ApiKeyInfo {
  hash: string;
}

/** A small table of API keys, looked up by id; the caller compares the hash. */
export interface ApiKeyStore {
  /** Adds a key; DnsightError "INPUT" when a field is invalid or the id is taken. */
  addApiKey(key: StoredApiKey): Promise<void>;
  /** The key with this id, revoked or not. */
  getApiKey(id: string): Promise<StoredApiKey | undefined>;
  /** Every key, revoked ones included, oldest first (ties by id). */
  listApiKeys(): Promise<ApiKeyInfo[]>;
  /** Marks the key revoked at `at`; false when no key has that id (revoking twice is true). */
  revokeApiKey(id: string, at: number): Promise<boolean>;
}

/** Alerts (src/model/alert.ts, made by detect/alert.ts): one row per finding, found again = seen again. */
export interface AlertStore {
  /**
   * Records that the finding behind `alert` was made at `alert.lastSeen`. A new
   * finding is stored as given (created: true); a known one keeps its id, firstSeen
   * and status, takes the later lastSeen, the newer evidence, severity, confidence and
   * summary, and counts one more. A closed alert found again opens again (reopened).
   */
  upsertAlert(alert: Alert): Promise<{ alert: Alert; created: boolean; reopened: boolean }>;
  getAlert(id: string): Promise<Alert | undefined>;
  /** Newest lastSeen first (ties by id). */
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  /** False when no alert has that id. */
  setAlertStatus(id: string, status: AlertStatus): Promise<boolean>;
}

export interface AlertFilter {
  /** Only alerts seen at or after this time (ISO 8601). */
  since?: string;
  /** Only alerts of these techniques (a parent id matches its sub-techniques). */
  techniques?: readonly string[];
  statuses?: readonly AlertStatus[];
  entity?: string;
  limit?: number;
}

export type WatchKind = "owned" | "brand" | "third-party";
export const WATCH_KINDS: readonly WatchKind[] = ["owned", "brand", "third-party"];

export interface Watch {
  /** Lowercase A-label, no trailing dot. */
  name: string;
  kind: WatchKind;
  /** Epoch seconds. */
  addedAt: number;
  /**
   * For a brand: the other domains it owns (A-labels), never reported as its lookalikes
   * and imitated like it. The store always lists it (empty for most names).
   */
  owned?: string[];
}

/** The watchlist, and what the monitor remembers between passes about each name. */
export interface WatchStore {
  /**
   * Adds names, or changes the kind of one already watched; true for each new name.
   * `owned`, when given, replaces the owned domains of each name (a brand's other domains).
   */
  addWatches(
    names: readonly string[],
    kind: WatchKind,
    at: number,
    owned?: readonly string[],
  ): Promise<boolean[]>;
  /** True for each name that was watched. Its monitor state goes with it. */
  removeWatches(names: readonly string[]): Promise<boolean[]>;
  /** By name. */
  listWatches(): Promise<Watch[]>;
  /** The monitor's last result of `check` for `name` (JSON-able), and when. */
  getMonitorState(name: string, check: string): Promise<{ at: number; data: unknown } | undefined>;
  putMonitorState(name: string, check: string, at: number, data: unknown): Promise<void>;
}

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
  /** "sqlite", "clickhouse": for messages and for tests that skip a backend. */
  readonly backend: string;
  /**
   * Releases the database. Idempotent; any other call afterwards rejects with
   * DnsightError "STORE".
   */
  close(): Promise<void>;
}
