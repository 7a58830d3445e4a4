import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { matchStream } from "../../flows/lookalike-match.js";
import { FUZZERS } from "../../lookalike/generate.js";
import { ALERT_SCORE, BrandMatcher, type Hit } from "../../lookalike/match.js";
import type { OwnedEntry } from "../../lookalike/owned.js";
import { lookalikeFacts, type Turn } from "../../passive/lookalike-facts.js";
import { isDnsightError } from "../../errors.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError, type RequestContext } from "../http.js";
import { clip, pathParam } from "./intel-params.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { flag, pageLimit } from "./schemas.js";

// Lookalikes: a domain's generated candidates (dnstwist's fuzzers) with which of them
// passive DNS saw or a stored snapshot says are registered; and `dnsight lookalike
// match` over a list of names the caller sends (the same flow, src/flows/
// lookalike-match.ts), its hits returned, no alert raised.

/** Candidates generated and checked at most (a long label gives over 100,000). */
const MAX_CANDIDATES = 10_000;
const MAX_NAMES = 10_000;
const MAX_BRANDS = 100;
/** 10,000 names of 100 bytes: the match body may be larger than the usual 16 KiB. */
const MATCH_BODY_MAX = 1024 * 1024;

const CandidateSchema = z
  .object({
    name: z.string().openapi({ description: "A-label", example: "examp1e.com" }),
    unicode: z.string(),
    fuzzers: z.array(z.enum(FUZZERS)),
    seen: z
      .object({
        count: z.number().int(),
        lastSeen: z.number().int().openapi({ description: "Epoch seconds" }),
      })
      .nullable()
      .openapi({ description: "In passive DNS: sightings and last seen; null when never seen" }),
    registered: z.boolean().openapi({
      description: "Its latest stored registration snapshot says it is registered",
    }),
  })
  .openapi("LookalikeCandidate");

const generateRoute = createRoute({
  method: "get",
  path: "/lookalikes/{domain}",
  operationId: "lookalikes",
  tags: ["lookalikes"],
  summary: "Lookalikes of a domain",
  description: `Candidates as \`dnsight lookalike generate\` makes them (at most ${MAX_CANDIDATES}), each checked against the store: seen in passive DNS, registered. Found ones first (latest seen first), then in generation order. Nothing is asked of DNS or of a registry.`,
  ...access("reader"),
  request: {
    params: z.object({ domain: pathParam("domain", "A domain name", "example.com") }),
    query: z.strictObject({
      limit: pageLimit(MAX_CANDIDATES, 100),
      found: flag("Only candidates seen in passive DNS or registered"),
    }),
  },
  responses: {
    200: {
      description: "The candidates",
      content: {
        "application/json": {
          schema: z
            .object({
              domain: z.string(),
              candidates: z.array(CandidateSchema),
              generated: z
                .number()
                .int()
                .openapi({ description: "Candidates generated and checked" }),
              found: z.number().int().openapi({ description: "Of them, seen or registered" }),
              truncated: z.boolean().openapi({
                description: `Candidates were left out: past \`limit\`, or generation stopped at ${MAX_CANDIDATES}`,
              }),
            })
            .openapi("Lookalikes"),
        },
      },
    },
    404: problemContent("The path does not hold a domain name"),
    ...KEYED_ERRORS,
  },
});

const FeedName = z
  .string()
  .min(1)
  .max(4 * 253)
  .regex(/^[^\s\x00-\x1f\x7f]+$/, { error: "a name, no spaces or control characters" });

const MatchBody = z
  .strictObject({
    brands: z
      .array(FeedName)
      .min(1)
      .max(MAX_BRANDS)
      .openapi({ description: "The brands' main domains", example: ["example.com"] }),
    owned: z
      .array(z.strictObject({ name: FeedName, brand: FeedName.optional() }))
      .max(10_000)
      .optional()
      .openapi({
        description: "Names a brand owns besides its main domain: never reported, and imitated too",
      }),
    names: z
      .array(FeedName)
      .max(MAX_NAMES)
      .openapi({
        description: `The names to check (at most ${MAX_NAMES})`,
        example: ["examp1e-login.com"],
      }),
    minScore: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .openapi({ description: `Hits scoring less are left out (default ${ALERT_SCORE})` }),
  })
  .openapi("LookalikeMatch");

