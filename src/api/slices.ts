import type { Observation, ObservationSearch } from "../store/types.js";
import type { RequestContext } from "./http.js";

// A search read in slices. The store is synchronous (better-sqlite3), so one call
// holds the event loop until it returns: each call reads at most `pageSize` stored
// rows (scanMax: a filter rejecting everything costs no more), and between calls the
// loop serves everyone else (setImmediate lets pending I/O run first, which an
// awaited promise does not). Every slice is an index seek from the cursor
// (src/store/sqlite/_search-sql.ts), so the last slice of a deep read costs what the
// first does. Past the request's deadline the next slice is not read, and when the
// client has gone neither is it.

/** The query ran out of its time budget. */
export class OutOfTime extends Error {
  constructor(budgetMs: number) {
    super(
      `Time limit reached (${Math.round(budgetMs / 1000)} s): narrow the query or page with offset`,
    );
    this.name = "OutOfTime";
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The rows of `search`, a slice at a time; throws OutOfTime past the deadline. */
export async function* slices(
  ctx: RequestContext,
  search: ObservationSearch,
): AsyncGenerator<Observation[], void, void> {
  const size = ctx.limits.pageSize;
  let cursor: string | undefined;
  for (;;) {
    const page = await ctx.store.searchObservations({
      ...search,
      limit: size,
      scanMax: size,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    yield page.rows;
    if (page.next === undefined) return;
    cursor = page.next;
    await turn();
    // The client left: nobody wants the rest.
    if (ctx.res.destroyed) return;
    if (performance.now() > ctx.deadline) throw new OutOfTime(ctx.limits.timeBudgetMs);
  }
}
