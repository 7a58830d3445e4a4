import type { Observation } from "../model/observation.js";
import type { RegistrationSnapshot, Store } from "../store/types.js";
import { Digest } from "./_digest.js";

// What `dnsight migrate` compares between two stores: counts a person can read, and a
// digest of every row's content, so that two stores that agree on the counts but not on
// a value (a count, a first-seen time, a record's history order) still differ. Each
// digest is a sum of per-row hashes mod 2^64: order-free, since the backends scan in
// different orders (SQLite by name, ClickHouse by reversed name), and taken a page at
// a time, so a 10M-row store costs one pass and no memory to speak of.

export interface StoreCensus {
  /** Merged observations: distinct (rrname, rrtype, rdata, bailiwick, sensor) keys. */
  observations: number;
  /** Distinct owner names. */
  names: number;
  /** Sum of the observations' counts. */
  count: number;
  firstSeen?: number;
  lastSeen?: number;
  /** Order-free digest of every observation's fields (16 hex digits). */
  observationDigest: string;
  /** Registration snapshots, history included. */
  snapshots: number;
  /** Keys with at least one snapshot. */
  snapshotKeys: number;
  /** Digest of every snapshot with its place in its key's history. */
  snapshotDigest: string;
}

/** Counts a census as it is fed, in any order but with each name's rows together. */
export class CensusTaker {
  private obs = {
    rows: 0,
    names: 0,
    count: 0,
    sum: new Digest(),
    lastName: undefined as string | undefined,
  };
  private first: number | undefined;
  private last: number | undefined;
  private snaps = {
    rows: 0,
    keys: 0,
    sum: new Digest(),
    lastKey: undefined as string | undefined,
    nth: 0,
  };

  addObservation(o: Observation): void {
    const c = this.obs;
    c.rows++;
    // Every scan order keeps a name's rows together (by name, or by reversed name).
    if (o.rrname !== c.lastName) c.names++;
    c.lastName = o.rrname;
    c.count += o.count;
    this.first = Math.min(this.first ?? o.timeFirst, o.timeFirst);
    this.last = Math.max(this.last ?? o.timeLast, o.timeLast);
    const fields = [o.rrname, o.rrtype, o.rdata, o.bailiwick ?? "", o.sensorId ?? ""];
    const text = JSON.stringify([...fields, o.timeFirst, o.timeLast, o.count, o.source]);
    c.sum.add(text);
  }

  /**
   * Adds the next snapshot of a scan (keys together, each history oldest first);
   * returns its place in its key's history (0 for the oldest).
   */
  addSnapshot(s: RegistrationSnapshot): number {
    const c = this.snaps;
    c.rows++;
    if (s.key === c.lastKey) c.nth++;
    else {
      c.keys++;
      c.nth = 0;
      c.lastKey = s.key;
    }
    const text = JSON.stringify([s.key, c.nth, s.fetchedAt, JSON.stringify(s.record), s.raw]);
    c.sum.add(text);
    return c.nth;
  }

  result(): StoreCensus {
    return {
      observations: this.obs.rows,
      names: this.obs.names,
      count: this.obs.count,
      ...(this.first !== undefined ? { firstSeen: this.first } : {}),
      ...(this.last !== undefined ? { lastSeen: this.last } : {}),
      observationDigest: this.obs.sum.hex(),
      snapshots: this.snaps.rows,
      snapshotKeys: this.snaps.keys,
      snapshotDigest: this.snaps.sum.hex(),
    };
  }
}

/** One pass over a store's observations and snapshots (both at once). */
export async function takeCensus(
  store: Store,
  onRows?: (rows: number) => void,
): Promise<StoreCensus> {
  const c = new CensusTaker();
  let rows = 0;
  const snapshots = async (): Promise<void> => {
    const scan = store.registrations?.scanSnapshots;
    if (scan === undefined) return;
    for await (const page of scan.call(store.registrations, 500))
      for (const s of page) c.addSnapshot(s);
  };
  const observations = async (): Promise<void> => {
    for await (const page of store.scanObservations(5000)) {
      for (const o of page) c.addObservation(o);
      onRows?.((rows += page.length));
    }
  };
  await Promise.all([observations(), snapshots()]);
  return c.result();
}

/** The census fields, with the words `dnsight migrate` prints for them. */
export const CENSUS_FIELDS: ReadonlyArray<readonly [keyof StoreCensus, string]> = [
  ["observations", "observations (distinct keys)"],
  ["names", "owner names"],
  ["count", "sum of counts"],
  ["firstSeen", "first seen"],
  ["lastSeen", "last seen"],
  ["observationDigest", "observation digest"],
  ["snapshots", "registration snapshots"],
  ["snapshotKeys", "registration keys"],
  ["snapshotDigest", "snapshot digest"],
];

/** The names of the fields where two censuses differ. */
export function censusDifferences(a: StoreCensus, b: StoreCensus): string[] {
  return CENSUS_FIELDS.filter(([k]) => a[k] !== b[k]).map(([, label]) => label);
}
