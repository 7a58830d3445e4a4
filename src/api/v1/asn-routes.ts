import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { cidrs, cidrText, type AsRange } from "../../enrich/as-ranges.js";
import { namesInRanges } from "../../passive/range-names.js";
import type { ApiEnv } from "../app-env.js";
import { pacedReader } from "./intel-params.js";
import { ipTables } from "./ip-facts.js";
import { access, KEYED_ERRORS } from "./route.js";
import { pageLimit } from "./schemas.js";

// The AS page: what the offline IP → AS table says an AS announces (its prefixes,
// src/enrich/as-ranges.ts) and what passive DNS saw on the addresses inside them.
// The tables load at the first request (about a second), as for the IP page.

/** Prefixes listed at most. */
const LIST_PREFIXES = 1000;
/** Prefixes searched at most: a store range scan each (adjacent ones share one). */
const SEARCH_PREFIXES = 256;
/** Stored rows read at most over all of them (a CDN's AS has millions). */
const MAX_ROWS = 5000;
const MAX_ASN = 4_294_967_295;

const AsnParam = z
  .string()
  .regex(/^(?:as)?\d{1,10}$/i, { error: "must be an AS number: 15169 or AS15169" })
  .refine((s) => Number(s.replace(/^as/i, "")) <= MAX_ASN, {
    error: `AS numbers stop at ${MAX_ASN}`,
  })
  .openapi({
    param: { name: "asn", in: "path" },
    description: "An AS number, with or without its AS prefix",
    example: "AS15169",
  });

const NameInAsSchema = z
  .object({
    name: z.string().openapi({ example: "www.example.com" }),
    type: z.string().openapi({ example: "A" }),
    ip: z.string().openapi({ example: "8.8.8.8" }),
    firstSeen: z.number().int().openapi({ description: "Epoch seconds" }),
    lastSeen: z.number().int().openapi({ description: "Epoch seconds" }),
    count: z.number().int().openapi({ description: "Sightings, over every sensor and bailiwick" }),
  })
  .openapi("NameInAs");

const AsnFactsSchema = z
  .object({
    asn: z.number().int().openapi({ example: 15169 }),
    name: z
      .string()
      .nullable()
      .openapi({ description: "From the IP → AS table", example: "Google LLC" }),
    country: z.string().nullable().openapi({
      description: "ISO 3166 alpha-2: the country most of its ranges are delegated to",
      example: "US",
    }),
    prefixes: z.object({
      cidrs: z.array(z.string()).openapi({
        description: `Its prefixes, IPv4 first, in address order, at most ${LIST_PREFIXES}`,
        example: ["8.8.4.0/24", "8.8.8.0/24"],
      }),
      count: z.number().int().openapi({ description: "Prefixes it announces in all" }),
      truncated: z.boolean().openapi({ description: `More than ${LIST_PREFIXES} prefixes` }),
      searched: z
        .number()
        .int()
        .openapi({
          description: `Prefixes whose addresses were searched for names: the first ${SEARCH_PREFIXES} at most; names in the others are not in this answer`,
        }),
    }),
    names: z.array(NameInAsSchema).openapi({
      description:
        "Names whose A/AAAA record held an address of a searched prefix, newest last seen first",
    }),
    truncated: z.boolean().openapi({
      description: `More names than \`limit\`, or over ${MAX_ROWS} stored rows and the rest were not read`,
    }),
  })
  .openapi("AsnFacts");

const asnRoute = createRoute({
  method: "get",
  path: "/asns/{asn}",
  operationId: "getAsn",
  tags: ["intel"],
  summary: "An AS number",
  description: `The prefixes the offline IP → AS table (RouteViews, DB-IP) gives the AS, and the names passive DNS saw on addresses inside its first ${SEARCH_PREFIXES} prefixes. An AS that announces nothing answers 200 with empty lists.`,
  ...access("reader"),
  request: {
    params: z.object({ asn: AsnParam }),
    query: z.strictObject({ limit: pageLimit(1000, 100) }),
  },
  responses: {
    200: { description: "The AS", content: { "application/json": { schema: AsnFactsSchema } } },
    ...KEYED_ERRORS,
  },
});

/** The first `max` CIDR prefixes of `ranges` as text, their number, and the searched ones joined into spans. */
function prefixesOf(ranges: AsRange[]): {
  cidrs: string[];
  count: number;
  searched: number;
  spans: AsRange[];
} {
  const list: string[] = [];
  const spans: AsRange[] = [];
  let count = 0;
  for (const c of cidrs(ranges)) {
    if (count < LIST_PREFIXES) list.push(cidrText(c));
    if (count < SEARCH_PREFIXES) {
      const prev = spans[spans.length - 1];
      if (prev?.version === c.version && prev.last + 1n === c.first) prev.last = c.last;
      else spans.push({ ...c });
    }
    count++;
  }
  return { cidrs: list, count, searched: Math.min(count, SEARCH_PREFIXES), spans };
}

export function asnRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(asnRoute, async (c) => {
    const ctx = c.env.ctx;
    const asn = Number(c.req.valid("param").asn.replace(/^as/i, ""));
    const { limit } = c.req.valid("query");
    const facts = (await ipTables()).asFacts(asn);
    const p = prefixesOf(facts.ranges);
    const seen = await namesInRanges(pacedReader(ctx), p.spans, {
      pageSize: ctx.limits.pageSize,
      maxRows: MAX_ROWS,
      limit,
    });
    ctx.rows = seen.names.length;
    return c.json(
      {
        asn,
        name: facts.name,
        country: facts.country,
        prefixes: {
          cidrs: p.cidrs,
          count: p.count,
          truncated: p.count > LIST_PREFIXES,
          searched: p.searched,
        },
        ...seen,
      },
      200,
    );
  });
}
