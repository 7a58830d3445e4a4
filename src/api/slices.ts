import type { Observation } from "../model/observation.js";
import type { ObservationSearch, SearchPage } from "../store/types.js";
import type { RequestContext } from "./http.js";

// A search read in slices. The store is synchronous (better-sqlite3), so one call
// holds the event loop until it returns: each call reads at most `pageSize` stored
// rows (scanMax: a filter rejecting everything costs no more), and every slice waits
// for its turn (src/api/pacer.ts), so the loop serves everyone else between slices.
// Every slice is an index seek from the cursor (src/store/sqlite/_search-sql.ts), so
// the last slice of a deep read costs what the first does. Past the request's
// deadline the next slice is not read, and when the client has gone neither is it.

/** The query ran out of its time budget. */
export class OutOfTime extends Error {
  constructor(budgetMs: number) {
    super(
      `Time limit reached (${Math.round(budgetMs / 1000)} s): narrow the query or page with offset`,
    );
    this.name = "OutOfTime";
  }
}

/** The rows of `search`, a slice at a time; throws OutOfTime past the deadline. */
export async function* slices(
  ctx: RequestContext,
  search: ObservationSearch,
): AsyncGenerator<Observation[], void, void> {
  const size = ctx.limits.pageSize;
  let cursor: string | undefined;
  for (;;) {
    const end = await ctx.pacer.turn(cursor === undefined);
    let page: SearchPage;
    const started = performance.now();
    try {
      // The client left: nobody wants the rest.
      if (ctx.res.destroyed) return;
      // The first slice is always read: it is what tells a bad query from a good one.
      if (cursor !== undefined && performance.now() > ctx.deadline)
        throw new OutOfTime(ctx.limits.timeBudgetMs);
      page = await ctx.store.searchObservations({
        ...search,
        limit: size,
        scanMax: size,
        ...(cursor !== undefined ? { cursor } : {}),
      });
    } finally {
      // The caller's work on the rows (grouping, JSON, writing) runs right after the
      // read and costs about as much: count it twice.
      end(2 * (performance.now() - started));
    }
    yield page.rows;
    if (page.next === undefined) return;
    cursor = page.next;
  }
}

/** One store search in its turn (src/api/pacer.ts), for answers built whole rather than streamed. */
export async function pacedSearch(
  ctx: RequestContext,
  search: ObservationSearch,
  first = true,
): Promise<SearchPage> {
  const end = await ctx.pacer.turn(first);
  const started = performance.now();
  try {
    return await ctx.store.searchObservations(search);
  } finally {
    end(2 * (performance.now() - started));
  }
}
