import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { toSearch } from "../../passive/search.js";
import type { SearchSummary } from "../../store/types.js";
import { detailOf } from "../http.js";
import { OutOfTime, pacedSearch, slices } from "../slices.js";
import type { ApiEnv } from "../app-env.js";
import { nextLink } from "./next-link.js";
import { pdnsQueryFields, toPdnsRequest } from "./pdns-params.js";
import { access, KEYED_ERRORS } from "./route.js";
import { cursorParam, ObservationSchema, pageLimit } from "./schemas.js";

// Passive DNS search and summary: the calls behind `dnsight pdns` (toSearch over the
// store), a page at a time. A page reads at most SCAN_MAX stored rows, so a filter
// that rejects most of them still costs one short turn of the event loop; such a
// page may hold fewer rows than `limit` and still have a `next`.

const SEARCH_MAX = 1000;
const SCAN_MAX = 2000;

const SearchPageSchema = z
  .object({
    rows: z.array(ObservationSchema),
    next: z
      .string()
      .optional()
      .openapi({ description: "Pass as `cursor` for the next page; absent on the last page" }),
  })
  .openapi("SearchPage");

const searchRoute = createRoute({
  method: "get",
  path: "/pdns/search",
  operationId: "searchPdns",
  tags: ["passive DNS"],
  summary: "Search passive DNS",
  description:
    "Observations matching the query, in the store's key order. Page with `cursor`: the next page's link is also in the `Link` header (RFC 8288, rel=next).",
  ...access("reader"),
  request: {
    query: z.strictObject({
      ...pdnsQueryFields,
      limit: pageLimit(SEARCH_MAX, 100),
      cursor: cursorParam,
    }),
  },
  responses: {
    200: {
      description: "A page of observations",
      headers: z.object({
        Link: z.string().optional().openapi({ description: '<...&cursor=...>; rel="next"' }),
      }),
      content: { "application/json": { schema: SearchPageSchema } },
    },
    ...KEYED_ERRORS,
  },
});

const SummarySchema = z
  .object({
    count: z.number().int().openapi({ description: "Sightings, summed" }),
    numResults: z.number().int().openapi({ description: "Matching stored rows" }),
    timeFirst: z.number().int().optional(),
    timeLast: z.number().int().optional(),
    limited: z.string().optional().openapi({
      description: "Present when the rows were not all counted: why (the time budget ran out)",
    }),
  })
  .openapi("Summary");

const summaryRoute = createRoute({
  method: "get",
  path: "/pdns/summary",
  operationId: "summarizePdns",
  tags: ["passive DNS"],
  summary: "Summarize passive DNS",
  description:
    "Totals over every observation the query matches: sightings, rows, first and last seen.",
  ...access("reader"),
  request: { query: z.strictObject(pdnsQueryFields) },
  responses: {
    200: { description: "The totals", content: { "application/json": { schema: SummarySchema } } },
    ...KEYED_ERRORS,
  },
});

export function pdnsRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(searchRoute, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const r = { ...toPdnsRequest(q, ctx.now), limit: q.limit };
    if (q.cursor !== undefined) r.cursor = q.cursor;
    const page = await pacedSearch(ctx, { ...toSearch(r), scanMax: Math.max(q.limit, SCAN_MAX) });
    ctx.rows = page.rows.length;
    if (page.next !== undefined) c.header("link", nextLink(ctx.url, page.next));
    return c.json(
      { rows: page.rows, ...(page.next !== undefined ? { next: page.next } : {}) },
      200,
    );
  });

  // Summed slice by slice, as DNSDB's summarize is (src/api/dnsdb/summarize.ts): one
  // aggregate statement over a large range would hold the event loop while it runs.
  app.openapi(summaryRoute, async (c) => {
    const ctx = c.env.ctx;
    const s: SearchSummary & { limited?: string } = { count: 0, numResults: 0 };
    try {
      for await (const rows of slices(ctx, toSearch(toPdnsRequest(c.req.valid("query"), ctx.now))))
        for (const o of rows) {
          s.count += o.count;
          s.numResults++;
          s.timeFirst = Math.min(s.timeFirst ?? o.timeFirst, o.timeFirst);
          s.timeLast = Math.max(s.timeLast ?? o.timeLast, o.timeLast);
        }
    } catch (e) {
      if (!(e instanceof OutOfTime)) throw e;
      ctx.detail = detailOf(e);
      s.limited = `time limit reached (${Math.round(ctx.limits.timeBudgetMs / 1000)} s): narrow the query`;
    }
    ctx.rows = 1;
    return c.json(s, 200);
  });
}
