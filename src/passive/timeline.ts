import { setImmediate as yieldLoop } from "node:timers/promises";
import type { Observation } from "../model/observation.js";
import type { ObservationSearch, ObservationStore, SearchPage } from "../store/types.js";
import { toSearch, type PdnsRequest } from "./search.js";

// When each answer of a query was seen, per day or week: the timeline the UI charts
// beside a pDNS table. The store keeps one aggregated row per (name, type, rdata,
// bailiwick, sensor) with its first and last sighting and a total count, not counts
// per day, so a bucket's value is how many of an rdata's rows were live in it (their
// [first, last] overlaps it), never a guess at how the count spread over the days.
// It is derived from search pages, bounded in rows read, wall time, buckets and series.

export type TimelineInterval = "day" | "week";

export interface TimelineLimits {
  interval: TimelineInterval;
  /** Stored rows read at most; past it the answer says `limited: "rows"`. */
  maxRows: number;
  /** Buckets at most: the latest ones are kept (`clipped`). */
  maxBuckets: number;
  /** Series at most: those with the most sightings are kept (`otherSeries` counts the rest). */
  maxSeries: number;
  /** Rows per store call (also its scanMax: one call's work is bounded). */
  pageSize: number;
  /** Milliseconds; past it no further page is read (`limited: "time"`). */
  budgetMs: number;
  /** Reads one page (the API reads in its pacer's turns); by default the store, yielding between pages. */
  read?: (search: ObservationSearch, first: boolean) => Promise<SearchPage>;
}

export interface TimelineSeries {
  rrtype: string;
  rdata: string;
  /** Sightings, summed over the rows read. */
  count: number;
  /** Rows read (one per name, bailiwick and sensor). */
  rows: number;
  timeFirst: number;
  timeLast: number;
  /** Per bucket: rows of this rdata live in it. */
  live: number[];
}

export interface Timeline {
  interval: TimelineInterval;
  /** Start of each bucket, epoch seconds (UTC midnight; weeks start on Monday). */
  buckets: number[];
  series: TimelineSeries[];
  rowsRead: number;
  /** Series left out by maxSeries. */
  otherSeries: number;
  /** Earlier buckets were left out by maxBuckets. */
  clipped: boolean;
  /** The rows were not all read: the row cap or the time budget came first. */
  limited?: "rows" | "time";
}

const DAY = 86_400;
/** 1970-01-05, the first Monday of the epoch, is day 4. */
const MONDAY = 4;

/** The index of the bucket holding epoch second `t`, and the start of bucket `i`. */
function bucketing(interval: TimelineInterval): {
  index(t: number): number;
  start(i: number): number;
} {
  if (interval === "day") return { index: (t) => Math.floor(t / DAY), start: (i) => i * DAY };
  return {
    index: (t) => Math.floor((Math.floor(t / DAY) - MONDAY) / 7),
    start: (i) => (i * 7 + MONDAY) * DAY,
  };
}

interface Gathered {
  rrtype: string;
  rdata: string;
  count: number;
  timeFirst: number;
  timeLast: number;
  /** [first, last] of each row, flat. */
  spans: number[];
}

function gather(map: Map<string, Gathered>, o: Observation): void {
  const key = `${o.rrtype}\t${o.rdata}`;
  let g = map.get(key);
  if (g === undefined) {
    g = {
      rrtype: o.rrtype,
      rdata: o.rdata,
      count: 0,
      timeFirst: o.timeFirst,
      timeLast: o.timeLast,
      spans: [],
    };
    map.set(key, g);
  }
  g.count += o.count;
  g.timeFirst = Math.min(g.timeFirst, o.timeFirst);
  g.timeLast = Math.max(g.timeLast, o.timeLast);
  g.spans.push(o.timeFirst, o.timeLast);
}

/** The timeline of `request` (its limit, offset and cursor are ignored). */
export async function pdnsTimeline(
  store: ObservationStore,
  request: PdnsRequest,
  limits: TimelineLimits,
): Promise<Timeline> {
  const { limit: _l, offset: _o, cursor: _c, ...base } = toSearch(request);
  const read =
    limits.read ??
    (async (s: ObservationSearch) => {
      await yieldLoop();
      return store.searchObservations(s);
    });
  const map = new Map<string, Gathered>();
  const started = performance.now();
  let rowsRead = 0;
  let cursor: string | undefined;
  let limited: Timeline["limited"];
  for (;;) {
    const size = Math.min(limits.pageSize, limits.maxRows - rowsRead);
    const page = await read(
      { ...base, limit: size, scanMax: size, ...(cursor !== undefined ? { cursor } : {}) },
      cursor === undefined,
    );
    for (const o of page.rows) gather(map, o);
    rowsRead += page.rows.length;
    if (page.next === undefined) break;
    cursor = page.next;
    if (rowsRead >= limits.maxRows) limited = "rows";
    else if (performance.now() - started > limits.budgetMs) limited = "time";
    if (limited !== undefined) break;
  }
  return shape([...map.values()], base, limits, { rowsRead, limited });
}

function shape(
  all: Gathered[],
  s: ObservationSearch,
  limits: TimelineLimits,
  read: { rowsRead: number; limited: Timeline["limited"] },
): Timeline {
  const b = bucketing(limits.interval);
  const out: Timeline = {
    interval: limits.interval,
    buckets: [],
    series: [],
    rowsRead: read.rowsRead,
    otherSeries: 0,
    clipped: false,
    ...(read.limited !== undefined ? { limited: read.limited } : {}),
  };
  if (all.length === 0) return out;
  // The span shown: the rows', inside the time fence when there is one.
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of all) {
    lo = Math.min(lo, g.timeFirst);
    hi = Math.max(hi, g.timeLast);
  }
  lo = Math.max(lo, s.timeFirstAfter ?? lo, s.timeLastAfter ?? lo);
  hi = Math.min(hi, s.timeFirstBefore ?? hi, s.timeLastBefore ?? hi);
  if (hi < lo) hi = lo;
  const last = b.index(hi);
  let first = b.index(lo);
  if (last - first + 1 > limits.maxBuckets) {
    first = last - limits.maxBuckets + 1;
    out.clipped = true;
  }
  const n = last - first + 1;
  for (let i = 0; i < n; i++) out.buckets.push(b.start(first + i));
  const kept = all
    .sort((x, y) => y.count - x.count || cmp(x.rrtype, y.rrtype) || cmp(x.rdata, y.rdata))
    .slice(0, limits.maxSeries);
  out.otherSeries = all.length - kept.length;
  for (const g of kept) {
    // A difference array: +1 where a row starts being live, -1 after it ends.
    const diff = new Array<number>(n + 1).fill(0);
    for (let k = 0; k < g.spans.length; k += 2) {
      const from = Math.max(b.index(g.spans[k]!), first) - first;
      const to = Math.min(b.index(g.spans[k + 1]!), last) - first;
      if (to < 0 || from >= n || to < from) continue;
      diff[from]!++;
      diff[to + 1]!--;
    }
    const live: number[] = [];
    let run = 0;
    for (let i = 0; i < n; i++) live.push((run += diff[i]!));
    const { spans, ...rest } = g;
    out.series.push({ ...rest, rows: spans.length / 2, live });
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
