import type Database from "better-sqlite3";
import type { Observation } from "../../model/observation.js";
import type { ObservationSearch, SearchPage } from "../types.js";
import {
  COL,
  decodeCursor,
  encodeCursor,
  scanColumns,
  scanFor,
  scanStatements,
} from "./_search-sql.js";

// Runs a search: reads the scan's index in order, a batch of rows per statement,
// keeps the rows the filters pass, and stops at `limit` kept rows, or after
// `scanMax` rows read (so a filter that rejects everything still costs a bounded
// read per call: the API's slices rely on it), or at the end of the scan.

/** A row as read: the columns of scanColumns(), in order. */
type Row = unknown[];

/** Rows read per statement when filters may reject some of them. */
const FILTERED_BATCH = 1000;

/** The filters the index does not seek on, as a test of one row (undefined: none). */
function rowFilter(s: ObservationSearch, seeksType: boolean): ((r: Row) => boolean) | undefined {
  const tests: Array<(r: Row) => boolean> = [];
  const { rrtype, bailiwick, sensorId } = s;
  if (rrtype !== undefined && !seeksType) tests.push((r) => r[COL.rrtype] === rrtype);
  if (bailiwick !== undefined) tests.push((r) => r[COL.bailiwick] === bailiwick);
  if (sensorId !== undefined) tests.push((r) => r[COL.sensor_id] === sensorId);
  const first = (r: Row): number => r[COL.time_first] as number;
  const last = (r: Row): number => r[COL.time_last] as number;
  const { timeFirstAfter: fa, timeFirstBefore: fb, timeLastAfter: la, timeLastBefore: lb } = s;
  if (fa !== undefined) tests.push((r) => first(r) >= fa);
  if (fb !== undefined) tests.push((r) => first(r) <= fb);
  if (la !== undefined) tests.push((r) => last(r) >= la);
  if (lb !== undefined) tests.push((r) => last(r) <= lb);
  return tests.length === 0 ? undefined : (r) => tests.every((t) => t(r));
}

function observation(r: Row): Observation {
  const o: Observation = {
    rrname: r[COL.rrname] as string,
    rrtype: r[COL.rrtype] as string,
    rdata: r[COL.rdata] as string,
    timeFirst: r[COL.time_first] as number,
    timeLast: r[COL.time_last] as number,
    count: r[COL.count] as number,
    source: r[COL.source] as Observation["source"],
  };
  if (r[COL.bailiwick] !== "") o.bailiwick = r[COL.bailiwick] as string;
  if (r[COL.sensor_id] !== "") o.sensorId = r[COL.sensor_id] as string;
  return o;
}

export function searchPage(
  prepared: (sql: string) => Database.Statement,
  s: ObservationSearch,
): SearchPage {
  const scan = scanFor(s);
  const keep = rowFilter(s, scan.tag === "n");
  const limit = s.limit ?? Infinity;
  const scanMax = s.scanMax ?? Infinity;
  let skip = s.offset ?? 0;
  let cursor =
    s.cursor === undefined ? undefined : decodeCursor(s.cursor, scan.tag, scan.order.length);
  const columns = scanColumns(scan);
  const orderAt = scan.order.map((c) => columns.indexOf(c));
  const keyOf = (r: Row): unknown[] => orderAt.map((i) => r[i]);
  const rows: Observation[] = [];
  let read = 0;
  let last: Row | undefined;
  const next = (): string => encodeCursor(scan.tag, keyOf(last!));
  for (;;) {
    // Unfiltered, exactly the rows still wanted; filtered, a bounded batch.
    const wanted = skip + (limit - rows.length);
    const batch = Math.min(scanMax - read, keep ? Math.max(wanted, FILTERED_BATCH) : wanted);
    const got = readBatch(prepared, scanStatements(scan, cursor), batch);
    for (const r of got) {
      read++;
      last = r;
      if (keep && !keep(r)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      rows.push(observation(r));
      if (rows.length === limit) return { rows, next: next() };
    }
    if (got.length < batch) return { rows };
    if (read >= scanMax) return { rows, next: next() };
    cursor = keyOf(last!);
  }
}

/** Up to `n` rows from the statements in turn (a later one only if the earlier ran out). */
function readBatch(
  prepared: (sql: string) => Database.Statement,
  statements: ReturnType<typeof scanStatements>,
  n: number,
): Row[] {
  const out: Row[] = [];
  for (const st of statements) {
    if (out.length >= n) break;
    const left = n - out.length;
    // LIMIT -1 is SQLite for "no limit".
    const stmt = prepared(st.sql).raw(true);
    const rows = stmt.all(...st.params, Number.isFinite(left) ? left : -1) as Row[];
    for (const r of rows) out.push(r);
  }
  return out;
}
