import type {
  RegistrationRecord,
  RegistrationSource,
  RegistrationStatus,
} from "../../model/registration.js";
import type { RegistrationParty } from "../registration-parties.js";

// Registration snapshots: the append-only history of RDAP and WHOIS fetches.

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

/** Which keys `keysByParty` lists, a page at a time. */
export interface PartyQuery {
  party: RegistrationParty;
  /** Compared as `partyKey` forms it: case, compatibility forms and white space runs aside. */
  name: string;
  /** Only keys after this one: the last key of the previous page. */
  after?: string;
  /** At most this many keys, 1 to 10,000. */
  limit: number;
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
  /**
   * Keys whose newest snapshot that is an answer (not "throttled") names `name` as
   * its registrar or registrant organisation, in key order. A later snapshot naming
   * someone else, or none (an expired domain), takes the key off the list. The
   * pivot from a registrar to its domains: answered from an index, a page at a time.
   */
  keysByParty(query: PartyQuery): Promise<string[]>;
  /**
   * Every snapshot, `batchSize` at a time: keys in byte order, each key's snapshots
   * in `listSnapshots` order (oldest first, ties in write order), so a copy written
   * in this order keeps every history's order (`dnsight migrate`). Pages are read by
   * key, not by an open cursor, so a long scan holds nothing open. Optional.
   */
  scanSnapshots?(batchSize?: number): AsyncIterable<RegistrationSnapshot[]>;
}