const HitSchema = z
  .object({
    name: z.string(),
    brand: z.string(),
    method: z.string().openapi({ example: "homoglyph" }),
    score: z.number(),
    token: z.string(),
    via: z.string().optional(),
    reason: z.string(),
    technique: z.literal("T1583.001"),
  })
  .openapi("LookalikeHit");

const matchRoute = createRoute({
  method: "post",
  path: "/lookalikes/match",
  operationId: "matchLookalikes",
  tags: ["lookalikes"],
  summary: "Match names against brands",
  description:
    "Each name checked against the brands as `dnsight lookalike match` checks a feed: the hits, best reason per brand. No alert is raised and nothing is stored.",
  ...access("reader"),
  "x-dnsight-body-max": MATCH_BODY_MAX,
  request: {
    body: {
      required: true,
      description: `JSON, at most ${MATCH_BODY_MAX / 1024} KiB`,
      content: { "application/json": { schema: MatchBody } },
    },
  },
  responses: {
    200: {
      description: "The hits",
      content: {
        "application/json": {
          schema: z
            .object({
              hits: z.array(HitSchema),
              names: z.number().int().openapi({ description: "Names checked" }),
              badNames: z
                .number()
                .int()
                .openapi({ description: "Names that are not domain names" }),
            })
            .openapi("LookalikeMatches"),
        },
      },
    },
    408: problemContent("The body did not arrive in time"),
    413: problemContent(`The body is larger than ${MATCH_BODY_MAX / 1024} KiB`),
    415: problemContent("The body is not JSON"),
    ...KEYED_ERRORS,
  },
});

/** The library's chunks of store reads, each in a pacer turn. */
const pacedTurn =
  (ctx: RequestContext): Turn =>
  async (work) => {
    const end = await ctx.pacer.turn(false);
    const started = performance.now();
    try {
      return await work();
    } finally {
      end(performance.now() - started);
    }
  };

export function lookalikeRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(generateRoute, async (c) => {
    const ctx = c.env.ctx;
    const { domain } = c.req.valid("param");
    const q = c.req.valid("query");
    let report;
    try {
      report = await lookalikeFacts(ctx.store, domain, {
        max: MAX_CANDIDATES,
        turn: pacedTurn(ctx),
      });
    } catch (e) {
      if (isDnsightError(e) && e.code === "INPUT")
        throw new HttpError(404, `path parameter "domain": ${clip(e.message)}`);
      throw e;
    }
    const found = report.candidates.filter((f) => f.seen !== null || f.registered);
    const pool = q.found ? found : report.candidates;
    const candidates = pool.slice(0, q.limit);
    ctx.rows = candidates.length;
    return c.json(
      {
        domain: domain.toLowerCase().replace(/\.$/, ""),
        candidates,
        generated: report.generated,
        found: found.length,
        truncated: report.capped || pool.length > q.limit,
      },
      200,
    );
  });

  app.openapi(matchRoute, async (c) => {
    const ctx = c.env.ctx;
    const body = c.req.valid("json");
    const owned: OwnedEntry[] = (body.owned ?? []).map((o, i) => ({
      name: o.name,
      ...(o.brand !== undefined ? { brand: o.brand } : {}),
      where: `owned[${i}]`,
    }));
    const matcher = new BrandMatcher(body.brands, {
      owned,
      ...(body.minScore !== undefined ? { minScore: body.minScore } : {}),
    });
    const hits: Hit[] = [];
    // The names as a feed, one a line: the flow reads them as the CLI reads a file.
    const text = Buffer.from(body.names.join("\n") + "\n");
    const feed = (async function* () {
      yield text;
    })();
    const s = await matchStream(matcher, feed, {
      name: "names",
      onHits: (h) => void hits.push(...h),
    });
    ctx.rows = hits.length;
    return c.json(
      {
        hits: hits.map((h) => ({ ...h, technique: "T1583.001" as const })),
        names: s.names,
        badNames: s.badLines,
      },
      200,
    );
  });
}
