import type { Observation } from "../../model/observation.js";
import { ipKey, rdataName, reverseName } from "../indexed-names.js";
import type { ObservationQuery } from "../types.js";

// The SQL text, kept apart from running it (as drizzle keeps dialect from session):
// what differs for ClickHouse is here, not in the store logic.

/**
 * Deltas merged into their rows. In an UPDATE every right-hand side sees the row as
 * it was before, so `source` compares against the old time_first. The rules are those
 * of src/store/merge.ts.
 */
export function upsertObservationsSql(rows: number): string {
  const values = Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(
    ", ",
  );
  // The derived search keys (last four) depend only on the key, so a merge leaves them.
  return `
  INSERT INTO observations
    (rrname, rrtype, rdata, bailiwick, sensor_id, time_first, time_last, count, source,
     rrname_rev, rdata_name, rdata_name_rev, ip_key)
  VALUES ${values}
  ON CONFLICT (rrname, rrtype, rdata, bailiwick, sensor_id) DO UPDATE SET
    source = CASE
      WHEN excluded.time_first < time_first
        OR (excluded.time_first = time_first AND excluded.source < source)
      THEN excluded.source ELSE source END,
    time_first = min(time_first, excluded.time_first),
    time_last = max(time_last, excluded.time_last),
    count = count + excluded.count`;
}

/**
 * Rows per multi-row upsert. Binding 50 rows per statement call roughly halves the
 * per-row overhead of the driver (measured ~1.4x on this machine); rows with the
 * same key inside one statement still merge, as each row is inserted in turn.
 */
export const UPSERT_ROWS = 50;

/** Appends one observation's parameters in the order of the VALUES tuple. */
export function pushUpsertParams(out: unknown[], o: Observation): void {
  out.push(
    o.rrname,
    o.rrtype,
    o.rdata,
    o.bailiwick ?? "",
    o.sensorId ?? "",
    o.timeFirst,
    o.timeLast,
    o.count,
    o.source,
    reverseName(o.rrname),
  );
  const target = rdataName(o.rrtype, o.rdata);
  out.push(target ?? null, target === undefined ? null : reverseName(target));
  out.push(ipKey(o.rrtype, o.rdata) ?? null);
}

export interface ObservationRow {
  rrname: string;
  rrtype: string;
  rdata: string;
  bailiwick: string;
  sensor_id: string;
  time_first: number;
  time_last: number;
  count: number;
  source: Observation["source"];
}

/**
 * The lookup for a query. Only the shape of the WHERE clause varies (8 variants at
 * most), so the caller can cache one prepared statement per SQL text.
 */
export function selectObservationsSql(q: ObservationQuery): { sql: string; params: unknown[] } {
  const where = ["rrname = ?"];
  const params: unknown[] = [q.rrname];
  const filters: Array<[string, string | undefined]> = [
    ["rrtype", q.rrtype],
    ["bailiwick", q.bailiwick],
    ["sensor_id", q.sensorId],
  ];
  for (const [column, value] of filters) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  // LIMIT -1 is SQLite for "no limit"; keeping the clause keeps the variants few.
  params.push(q.limit ?? -1, q.offset ?? 0);
  const sql =
    "SELECT rrname, rrtype, rdata, bailiwick, sensor_id, time_first, time_last, count, source" +
    ` FROM observations WHERE ${where.join(" AND ")}` +
    " ORDER BY rrtype, rdata, bailiwick, sensor_id LIMIT ? OFFSET ?";
  return { sql, params };
}

export function rowToObservation(r: ObservationRow): Observation {
  const o: Observation = {
    rrname: r.rrname,
    rrtype: r.rrtype,
    rdata: r.rdata,
    timeFirst: r.time_first,
    timeLast: r.time_last,
    count: r.count,
    source: r.source,
  };
  if (r.bailiwick !== "") o.bailiwick = r.bailiwick;
  if (r.sensor_id !== "") o.sensorId = r.sensor_id;
  return o;
}
