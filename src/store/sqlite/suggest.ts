import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";

// Names that start with typed text, for the search box: a skip scan of the unique
// key index (observations_key leads with rrname). Each name is one seek, "the first
// rrname past the last one found, below the prefix's end", so a name with a million
// rows costs what a name with one does, and ten suggestions are ten seeks
// (test/unit/store/sqlite-suggest.test.ts counts the index entries visited).

const FIRST =
  "SELECT rrname FROM observations WHERE rrname >= ? AND rrname < ? ORDER BY rrname LIMIT 1";
const AFTER =
  "SELECT rrname FROM observations WHERE rrname > ? AND rrname < ? ORDER BY rrname LIMIT 1";

/** The least string above every string that starts with `prefix` (byte order, BINARY collation). */
function upperBound(prefix: string): string {
  // Past a code unit of U+FFFF there is nothing to bump; stored names are ASCII
  // (A-labels, \\DDD escapes), so such a prefix matches nothing anyway.
  const i = prefix.length - 1;
  const c = prefix.charCodeAt(i);
  if (c >= 0xd800) return `${prefix}\uffff`;
  return prefix.slice(0, i) + String.fromCharCode(c + 1);
}

export function suggestNames(
  prepared: (sql: string) => Database.Statement,
  prefix: string,
  limit: number,
): string[] {
  if (prefix === "" || !Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new DnsightError("INPUT", "suggest: a prefix and a limit from 1 to 100 are needed");
  const hi = upperBound(prefix);
  const out: string[] = [];
  let name = prepared(FIRST).pluck().get(prefix, hi) as string | undefined;
  while (name !== undefined) {
    out.push(name);
    if (out.length === limit) break;
    name = prepared(AFTER).pluck().get(name, hi) as string | undefined;
  }
  return out;
}
