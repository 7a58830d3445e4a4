import type { Observation, ObservationSource } from "../model/observation.js";

// Merged rows as a parser thread hands them to the main thread: each row's merge key
// (store/merge.ts observationKey, which holds every field but the times, count and
// source) and its numbers in one transferable array, rather than an array of objects.
// Cloning strings and moving a buffer costs a fraction of cloning objects, and the main
// thread, merging the rounds of every thread, builds an object only for a key it has
// not seen: a busy name, in every range, is looked up, not rebuilt.

export interface PackedRows {
  keys: string[];
  /** timeFirst, timeLast, count for each key, in turn. */
  numbers: Float64Array;
  /** The distinct sources, and the one of each key. */
  sources: ObservationSource[];
  sourceOf: Uint32Array;
}

/** Packs rows keyed by observationKey (as parseRange merges them). */
export function packRows(rows: ReadonlyMap<string, Observation>): PackedRows {
  const keys = [...rows.keys()];
  const numbers = new Float64Array(keys.length * 3);
  const sourceOf = new Uint32Array(keys.length);
  const sources: ObservationSource[] = [];
  const sourceIndex = new Map<ObservationSource, number>();
  let i = 0;
  for (const o of rows.values()) {
    numbers[i * 3] = o.timeFirst;
    numbers[i * 3 + 1] = o.timeLast;
    numbers[i * 3 + 2] = o.count;
    let s = sourceIndex.get(o.source);
    if (s === undefined) {
      s = sources.push(o.source) - 1;
      sourceIndex.set(o.source, s);
    }
    sourceOf[i] = s;
    i++;
  }
  return { keys, numbers, sources, sourceOf };
}

/** The row a key stands for: the key is rrname, rrtype, bailiwick, sensorId, rdata joined by NUL. */
function rowOf(key: string, p: PackedRows, i: number): Observation {
  const a = key.indexOf("\0");
  const b = key.indexOf("\0", a + 1);
  const c = key.indexOf("\0", b + 1);
  const d = key.indexOf("\0", c + 1);
  const o: Observation = {
    rrname: key.slice(0, a),
    rrtype: key.slice(a + 1, b),
    rdata: key.slice(d + 1),
    timeFirst: p.numbers[i * 3]!,
    timeLast: p.numbers[i * 3 + 1]!,
    count: p.numbers[i * 3 + 2]!,
    source: p.sources[p.sourceOf[i]!]!,
  };
  if (c > b + 1) o.bailiwick = key.slice(b + 1, c);
  if (d > c + 1) o.sensorId = key.slice(c + 1, d);
  return o;
}

/** Merges packed rows into `into` (keyed by observationKey), by store/merge.ts mergeInto's rules. */
export function mergePacked(p: PackedRows, into: Map<string, Observation>): void {
  const { keys, numbers } = p;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const prev = into.get(key);
    if (prev === undefined) {
      into.set(key, rowOf(key, p, i));
      continue;
    }
    const first = numbers[i * 3]!;
    const source = p.sources[p.sourceOf[i]!]!;
    // The earlier sighting's source wins; on a tie, the alphabetically first.
    if (first < prev.timeFirst || (first === prev.timeFirst && source < prev.source))
      prev.source = source;
    if (first < prev.timeFirst) prev.timeFirst = first;
    const last = numbers[i * 3 + 1]!;
    if (last > prev.timeLast) prev.timeLast = last;
    prev.count += numbers[i * 3 + 2]!;
  }
}

/** The rows, as objects (for tests and callers that want them). */
export function unpackRows(p: PackedRows): Observation[] {
  return p.keys.map((k, i) => rowOf(k, p, i));
}
