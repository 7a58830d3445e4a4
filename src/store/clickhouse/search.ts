// Search, summary and the one-name query on ClickHouse, over the SQL of search-sql.ts.
// A page is one statement: the server merges, filters and orders, and the page's last
// row's order values become the cursor. With `scanMax` the statement reads at most that
// many merged rows and the time fences are applied here, so a fence that rejects
// everything still costs a bounded read per call, as on SQLite.
import { DnsightError } from "../../errors.js";
import type { Observation } from "../../model/observation.js";
import type { ObservationQuery, ObservationSearch, SearchPage, SearchSummary } from "../types.js";
import type { ClickHouseClient } from "./http-client.js";
import { boundSelect, mergedSelect, scanFor, type Scan } from "./search-sql.js";
import type { Tables } from "./tables.js";

type Row = Record<string, string | number>;

function observation(r: Row): Observation {
  const o: Observation = {
    rrname: String(r.rrname),
    rrtype: String(r.rrtype),
    rdata: String(r.rdata),
    timeFirst: Number(r.tf),
    timeLast: Number(r.tl),
    count: Number(r.c),
    source: String(r.src) as Observation["source"],
  };
  if (r.bailiwick !== "") o.bailiwick = String(r.bailiwick);
  if (r.sensor !== "") o.sensorId = String(r.sensor);
  return o;
}

const orderValues = (scan: Scan, r: Row): string[] =>
  scan.order.map((c) => String(c === "ip_key" ? r.ip_hex : r[c]));

function encodeCursor(tag: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([tag, ...values])).toString("base64url");
}

function decodeCursor(cursor: string, scan: Scan): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== scan.tag ||
    parsed.length !== scan.order.length + 1 ||
    !parsed.every((v) => typeof v === "string") ||
    (scan.tag === "ip" && !/^(?:[0-9A-F]{2})+$/i.test(parsed[1] as string))
  )
    throw new DnsightError("INPUT", "the cursor does not belong to this query");
  return parsed.slice(1) as string[];
}

/** Whether a merged row passes the time fences (for scanMax pages, fenced here). */
function fenced(s: ObservationSearch, o: Observation): boolean {
  return (
    (s.timeFirstAfter === undefined || o.timeFirst >= s.timeFirstAfter) &&
    (s.timeFirstBefore === undefined || o.timeFirst <= s.timeFirstBefore) &&
    (s.timeLastAfter === undefined || o.timeLast >= s.timeLastAfter) &&
    (s.timeLastBefore === undefined || o.timeLast <= s.timeLastBefore)
  );
}

/** Deltas a page reads at least, whatever its limit: fewer round trips for tiny pages. */
const MIN_RUN = 256;

interface Run {
  rows: Row[];
  /** Order values of the last key the run covered; absent when it reached the range's end. */
  bound?: string[];
}

/**
 * Merged rows after `cursor`, covering the keys of the next `n` stored deltas (fewer
 * keys when deltas of one key are not merged yet): bounded work per call, whatever the
 * range holds. `bound` is where the next run starts.
 */
async function mergedRun(
  ch: ClickHouseClient,
  s: ObservationSearch,
  scan: Scan,
  cursor: string[] | undefined,
  n: number,
  fences: boolean,
): Promise<Run> {
  const b = boundSelect(s, scan, { cursor, fences: false, n });
  const raw = await ch.query<Row>(b.sql, { params: b.params, maxRows: n });
  const bound = raw.length === n ? orderValues(scan, raw[n - 1]!) : undefined;
  if (raw.length === 0) return { rows: [] };
  const q = mergedSelect(s, scan, { cursor, upTo: bound, fences });
  const rows = await ch.query<Row>(q.sql, { params: q.params, maxRows: n });
  return bound ? { rows, bound } : { rows };
}

export async function searchPage(
  ch: ClickHouseClient,
  s: ObservationSearch,
  tables: Tables,
): Promise<SearchPage> {
  const scan = scanFor(s, tables);
  let cursor = s.cursor === undefined ? undefined : decodeCursor(s.cursor, scan);
  if (s.scanMax !== undefined) {
    // One run of scanMax deltas, fenced here: a fence rejecting everything still
    // costs one bounded read per call.
    const run = await mergedRun(ch, s, scan, cursor, s.scanMax, false);
    const rows: Observation[] = [];
    const limit = s.limit ?? Infinity;
    for (const r of run.rows) {
      const o = observation(r);
      if (!fenced(s, o)) continue;
      rows.push(o);
      if (rows.length === limit)
        return { rows, next: encodeCursor(scan.tag, orderValues(scan, r)) };
    }
    return run.bound ? { rows, next: encodeCursor(scan.tag, run.bound) } : { rows };
  }
  if (s.limit === undefined) {
    const q = mergedSelect(s, scan, {
      cursor,
      fences: true,
      ...(s.offset ? { offset: s.offset } : {}),
    });
    return { rows: (await ch.query<Row>(q.sql, { params: q.params })).map(observation) };
  }
  // Runs until the page and one row past it (which tells whether there is a next page).
  let skip = s.offset ?? 0;
  const want = s.limit + 1;
  const got: Row[] = [];
  for (;;) {
    const run = await mergedRun(
      ch,
      s,
      scan,
      cursor,
      Math.max(MIN_RUN, skip + want - got.length),
      true,
    );
    for (const r of run.rows) {
      if (skip > 0) skip--;
      else if (got.push(r) === want) break;
    }
    if (got.length === want || !run.bound) break;
    cursor = run.bound;
  }
  if (got.length <= s.limit) return { rows: got.map(observation) };
  const page = got.slice(0, s.limit);
  return {
    rows: page.map(observation),
    next: encodeCursor(scan.tag, orderValues(scan, page.at(-1)!)),
  };
}

export async function summarize(
  ch: ClickHouseClient,
  s: ObservationSearch,
  tables: Tables,
): Promise<SearchSummary> {
  const inner = mergedSelect(s, scanFor(s, tables), { fences: true });
  const [r] = await ch.query<Row>(
    `SELECT sum(c) AS count, count() AS n, min(tf) AS tf, max(tl) AS tl FROM (${inner.sql})`,
    { params: inner.params },
  );
  const n = Number(r?.n ?? 0);
  if (n === 0) return { count: 0, numResults: 0 };
  return {
    count: Number(r!.count),
    numResults: n,
    timeFirst: Number(r!.tf),
    timeLast: Number(r!.tl),
  };
}

/** queryObservations: one owner name's merged rows, in (rrtype, rdata, bailiwick, sensor) order. */
export async function queryName(
  ch: ClickHouseClient,
  q: ObservationQuery,
  tables: Tables,
): Promise<Observation[]> {
  const search: ObservationSearch = {
    target: { on: "rrname", match: { kind: "name", name: q.rrname } },
    ...(q.rrtype !== undefined ? { rrtype: q.rrtype } : {}),
    ...(q.bailiwick !== undefined ? { bailiwick: q.bailiwick } : {}),
    ...(q.sensorId !== undefined ? { sensorId: q.sensorId } : {}),
  };
  const sel = mergedSelect(search, scanFor(search, tables), {
    fences: false,
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.offset !== undefined ? { offset: q.offset } : {}),
  });
  return (await ch.query<Row>(sel.sql, { params: sel.params })).map(observation);
}
