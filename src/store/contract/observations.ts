import type { Observation } from "../../model/observation.js";
import type { PruneOptions, PruneResult } from "./prune.js";

// The observation part of the store contract (src/store/types.ts says how the parts
// fit). It is shaped for an append-only backend: ClickHouse's MergeTree tables have
// no cheap UPDATE, they merge rows that share a sorting key in the background. So
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
  /** Present when a sharded store answered from some shards only (asked to): which were missing. */
  partial?: PartialAnswer;
}

/** The shards a partial answer lacks ("shard 2 (HOST:PORT)"). */
export interface PartialAnswer {
  missing: string[];
}

/** DNSDB's summarize: over all matching rows. */
export interface SearchSummary {
  /** Sum of the rows' counts. */
  count: number;
  /** Matching rows. */
  numResults: number;
  timeFirst?: number;
  timeLast?: number;
  /** As SearchPage.partial. */
  partial?: PartialAnswer;
}

/**
 * Where an ingest of one input got to. Written after its batch's rows, not with them
 * in one transaction: no backend needs one across tables (see writeObservations).
 */
export interface IngestCheckpoint {
  /** Names the input: a path with its size and modification time, or a listener. */
  input: string;
  /** Bytes of the input whose records are in the store. */
  offset: number;
  /**
   * Read only: the batch after `offset` ends at this offset and was being written when
   * the run stopped: some or all of its rows are in, its checkpoint is not. A resumed
   * ingest gives that batch again, whole and alone (every item after `offset` up to
   * and including this one, checkpoint `pendingEnd`); the store writes only the part
   * it does not hold yet, then the checkpoint.
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
   * reader may see part of a batch.
   *
   * With a checkpoint, the batch is idempotent by insert token, no transaction
   * around rows and checkpoint needed: each piece of rows is stored atomically with
   * its token, "the batch ending at `checkpoint.offset` has its first K rows in"
   * (SQLite: a row beside the checkpoint, in the piece's transaction; ClickHouse: the
   * piece's insert_deduplication_token and a row of its own written first, with the
   * batch's pieces of fixed size), and the checkpoint goes in after the last piece.
   * After a crash anywhere the store holds the batches whose checkpoints it holds,
   * plus part or all of the next, which `pendingEnd` reports; that batch given again
   * writes only the rows past K, then its checkpoint, so no row counts twice.
   */
  writeObservations(batch: readonly Observation[], checkpoint?: IngestCheckpoint): Promise<void>;
  /**
   * Merged rows for one name, ordered by (rrtype, rdata, bailiwick, sensorId) with
   * absent values first, byte-wise: the key order of both backends, so it is stable
   * and paging with offset is cheap. No rows is an empty array, not an error.
   */
  queryObservations(query: ObservationQuery): Promise<Observation[]>;
  /**
   * Passive-DNS search, each form a range scan of an index. Rows come in the order of
   * the key, led by what the target looks at, byte-wise, absent values first:
   * - owner name: (rrtype, rdata, bailiwick, sensorId);
   * - name.*: (rrname, rrtype, rdata, bailiwick, sensorId);
   * - *.name: (reversed rrname, rrtype, rdata, bailiwick, sensorId);
   * - rdata name: (rdata, rrname, rrtype, bailiwick, sensorId), led for name.* and
   *   *.name by the rdata's name and its reversal (src/store/indexed-names.ts);
   * - address: (address bytes, rdata, rrname, rrtype, bailiwick, sensorId).
   * No backend row id is involved, so every backend gives the same order, and the
   * `cursor` carries the last row's values of it: pages neither repeat nor skip a
   * row even while writes go on (a row merged after it was passed is not shown again).
   */
  searchObservations(search: ObservationSearch): Promise<SearchPage>;
  /**
   * Totals over every row the search (without limit, offset or cursor) matches; the
   * core derives them from search for a backend without (src/store/derive.ts).
   */
  summarizeObservations(search: ObservationSearch): Promise<SearchSummary>;
  /**
   * Every row, `batchSize` at a time (export): in key order, or in reversed-name order
   * where the core derives it from search for a backend without a scan of its own
   * (src/store/derive.ts).
   */
  scanObservations(batchSize?: number): AsyncIterable<Observation[]>;
  /** The last checkpoint written for `input`, if any. */
  readCheckpoint(input: string): Promise<IngestCheckpoint | undefined>;
  /**
   * Forgets the checkpoints of inputs named `prefix…` (not empty) last written before
   * `before` (epoch seconds), pending state and all, as if never written: a
   * collector's one-per-batch checkpoints, once no batch that old can come again. An
   * input written at or after `before` is kept whole. Resolves once a read no longer
   * finds them; returns how many inputs were forgotten. Optional.
   */
  forgetCheckpoints?(prefix: string, before: number): Promise<number>;
  /**
   * Up to `limit` (1..100) distinct owner names that start with `prefix` (byte-wise,
   * as stored: lowercase), in byte order: the search box's suggestions. Each name
   * must cost one index seek, however many rows it has, so a 10M-row store answers
   * as fast as a small one. Optional: a backend without it leaves it absent.
   */
  suggestNames?(prefix: string, limit: number): Promise<string[]>;
  /**
   * Removes observations last seen before `before` (epoch seconds), as the backend's
   * granularity allows (contract/prune.ts). Safe to run again: an interrupted prune is
   * finished by the next. Leaves registration snapshots and checkpoints alone. Optional.
   */
  pruneObservations?(before: number, options?: PruneOptions): Promise<PruneResult>;
}
