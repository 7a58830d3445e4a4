import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { pdnsTimeline } from "../../passive/timeline.js";
import { pacedSearch } from "../slices.js";
import type { ApiEnv } from "../app-env.js";
import { pdnsQueryFields, toPdnsRequest } from "./pdns-params.js";
import { access, KEYED_ERRORS } from "./route.js";

// The timeline of a passive-DNS query (src/passive/timeline.ts), read page by page in
// the server's turns (src/api/pacer.ts) and bounded: at most MAX_ROWS stored rows and
// MAX_MS of wall time, MAX_BUCKETS buckets and MAX_SERIES answers.

const MAX_ROWS = 50_000;
const MAX_MS = 10_000;
const MAX_BUCKETS = 1000;
const MAX_SERIES = 50;

const SeriesSchema = z
  .object({
    rrtype: z.string(),
    rdata: z.string(),
    count: z.number().int().openapi({ description: "Sightings, summed over the rows read" }),
    rows: z.number().int().openapi({ description: "Stored rows (per name, bailiwick, sensor)" }),
    timeFirst: z.number().int(),
    timeLast: z.number().int(),
    live: z.array(z.number().int()).openapi({
      description:
        "Per bucket: rows of this answer seen over it (first..last seen overlaps the bucket). The store keeps counts per row, not per day, so this is presence, not sightings.",
    }),
  })
  .openapi("TimelineSeries");

const TimelineSchema = z
  .object({
    interval: z.enum(["day", "week"]),
    buckets: z
      .array(z.number().int())
      .openapi({ description: "Bucket starts, epoch seconds (UTC midnight; weeks start Monday)" }),
    series: z.array(SeriesSchema),
    rowsRead: z.number().int(),
    otherSeries: z
      .number()
      .int()
      .openapi({ description: `Answers left out (at most ${MAX_SERIES} are kept, busiest first)` }),
    clipped: z
      .boolean()
      .openapi({ description: `Earlier buckets were left out (at most ${MAX_BUCKETS})` }),
    limited: z
      .enum(["rows", "time"])
      .optional()
      .openapi({
        description: `Not every row was read: over ${MAX_ROWS} rows, or ${MAX_MS / 1000} s`,
      }),
  })
  .openapi("Timeline");

const timelineRoute = createRoute({
  method: "get",
  path: "/pdns/timeline",
  operationId: "pdnsTimeline",
  tags: ["passive DNS"],
  summary: "Timeline of a passive-DNS query",
  description: "For each answer (rrtype and rdata), when it was seen, per day or per week.",
  ...access("reader"),
  request: {
    query: z.strictObject({
      ...pdnsQueryFields,
      interval: z
        .enum(["day", "week"])
        .default("day")
        .openapi({ description: "Bucket size (default day)" }),
    }),
  },
  responses: {
    200: {
      description: "The timeline",
      content: { "application/json": { schema: TimelineSchema } },
    },
    ...KEYED_ERRORS,
  },
});

export function timelineRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(timelineRoute, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const t = await pdnsTimeline(ctx.store, toPdnsRequest(q, ctx.now), {
      interval: q.interval,
      maxRows: MAX_ROWS,
      maxBuckets: MAX_BUCKETS,
      maxSeries: MAX_SERIES,
      pageSize: ctx.limits.pageSize,
      budgetMs: Math.min(MAX_MS, ctx.limits.timeBudgetMs),
      // Nobody wants the rest once the client has gone: no `next` ends the reading.
      read: async (s, first) => (ctx.res.destroyed ? { rows: [] } : pacedSearch(ctx, s, first)),
    });
    ctx.rows = t.rowsRead;
    return c.json(t, 200);
  });
}
