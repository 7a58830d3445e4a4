import { DnsightError } from "../../errors.js";
import { addressKey, reverseName } from "../indexed-names.js";
import type { ObservationSearch, SearchTarget } from "../types.js";

// The SQL of a passive-DNS search. Each target kind scans one index in its own
// order, and that order (ending in a unique column) is also the cursor: the next
// page starts strictly after the last row's order values, so pages neither repeat
// nor skip rows, and no page needs a sort.

interface Scan {
  /** WHERE terms selecting the target, with their parameters. */
  where: string[];
  params: unknown[];
  /** ORDER BY columns; together unique. */
  order: string[];
  /** Cursor tag: a cursor from another kind of scan is refused. */
  tag: string;
}

/** Names strictly below `suffix` in reversed form: ("com.example.", "com.example/"). */
function belowRange(suffix: string): [string, string] {
  const rev = reverseName(suffix);
  return rev === "." ? ["", "\uffff"] : [`${rev}.`, `${rev}/`];
}

function scanFor(t: SearchTarget): Scan {
  if (t.on === "ip") {
    return {
      where: ["ip_key BETWEEN ? AND ?"],
      params: [addressKey(t.version, t.first), addressKey(t.version, t.last)],
      order: ["ip_key", "rowid"],
      tag: "ip",
    };
  }
  const m = t.match;
  if (t.on === "rrname") {
    if (m.kind === "name")
      return {
        where: ["rrname = ?"],
        params: [m.name],
        order: ["rrtype", "rdata", "bailiwick", "sensor_id"],
        tag: "n",
      };
    if (m.kind === "prefix")
      return {
        where: ["rrname > ?", "rrname < ?"],
        params: [`${m.labels}.`, `${m.labels}/`],
        order: ["rrname", "rrtype", "rdata", "bailiwick", "sensor_id"],
        tag: "np",
      };
    return {
      where: ["rrname_rev > ?", "rrname_rev < ?"],
      params: belowRange(m.suffix),
      order: ["rrname_rev", "rowid"],
      tag: "nb",
    };
  }
  if (m.kind === "name")
    return { where: ["rdata_name = ?"], params: [m.name], order: ["rowid"], tag: "r" };
  if (m.kind === "prefix")
    return {
      where: ["rdata_name > ?", "rdata_name < ?"],
      params: [`${m.labels}.`, `${m.labels}/`],
      order: ["rdata_name", "rowid"],
      tag: "rp",
    };
  return {
    where: ["rdata_name_rev > ?", "rdata_name_rev < ?"],
    params: belowRange(m.suffix),
    order: ["rdata_name_rev", "rowid"],
    tag: "rb",
  };
}

function filters(s: ObservationSearch, scan: Scan, where: string[], params: unknown[]): void {
  const eq: Array<[string, string | undefined]> = [
    ["rrtype", s.rrtype],
    ["bailiwick", s.bailiwick],
    ["sensor_id", s.sensorId],
  ];
  for (const [col, v] of eq) {
    if (v === undefined) continue;
    // Only the exact-name scan seeks on rrtype; elsewhere the unary + keeps SQLite
    // from using the term to reorder a range scan, which made it sort the result.
    where.push(col === "rrtype" && scan.tag === "n" ? `${col} = ?` : `+${col} = ?`);
    params.push(v);
  }
  const bounds: Array<[string, number | undefined]> = [
    ["time_first >= ?", s.timeFirstAfter],
    ["time_first <= ?", s.timeFirstBefore],
    ["time_last >= ?", s.timeLastAfter],
    ["time_last <= ?", s.timeLastBefore],
  ];
  for (const [term, v] of bounds) {
    if (v === undefined) continue;
    where.push(term);
    params.push(v);
  }
}

const COLUMNS =
  "rowid AS row_id, rrname, rrtype, rdata, bailiwick, sensor_id, time_first, time_last, count, source, rrname_rev, rdata_name, rdata_name_rev, ip_key";

export interface SearchSql {
  sql: string;
  params: unknown[];
  order: string[];
  tag: string;
}

export function searchSql(s: ObservationSearch): SearchSql {
  const scan = scanFor(s.target);
  const where = [...scan.where];
  const params = [...scan.params];
  filters(s, scan, where, params);
  if (s.cursor !== undefined) {
    const values = decodeCursor(s.cursor, scan.tag, scan.order.length);
    where.push(`(${scan.order.join(", ")}) > (${scan.order.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  params.push(s.limit ?? -1, s.offset ?? 0);
  const sql =
    `SELECT ${COLUMNS} FROM observations WHERE ${where.join(" AND ")}` +
    ` ORDER BY ${scan.order.join(", ")} LIMIT ? OFFSET ?`;
  return { sql, params, order: scan.order, tag: scan.tag };
}

export function summarySql(s: ObservationSearch): { sql: string; params: unknown[] } {
  const scan = scanFor(s.target);
  const where = [...scan.where];
  const params = [...scan.params];
  filters(s, scan, where, params);
  return {
    sql:
      "SELECT coalesce(sum(count), 0) AS count, count(*) AS num_results," +
      ` min(time_first) AS time_first, max(time_last) AS time_last FROM observations WHERE ${where.join(" AND ")}`,
    params,
  };
}

/** The cursor after `row`: its order values, tagged with the scan kind. */
export function encodeCursor(tag: string, order: string[], row: Record<string, unknown>): string {
  const values = order.map((c) => {
    const v = row[c === "rowid" ? "row_id" : c];
    return Buffer.isBuffer(v) ? { hex: v.toString("hex") } : v;
  });
  return Buffer.from(JSON.stringify([tag, ...values])).toString("base64url");
}

function decodeCursor(cursor: string, tag: string, n: number): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || parsed.length !== n + 1) {
    throw new DnsightError("INPUT", "the cursor does not belong to this query");
  }
  return parsed.slice(1).map((v: unknown) => {
    if (typeof v === "object" && v !== null && typeof (v as { hex?: unknown }).hex === "string")
      return Buffer.from((v as { hex: string }).hex, "hex");
    if (typeof v !== "string" && typeof v !== "number")
      throw new DnsightError("INPUT", "the cursor does not belong to this query");
    return v;
  });
}
