// The SQL of a passive-DNS search on ClickHouse: which table, which key range, and the
// order the contract gives for each target kind (src/store/contract/observations.ts),
// the order of that table's key or, for the name.* forms, of the whole key with the
// name first. Rows are merged on read (-Merge ... GROUP BY the key), never trusting the
// background merges to be done; filters on key columns go before the merge (WHERE), the
// time fences after it (HAVING), as they apply to merged rows.
import { DnsightError } from "../../errors.js";
import { addressKey, reverseName } from "../indexed-names.js";
import type { NameMatch, ObservationSearch } from "../types.js";
import type { SqlParams } from "./bind-params.js";
import { SINGLE_NODE, type Tables } from "./tables.js";

export interface Scan {
  table: "observations" | "obs_by_rdata" | "obs_by_ip";
  /** The table named in FROM (`table` or its Distributed table, tables.ts). */
  from: string;
  /** Cursor tag: a cursor from another kind of scan is refused. */
  tag: string;
  /** The ORDER BY columns (table columns, together unique for a merged row). */
  order: string[];
  where: string[];
  params: Record<string, string | Uint8Array | number>;
}

const REST = ["rrtype", "rdata", "bailiwick", "sensor"];
const RDATA_REST = ["rdata", "rrname", "rrtype", "bailiwick", "sensor"];

/** Names strictly below `suffix`, as a range of reversed names ("com.example." .. "com.example/"). */
function below(col: string, suffix: string, p: Scan["params"]): string[] {
  const rev = reverseName(suffix);
  // Below the root: every name (the caller drops the root itself, derive.ts).
  if (rev === ".") return [];
  p.lo = `${rev}.`;
  p.hi = `${rev}/`;
  return [`${col} > {lo:String}`, `${col} < {hi:String}`];
}

function prefix(col: string, labels: string, p: Scan["params"]): string[] {
  p.lo = `${labels}.`;
  p.hi = `${labels}/`;
  return [`${col} > {lo:String}`, `${col} < {hi:String}`];
}

function nameScan(on: "rrname" | "rdata", m: NameMatch, tables: Tables): Scan {
  const params: Scan["params"] = {};
  const rrname = on === "rrname";
  const [revCol, fwdCol, rest] = rrname
    ? ["rrname_rev", "rrname", REST]
    : ["rdata_name_rev", "rdata_name", RDATA_REST];
  const table = rrname ? "observations" : "obs_by_rdata";
  const from = tables.read(table);
  const t = rrname ? "n" : "r";
  if (m.kind === "name") {
    params.name = reverseName(m.name);
    return { table, from, tag: t, order: rest, where: [`${revCol} = {name:String}`], params };
  }
  if (m.kind === "below")
    return {
      table,
      from,
      tag: `${t}b`,
      order: [revCol, ...rest],
      where: below(revCol, m.suffix, params),
      params,
    };
  // A range of names from the names table, then their rows through the reversed key.
  const names = rrname ? "owner_names" : "rdata_names";
  return {
    table,
    from,
    tag: `${t}p`,
    order: [fwdCol, ...rest],
    where: [
      ...prefix(fwdCol, m.labels, params),
      `${revCol} IN (SELECT name_rev FROM ${tables.local(names)} WHERE name > {lo:String} AND name < {hi:String})`,
    ],
    params,
  };
}

export function scanFor(s: ObservationSearch, tables: Tables = SINGLE_NODE): Scan {
  const t = s.target;
  if (t.on !== "ip") return nameScan(t.on, t.match, tables);
  return {
    table: "obs_by_ip",
    from: tables.read("obs_by_ip"),
    tag: "ip",
    order: ["ip_key", ...RDATA_REST],
    where: ["ip_key >= {lo:String}", "ip_key <= {hi:String}"],
    params: { lo: addressKey(t.version, t.first), hi: addressKey(t.version, t.last) },
  };
}

/** The table's columns a merged row is grouped by: its key plus what the key implies. */
const GROUP: Record<Scan["table"], string[]> = {
  observations: ["rrname_rev", "rrname", ...REST],
  obs_by_rdata: ["rdata_name_rev", "rdata_name", ...RDATA_REST],
  obs_by_ip: ["ip_key", ...RDATA_REST],
};

/** Key-column filters of a search, as WHERE terms (before the merge). */
function keyFilters(s: ObservationSearch, p: SqlParamsBuilder): string[] {
  const out: string[] = [];
  if (s.rrtype !== undefined) out.push(`rrtype = ${p.add("rrtype", s.rrtype)}`);
  if (s.bailiwick !== undefined) out.push(`bailiwick = ${p.add("bailiwick", s.bailiwick)}`);
  if (s.sensorId !== undefined) out.push(`sensor = ${p.add("sensor", s.sensorId)}`);
  return out;
}

