import type { Observation } from "../model/observation.js";

// The merge rules of model/observation.ts in TypeScript: the batcher pre-merges with them, and
// the contract suite uses them as the oracle a backend must agree with.

/**
 * Key of the merge: (rrname, rrtype, bailiwick, sensorId, rdata). Names and the
 * sensor id never hold control characters (assertObservation), and rdata, the one
 * free-form field, comes last, so "\0" cannot make two keys collide.
 */
export function observationKey(o: Observation): string {
  return `${o.rrname}\0${o.rrtype}\0${o.bailiwick ?? ""}\0${o.sensorId ?? ""}\0${o.rdata}`;
}

/** True when `a` is the earlier sighting, so its source wins (ties: alphabetical). */
function earlier(a: Observation, b: Observation): boolean {
  return a.timeFirst < b.timeFirst || (a.timeFirst === b.timeFirst && a.source <= b.source);
}

/** Merges two deltas with the same key; commutative and associative. */
export function mergeObservation(a: Observation, b: Observation): Observation {
  const out: Observation = {
    rrname: a.rrname,
    rrtype: a.rrtype,
    rdata: a.rdata,
    timeFirst: Math.min(a.timeFirst, b.timeFirst),
    timeLast: Math.max(a.timeLast, b.timeLast),
    count: a.count + b.count,
    source: earlier(a, b) ? a.source : b.source,
  };
  if (a.bailiwick !== undefined) out.bailiwick = a.bailiwick;
  if (a.sensorId !== undefined) out.sensorId = a.sensorId;
  return out;
}

/**
 * Merges `b` into `a` in place: for a buffer that owns its rows, where a fresh
 * object per merge would only feed the garbage collector. Same rules as above.
 */
export function mergeInto(a: Observation, b: Observation): void {
  const source = earlier(a, b) ? a.source : b.source;
  a.timeFirst = Math.min(a.timeFirst, b.timeFirst);
  a.timeLast = Math.max(a.timeLast, b.timeLast);
  a.count += b.count;
  a.source = source;
}

/** Folds deltas into one row per key, keeping the order in which keys first appeared. */
export function mergeAll(
  deltas: Iterable<Observation>,
  into = new Map<string, Observation>(),
): Map<string, Observation> {
  for (const d of deltas) {
    const k = observationKey(d);
    const prev = into.get(k);
    into.set(k, prev === undefined ? d : mergeObservation(prev, d));
  }
  return into;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The contract's row order for one name: rrtype, rdata, bailiwick, sensorId, absent
 * first. JS compares UTF-16 code units, which matches SQLite's and ClickHouse's
 * byte order for the ASCII that presentation forms are made of.
 */
export function compareObservations(a: Observation, b: Observation): number {
  return (
    cmp(a.rrname, b.rrname) ||
    cmp(a.rrtype, b.rrtype) ||
    cmp(a.rdata, b.rdata) ||
    cmp(a.bailiwick ?? "", b.bailiwick ?? "") ||
    cmp(a.sensorId ?? "", b.sensorId ?? "")
  );
}
