import { DnsightError } from "../../errors.js";
import { addressKey, reverseName } from "../indexed-names.js";
import type { ObservationSearch, SearchTarget } from "../types.js";

// The SQL of a passive-DNS search. Each target kind scans one index in its own
// order: the index's column, then the rest of the observation key (migration 10),
// the order the contract gives (src/store/contract/observations.ts) and any backend
// can keep, since it uses no rowid. That order is also the cursor: the next page
// starts strictly after the last row's order values, so pages neither repeat nor
// skip rows, and no page needs a sort.
//
// The cursor must be a seek, not a filter: SQLite uses a row-value term such as
// (c1, c2, ...) > (?, ?, ...) only when its columns are index columns right after
// the equality prefix; otherwise it scans from the start of the range and filters,
// and paging is quadratic. So the cursor is always that term, in place of the
// range's lower bound (test/unit/store/search-seek.test.ts checks the plans).
// Filters the index cannot seek on are not in the SQL: src/store/sqlite/search.ts
// applies them to the rows read, so every statement reads at most LIMIT index
// entries whatever the filters reject.

interface Range {
  col: string;
  lo: unknown;
  loOp: ">" | ">=";
  hi: unknown;
  hiOp: "<" | "<=";
}

export interface Scan {
  /** Equality terms on the index's leading columns, with their parameters. */
  eq: string[];
  eqParams: unknown[];
  /** The range on the first ordered column, if any. */
  range?: Range;
  /** ORDER BY columns, as the index holds them; together unique. */
  order: string[];
  /** Leading order columns fixed by `eq` (they stay in the cursor, not in its seek). */
  fixed: number;
  /** Cursor tag: a cursor from another kind of scan is refused. */
  tag: string;
}

/** Names strictly below `suffix` in reversed form: ("com.example.", "com.example/"). */
function belowRange(col: string, suffix: string): Range {
  const rev = reverseName(suffix);
  const [lo, hi] = rev === "." ? ["", "\uffff"] : [`${rev}.`, `${rev}/`];
  return { col, lo, loOp: ">", hi, hiOp: "<" };
}

function prefixRange(col: string, labels: string): Range {
  return { col, lo: `${labels}.`, loOp: ">", hi: `${labels}/`, hiOp: "<" };
}

/** The observation key as the rdata and address indexes hold it: rdata first. */
const RDATA_KEY = ["rdata", "rrname", "rrtype", "bailiwick", "sensor_id"];

export function scanFor(s: ObservationSearch): Scan {
  const t: SearchTarget = s.target;
  const scan = (tag: string, order: string[], more: Partial<Scan>): Scan => ({
    eq: [],
    eqParams: [],
    fixed: 0,
    ...more,
    order,
    tag,
  });
  if (t.on === "ip") {
    const range: Range = {
      col: "ip_key",
      lo: addressKey(t.version, t.first),
      loOp: ">=",
      hi: addressKey(t.version, t.last),
      hiOp: "<=",
    };
    return scan("ip", ["ip_key", ...RDATA_KEY], { range });
  }
  const m = t.match;
  if (t.on === "rrname") {
    if (m.kind === "name") {
      // The one scan that seeks on rrtype: it is the index's second column.
      const typed = s.rrtype !== undefined;
      return scan("n", ["rrtype", "rdata", "bailiwick", "sensor_id"], {
        eq: typed ? ["rrname = ?", "rrtype = ?"] : ["rrname = ?"],
        eqParams: typed ? [m.name, s.rrtype] : [m.name],
        fixed: typed ? 1 : 0,
      });
    }
    if (m.kind === "prefix")
      return scan("np", ["rrname", "rrtype", "rdata", "bailiwick", "sensor_id"], {
        range: prefixRange("rrname", m.labels),
      });
    return scan("nb", ["rrname_rev", "rrtype", "rdata", "bailiwick", "sensor_id"], {
      range: belowRange("rrname_rev", m.suffix),
    });
  }
  if (m.kind === "name")
    return scan("r", RDATA_KEY, { eq: ["rdata_name = ?"], eqParams: [m.name] });
  if (m.kind === "prefix")
    return scan("rp", ["rdata_name", ...RDATA_KEY], {
      range: prefixRange("rdata_name", m.labels),
    });
  return scan("rb", ["rdata_name_rev", ...RDATA_KEY], {
    range: belowRange("rdata_name_rev", m.suffix),
  });
}