/** Time fences, as HAVING terms on the merged row. */
export function fenceTerms(s: ObservationSearch, p: SqlParamsBuilder): string[] {
  const out: string[] = [];
  const fence = (v: number | undefined, term: string, name: string): void => {
    if (v !== undefined) out.push(`${term} ${p.add(name, v, "UInt64")}`);
  };
  fence(s.timeFirstAfter, "tf >=", "fa");
  fence(s.timeFirstBefore, "tf <=", "fb");
  fence(s.timeLastAfter, "tl >=", "la");
  fence(s.timeLastBefore, "tl <=", "lb");
  return out;
}

export class SqlParamsBuilder {
  readonly params: Record<string, string | Uint8Array | number> = {};
  add(name: string, v: string | Uint8Array | number, type = "String"): string {
    if (name in this.params)
      throw new DnsightError("INTERNAL", `clickhouse: parameter ${name} twice`);
    this.params[name] = v;
    return `{${name}:${type}}`;
  }
}

// "All rows" after an offset. Not UInt64's maximum: 18.16 adds the offset to it, and the
// sum wraps to less than the offset (no rows at all, found by the contract suite).
const NO_LIMIT = 2 ** 50;

export interface MergedSelect {
  sql: string;
  params: SqlParams;
}

export interface SelectOptions {
  /** Only keys after this one (its order values). */
  cursor?: readonly string[] | undefined;
  /** Only keys up to this one, inclusive (a bound found by boundSelect). */
  upTo?: readonly string[] | undefined;
  fences: boolean;
  limit?: number;
  offset?: number;
}

/** Order values as SQL slots; ip_key travels as hex, its bytes are not text. */
function keySlots(
  scan: Scan,
  p: SqlParamsBuilder,
  tag: string,
  values: readonly string[],
): string[] {
  return scan.order.map((c, i) =>
    c === "ip_key" ? `unhex(${p.add(`${tag}${i}`, values[i]!)})` : p.add(`${tag}${i}`, values[i]!),
  );
}

/** The WHERE terms of a read of `scan` between the cursor and the bound. */
function whereTerms(
  s: ObservationSearch,
  scan: Scan,
  p: SqlParamsBuilder,
  o: SelectOptions,
): string[] {
  for (const [k, v] of Object.entries(scan.params)) p.add(k, v);
  const where = [...scan.where, ...keyFilters(s, p)];
  const cols = `(${scan.order.join(", ")})`;
  // A tuple term alone is no seek for 18.16's primary-key analysis; a bound on the
  // leading column is, so a later page does not read the range from its start again.
  if (o.cursor) {
    const v = keySlots(scan, p, "c", o.cursor);
    where.push(`${scan.order[0]} >= ${v[0]}`, `${cols} > (${v.join(", ")})`);
  }
  if (o.upTo) {
    const v = keySlots(scan, p, "u", o.upTo);
    where.push(`${scan.order[0]} <= ${v[0]}`, `${cols} <= (${v.join(", ")})`);
  }
  return where;
}

const orderColumns = (scan: Scan): string =>
  scan.order.map((c) => (c === "ip_key" ? "hex(ip_key) AS ip_hex" : c)).join(", ");

/**
 * The order values of the `n`-th stored delta after the cursor, read without merging:
 * 18.16 cannot merge a key range in order and stop, so a page first finds where `n`
 * deltas end (a top-n sort, measured 8x cheaper than merging 200k keys) and merges
 * only up to there (search.ts).
 */
export function boundSelect(
  s: ObservationSearch,
  scan: Scan,
  o: SelectOptions & { n: number },
): MergedSelect {
  const p = new SqlParamsBuilder();
  const where = whereTerms(s, scan, p, o);
  const sql =
    `SELECT ${orderColumns(scan)} FROM ${scan.from}` +
    (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") +
    ` ORDER BY ${scan.order.join(", ")} LIMIT ${o.n}`;
  return { sql, params: p.params };
}

/**
 * Merged rows of `scan` in its order, after `cursor` and up to `upTo` when given,
 * filtered by key columns and, with `fences`, by the time fences; `limit` and `offset`
 * are the caller's ("LIMIT offset, n").
 */
export function mergedSelect(s: ObservationSearch, scan: Scan, o: SelectOptions): MergedSelect {
  const p = new SqlParamsBuilder();
  const where = whereTerms(s, scan, p, o);
  const having = o.fences ? fenceTerms(s, p) : [];
  const group = GROUP[scan.table];
  const sql =
    `SELECT ${group.map((c) => (c === "ip_key" ? "hex(ip_key) AS ip_hex" : c)).join(", ")},` +
    " minMerge(time_first) AS tf, maxMerge(time_last) AS tl, sumMerge(count) AS c," +
    ` argMinMerge(source) AS src FROM ${scan.from}` +
    (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") +
    ` GROUP BY ${group.join(", ")}` +
    (having.length > 0 ? ` HAVING ${having.join(" AND ")}` : "") +
    ` ORDER BY ${scan.order.join(", ")}` +
    (o.limit !== undefined || o.offset ? ` LIMIT ${o.offset ?? 0}, ${o.limit ?? NO_LIMIT}` : "");
  return { sql, params: p.params };
}
