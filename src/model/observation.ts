// The observation of DESIGN.md (passive DNS, COF-compatible): what the store keeps,
// and what a collector hands to store/observation.ts's normaliseObservation.

/** Where an observation came from: sensors, our own lookups, or a zone file. */
export type ObservationSource = "passive" | "active" | "zone";

export const OBSERVATION_SOURCES: readonly ObservationSource[] = ["passive", "active", "zone"];

/**
 * One aggregated RRset member (DESIGN.md "Observation", COF-compatible). Names are
 * lowercase A-labels without the trailing dot ("." is the root), rrtype is the
 * canonical mnemonic, rdata the presentation form, times epoch seconds (UTC).
 * Callers build these through `normaliseObservation` (src/store/observation.ts).
 *
 * The merge key is (rrname, rrtype, rdata, bailiwick, sensorId); an absent
 * bailiwick or sensor is its own key value. Bailiwick is in the key although
 * DESIGN.md lists (rrname, rrtype, rdata, sensor): the DNSDB API treats it as part
 * of the RRset key (`rrset/name/{owner}/{type}/{bailiwick}`, specs/passive-dns.md),
 * and the same data served from `com` and from `example.com` is exactly what a
 * cache-poisoning or takeover analysis must tell apart; merging them would lose it.
 *
 * `source` is NOT in the key: one RRset seen by a sensor and by our own lookup is
 * one fact, and keying on it would double rows in every pdns answer. A merged row
 * keeps the source of its earliest sighting (ties: the alphabetically first), which
 * is order-independent, so ClickHouse can do the same with
 * `argMin(source, (time_first, source))`.
 */
export interface Observation {
  rrname: string;
  rrtype: string;
  rdata: string;
  bailiwick?: string;
  sensorId?: string;
  /** Epoch seconds; a merge keeps the minimum. */
  timeFirst: number;
  /** Epoch seconds; a merge keeps the maximum. */
  timeLast: number;
  /** Sightings; a merge sums them. */
  count: number;
  source: ObservationSource;
}

/** What a collector may hand over: any name case, a trailing dot, a numeric type. */
export interface ObservationInput {
  rrname: string;
  rrtype: string | number;
  rdata: string;
  bailiwick?: string | null;
  sensorId?: string | null;
  /** Epoch seconds; fractions (Zeek's `ts`) are floored. */
  timeFirst: number;
  /** Defaults to timeFirst. */
  timeLast?: number;
  /** Defaults to 1, one sighting. */
  count?: number;
  source: ObservationSource;
}
