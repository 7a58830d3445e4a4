import type { Observation } from "../model/observation.js";
import type { ObservationSearch, SearchSummary, Store } from "./types.js";

// The core fills what a backend may leave out (unstorage's way: few required
// methods, the core derives the rest). Summaries and the full scan are built from
// searchObservations, which every backend has: correct on any backend, and a backend
// with a faster way (one aggregate statement, a scan of its own key) gives its own.

/** Rows read per search call while deriving (bounded memory whatever the store holds). */
const PAGE = 5000;

/** A backend as it may be written: a Store whose summary and scan are optional. */
export type StoreBackend = Omit<Store, "summarizeObservations" | "scanObservations"> &
  Partial<Pick<Store, "summarizeObservations" | "scanObservations">>;

/** Every row of `search` (its limit, offset and cursor set aside), a page at a time. */
async function* pages(b: StoreBackend, search: ObservationSearch, size: number) {
  const { limit: _l, offset: _o, cursor: _c, scanMax: _m, ...whole } = search;
  let cursor: string | undefined;
  do {
    const page = await b.searchObservations({
      ...whole,
      limit: size,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    if (page.rows.length > 0) yield page.rows;
    cursor = page.next;
  } while (cursor !== undefined);
}

/** DNSDB's summarize over every matching row, by paging the search. */
export async function deriveSummary(
  b: StoreBackend,
  search: ObservationSearch,
): Promise<SearchSummary> {
  const s: SearchSummary = { count: 0, numResults: 0 };
  for await (const rows of pages(b, search, PAGE)) {
    for (const o of rows) {
      s.count += o.count;
      s.numResults++;
      s.timeFirst = Math.min(s.timeFirst ?? o.timeFirst, o.timeFirst);
      s.timeLast = Math.max(s.timeLast ?? o.timeLast, o.timeLast);
    }
  }
  return s;
}

/**
 * Every row: the root's, then every name below it (a "*." search), so in reversed
 * name order rather than the key order of a backend's own scan.
 */
export async function* deriveScan(b: StoreBackend, batchSize = PAGE): AsyncIterable<Observation[]> {
  yield* pages(b, { target: { on: "rrname", match: { kind: "name", name: "." } } }, batchSize);
  const below: ObservationSearch = {
    target: { on: "rrname", match: { kind: "below", suffix: "." } },
  };
  // A backend may count the root as below itself: it came first already.
  for await (const rows of pages(b, below, batchSize)) {
    const rest = rows.filter((o) => o.rrname !== ".");
    if (rest.length > 0) yield rest;
  }
}

/** The backend as a whole Store: its own summary and scan where it has them. */
export function completeStore(b: StoreBackend): Store {
  if (b.summarizeObservations && b.scanObservations) return b as Store;
  const store: Store = Object.create(b) as Store;
  return Object.assign(store, {
    summarizeObservations:
      b.summarizeObservations?.bind(b) ?? ((s: ObservationSearch) => deriveSummary(b, s)),
    scanObservations: b.scanObservations?.bind(b) ?? ((n?: number) => deriveScan(b, n)),
  });
}
