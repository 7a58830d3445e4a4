// Search, summary and the one-name query on ClickHouse, over the SQL of search-sql.ts.
// A page is one statement: the server merges, filters and orders, and the page's last
// row's order values become the cursor. With `scanMax` the statement reads at most that
// many merged rows and the time fences are applied here, so a fence that rejects
// everything still costs a bounded read per call, as on SQLite.
import { DnsightError } from "../../errors.js";
import type { Observation } from "../../model/observation.js";
import type { ObservationQuery, ObservationSearch, SearchPage, SearchSummary } from "../types.js";
import type { ClickHouseClient } from "./http-client.js";
import { mergedSelect, scanFor, type Scan } from "./search-sql.js";

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

export async function searchPage(ch: ClickHouseClient, s: ObservationSearch): Promise<SearchPage> {
  const scan = scanFor(s);
  const cursor = s.cursor === undefined ? undefined : decodeCursor(s.cursor, scan);
  const at = cursor ? { cursor } : {};
  if (s.scanMax !== undefined) {
    const q = mergedSelect(s, scan, { ...at, fences: false, limit: s.scanMax });
    const read = await ch.query<Row>(q.sql, { params: q.params });
    const rows: Observation[] = [];
    const limit = s.limit ?? Infinity;
    for (const r of read) {
      const o = observation(r);
      if (!fenced(s, o)) continue;
      rows.push(o);
      if (rows.length === limit)
        return { rows, next: encodeCursor(scan.tag, orderValues(scan, r)) };
    }
    const last = read[read.length - 1];
    return read.length === s.scanMax && last
      ? { rows, next: encodeCursor(scan.tag, orderValues(scan, last)) }
      : { rows };
  }
  // One row past the limit tells whether there is a next page.
  const q = mergedSelect(s, scan, {
    ...at,
    fences: true,
    ...(s.limit !== undefined ? { limit: s.limit + 1 } : {}),
    ...(s.offset !== undefined ? { offset: s.offset } : {}),
  });
  const read = await ch.query<Row>(q.sql, { params: q.params });
  if (s.limit === undefined || read.length <= s.limit) return { rows: read.map(observation) };
  const page = read.slice(0, s.limit);
  return {
    rows: page.map(observation),
    next: encodeCursor(scan.tag, orderValues(scan, page.at(-1)!)),
  };
}

export async function summarize(
  ch: ClickHouseClient,
  s: ObservationSearch,
): Promise<SearchSummary> {
  const inner = mergedSelect(s, scanFor(s), { fences: true });
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
export async function queryName(ch: ClickHouseClient, q: ObservationQuery): Promise<Observation[]> {
  const search: ObservationSearch = {
    target: { on: "rrname", match: { kind: "name", name: q.rrname } },
    ...(q.rrtype !== undefined ? { rrtype: q.rrtype } : {}),
    ...(q.bailiwick !== undefined ? { bailiwick: q.bailiwick } : {}),
    ...(q.sensorId !== undefined ? { sensorId: q.sensorId } : {}),
  };
  const sel = mergedSelect(search, scanFor(search), {
    fences: false,
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.offset !== undefined ? { offset: q.offset } : {}),
  });
  return (await ch.query<Row>(sel.sql, { params: sel.params })).map(observation);
}