/**
 * The columns a search reads, in this order: the observation's, then the scan's own
 * key column when it is not one of them. Rows are read as arrays (better-sqlite3's
 * raw mode) of just these: an object per row with every derived key (a Buffer for
 * ip_key) cost four times as much as the scan itself.
 */
const BASE = [
  "rrname",
  "rrtype",
  "rdata",
  "bailiwick",
  "sensor_id",
  "time_first",
  "time_last",
  "count",
  "source",
] as const;

export const COL = Object.fromEntries(BASE.map((c, i) => [c, i])) as Record<
  (typeof BASE)[number],
  number
>;

export function scanColumns(scan: Scan): string[] {
  return [...BASE, ...scan.order.filter((c) => !(BASE as readonly string[]).includes(c))];
}

/** One statement of a page; LIMIT is its last parameter, left to the caller. */
export interface Statement {
  sql: string;
  params: unknown[];
}

function select(scan: Scan, where: string[], order: string[]): string {
  return (
    `SELECT ${scanColumns(scan).join(", ")} FROM observations WHERE ${where.join(" AND ")}` +
    ` ORDER BY ${order.join(", ")} LIMIT ?`
  );
}

/** The terms selecting the whole scan: its equalities and range. */
function startTerms(scan: Scan): { terms: string[]; params: unknown[] } {
  const { eq, eqParams, range } = scan;
  if (!range) return { terms: eq, params: eqParams };
  return {
    terms: [...eq, `${range.col} ${range.loOp} ?`, `${range.col} ${range.hiOp} ?`],
    params: [...eqParams, range.lo, range.hi],
  };
}

/** The statements that read on from `cursor` (its order values), in scan order. */
export function scanStatements(scan: Scan, cursor?: unknown[]): Statement[] {
  const { eq, eqParams, range, order } = scan;
  const hi = range ? [`${range.col} ${range.hiOp} ?`] : [];
  const hiParams = range ? [range.hi] : [];
  if (cursor === undefined) {
    const start = startTerms(scan);
    return [{ sql: select(scan, start.terms, order), params: start.params }];
  }
  const cols = order.slice(scan.fixed);
  const vals = cursor.slice(scan.fixed);
  const seek =
    cols.length === 1
      ? `${cols[0]} > ?`
      : `(${cols.join(", ")}) > (${cols.map(() => "?").join(", ")})`;
  return [
    {
      sql: select(scan, [...eq, seek, ...hi], order),
      params: [...eqParams, ...vals, ...hiParams],
    },
  ];
}

export function summarySql(s: ObservationSearch): { sql: string; params: unknown[] } {
  const start = startTerms(scanFor(s));
  const filter = rowFilterSql(s);
  return {
    sql:
      "SELECT coalesce(sum(count), 0) AS count, count(*) AS num_results," +
      " min(time_first) AS time_first, max(time_last) AS time_last FROM observations" +
      ` WHERE ${[...start.terms, ...filter.terms].join(" AND ")}`,
    params: [...start.params, ...filter.params],
  };
}

/** The filters as SQL terms, for the summary (one aggregate, no paging). */
function rowFilterSql(s: ObservationSearch): { terms: string[]; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const typedName = s.target.on === "rrname" && s.target.match.kind === "name";
  const add = (term: string, v: unknown): void => {
    if (v === undefined) return;
    terms.push(term);
    params.push(v);
  };
  // The unary + keeps SQLite from choosing another index for an equality.
  if (!typedName) add("+rrtype = ?", s.rrtype);
  add("+bailiwick = ?", s.bailiwick);
  add("+sensor_id = ?", s.sensorId);
  add("time_first >= ?", s.timeFirstAfter);
  add("time_first <= ?", s.timeFirstBefore);
  add("time_last >= ?", s.timeLastAfter);
  add("time_last <= ?", s.timeLastBefore);
  return { terms, params };
}

/** The cursor after a row: its order values, tagged with the scan kind. */
export function encodeCursor(tag: string, values: unknown[]): string {
  const json = values.map((v) => (Buffer.isBuffer(v) ? { hex: v.toString("hex") } : v));
  return Buffer.from(JSON.stringify([tag, ...json])).toString("base64url");
}

export function decodeCursor(cursor: string, tag: string, n: number): unknown[] {
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
