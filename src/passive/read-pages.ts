import { setImmediate as yieldLoop } from "node:timers/promises";
import type { Observation } from "../model/observation.js";
import type { ObservationSearch, ObservationStore, SearchPage } from "../store/types.js";

// The rows of a search read a page at a time, up to a cap on rows read, for the
// answers built whole from passive DNS (names on an IP, a /24's neighbours, a name's
// current records, its subdomains). The caller passes how a page is read: the API
// reads in its pacer's turns (src/api/slices.ts), a library caller from the store,
// yielding to the event loop between pages.

/** Reads one page of a search; `first` is true for the first page of a read. */
export type PageReader = (search: ObservationSearch, first: boolean) => Promise<SearchPage>;

/** The default reader: the store itself, one event-loop turn between pages. */
export const storeReader =
  (store: ObservationStore): PageReader =>
  async (s) => {
    await yieldLoop();
    return store.searchObservations(s);
  };

export interface ReadLimits {
  /** Rows per store call (also its scanMax, so one call's work is bounded). */
  pageSize: number;
  /** Stored rows read at most. */
  maxRows: number;
}

/**
 * Yields the rows of `search` page by page; the value returned says whether the rows
 * were cut by `maxRows` (more were left) and where the read got to (`next`, the
 * store's cursor after the last row yielded).
 */
export async function* readPages(
  read: PageReader,
  search: ObservationSearch,
  limits: ReadLimits,
): AsyncGenerator<Observation[], { cut: boolean; next?: string }, void> {
  const { limit: _l, offset: _o, cursor: start, ...base } = search;
  let cursor = start;
  // Counted in stored rows a call may read (its scanMax), so filters that reject
  // most rows still end the read at maxRows.
  let budget = limits.maxRows;
  let first = true;
  for (;;) {
    const size = Math.min(limits.pageSize, budget);
    if (size <= 0) return { cut: true, ...(cursor !== undefined ? { next: cursor } : {}) };
    const page = await read(
      { ...base, limit: size, scanMax: size, ...(cursor !== undefined ? { cursor } : {}) },
      first,
    );
    first = false;
    budget -= size;
    yield page.rows;
    if (page.next === undefined) return { cut: false };
    cursor = page.next;
  }
}
