import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import type { ObservationSearch } from "../store/types.js";
import type { PageReader, ReadLimits } from "./read-pages.js";

// The names below a domain that passive DNS saw ("*.example.com", a range scan of
// the reversed-name index), each once with its first and last sighting and count
// summed over its rows, a page at a time in reversed-name order (so a.b.example.com
// follows b.example.com). The store's rows of one name are adjacent in that order;
// a page ends before a name whose rows it has not all read, and its cursor is the
// store's cursor of the page holding that name's first row plus the name, so the
// next page re-reads at most one store page to find where to start.

export interface Subdomain {
  name: string;
  /** Epoch seconds. */
  firstSeen: number;
  lastSeen: number;
  count: number;
}

export interface SubdomainPage {
  names: Subdomain[];
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

interface Cursor {
  /** The store cursor to read from (absent: the start). */
  from?: string;
  /** The first name of the page: rows before it on that store page are skipped. */
  name?: string;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.from ?? null, c.name ?? null])).toString("base64url");
}

function decode(text: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    v = undefined;
  }
  const ok = (x: unknown): x is string | null => x === null || typeof x === "string";
  if (!Array.isArray(v) || v.length !== 2 || !ok(v[0]) || !ok(v[1]))
    throw new DnsightError("INPUT", "the cursor does not belong to this query");
  return { ...(v[0] !== null ? { from: v[0] } : {}), ...(v[1] !== null ? { name: v[1] } : {}) };
}

const start = (r: Observation): Subdomain => ({
  name: r.rrname,
  firstSeen: r.timeFirst,
  lastSeen: r.timeLast,
  count: r.count,
});

/**
 * One page of the names below `domain`: at most `limit` names from at most
 * `maxRows` stored rows. A name with more rows than that is given as far as it was
 * read and continued on the next page (it appears on both).
 */
export async function subdomainPage(
  read: PageReader,
  domain: string,
  o: ReadLimits & { limit: number; cursor?: string },
): Promise<SubdomainPage> {
  const at = o.cursor !== undefined ? decode(o.cursor) : {};
  const base: ObservationSearch = {
    target: { on: "rrname", match: { kind: "below", suffix: domain } },
  };
  const names: Subdomain[] = [];
  let skipTo = at.name;
  let cursor = at.from;
  let current: Subdomain | undefined;
  /** The store cursor of the page where `current` began. */
  let currentFrom: string | undefined;
  let budget = o.maxRows;
  for (let first = true; ; first = false) {
    const size = Math.min(o.pageSize, budget);
    if (size <= 0) break;
    const pageFrom = cursor;
    const page = await read(
      { ...base, limit: size, scanMax: size, ...(cursor !== undefined ? { cursor } : {}) },
      first,
    );
    budget -= size;
    for (const r of page.rows) {
      if (skipTo !== undefined) {
        if (r.rrname !== skipTo) continue;
        skipTo = undefined;
      }
      if (current !== undefined && r.rrname === current.name) {
        current.firstSeen = Math.min(current.firstSeen, r.timeFirst);
        current.lastSeen = Math.max(current.lastSeen, r.timeLast);
        current.count += r.count;
        continue;
      }
      if (current !== undefined) names.push(current);
      if (names.length === o.limit)
        return {
          names,
          next: encode({ ...(pageFrom !== undefined ? { from: pageFrom } : {}), name: r.rrname }),
        };
      current = start(r);
      currentFrom = pageFrom;
    }
    if (page.next === undefined) return { names: current ? [...names, current] : names };
    cursor = page.next;
  }
  // Out of rows to read: the name being read may have more rows; the next page
  // starts again at it, unless it is all this page holds (then it goes on from here).
  // Nothing found yet (still skipping to the page's first name): go on from here.
  if (current === undefined)
    return {
      names,
      next: encode({
        ...(cursor !== undefined ? { from: cursor } : {}),
        ...(skipTo !== undefined ? { name: skipTo } : {}),
      }),
    };
  if (names.length === 0)
    return {
      names: [current],
      next: encode({ ...(cursor !== undefined ? { from: cursor } : {}) }),
    };
  return {
    names,
    next: encode({
      ...(currentFrom !== undefined ? { from: currentFrom } : {}),
      name: current.name,
    }),
  };
}
