// Retention (`dnsight prune --older-than 400d`): observations whose last sighting is
// older than a cutoff go. Optional on a backend. How exactly a backend cuts depends on
// how it stores the data, and it says which way it cut:
//
// - "row" (SQLite): every merged observation last seen before `before` is deleted,
//   every other kept whole.
// - "month" (ClickHouse): deltas are partitioned by the UTC month of their own last
//   sighting (src/store/clickhouse/schema.ts), and retention drops whole partitions,
//   the months that end at or before `before`. The month holding `before` straddles
//   it and is kept whole, so rows last seen from its first second on stay. A key
//   merged across months keeps only its deltas of the months kept: its first seen
//   moves forward and its count drops by what the dropped months held. That is what
//   retention means there: sightings older than the cutoff are forgotten.

/** What `pruneObservations` may do. */
export interface PruneOptions {
  /** Report what would go, remove nothing. */
  dryRun?: boolean;
}

export interface PruneResult {
  /** "row": exactly the observations last seen before `before`; "month": whole months (above). */
  granularity: "row" | "month";
  /**
   * Epoch seconds: everything last seen before this is gone, and nothing last seen at
   * or after `before` went. `before` itself for "row"; for "month" the start of the
   * month holding `before`, in the server's time zone (UTC on a UTC server).
   */
  cutoff: number;
  /**
   * Stored rows removed (or, with dryRun, that would be): merged observations on
   * SQLite, stored deltas (before background merges) of the main table on ClickHouse.
   */
  rows: number;
  /** "month" only: the months dropped (or that would be), "YYYYMM", oldest first. */
  months?: string[];
}
