import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { currentRecords } from "../../passive/current-records.js";
import { subdomainPage } from "../../passive/subdomains.js";
import type { RegistrationSnapshot } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError, type RequestContext } from "../http.js";
import { asAndCountry } from "./ip-facts.js";
import { AsnSchema, nameParam, pacedReader, pathParam, readLimits } from "./intel-params.js";
import { nextLink } from "./next-link.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { cursorParam, pageLimit } from "./schemas.js";
import { ipFamily } from "../../net/ip.js";

// The domain page: its summary card (the latest stored registration, the records
// passive DNS saw last, open alerts) and its subdomains from passive DNS.

const TYPES = ["A", "AAAA", "NS", "MX"] as const;
/** Stored rows read per type for the card, and answers kept per type. */
const CARD_ROWS = 2000;
const PER_TYPE = 50;
/** Stored rows read at most for one page of subdomains. */
const SUB_ROWS = 20_000;

const CurrentSchema = z
  .object({
    value: z.string().openapi({
      description: "The address or name (no root dot); for MX the exchange",
      example: "192.0.2.1",
    }),
    preference: z.number().int().optional().openapi({ description: "MX only" }),
    lastSeen: z.number().int().openapi({ description: "Epoch seconds" }),
    asn: AsnSchema.optional().openapi({ description: "A and AAAA only, where known" }),
    country: z.string().optional().openapi({ description: "A and AAAA only, where known" }),
  })
  .openapi("CurrentRecord");

const RegistrationCardSchema = z
  .object({
    registrar: z.string().nullable(),
    created: z.string().nullable().openapi({ description: "ISO 8601 UTC" }),
    expires: z.string().nullable(),
    updated: z.string().nullable(),
    status: z.array(z.string()).openapi({
      description: "EPP status codes (RFC 5731), else the registry's own words",
      example: ["clientTransferProhibited"],
    }),
    privacy: z.boolean(),
    fetchedAt: z.number().int().openapi({ description: "Epoch seconds of the snapshot" }),
  })
  .openapi("RegistrationCard");

const DomainSchema = z
  .object({
    name: z.string().openapi({ example: "example.com" }),
    registration: RegistrationCardSchema.nullable().openapi({
      description: "The latest stored snapshot that is not a throttled answer; null without one",
    }),
    current: z
      .object({
        A: z.array(CurrentSchema),
        AAAA: z.array(CurrentSchema),
        NS: z.array(CurrentSchema),
        MX: z.array(CurrentSchema),
      })
      .openapi({
        description: `From passive DNS, per type: the answers last seen within a day of the type's newest sighting, newest first (at most ${PER_TYPE})`,
      }),
    openAlerts: z.number().int().openapi({
      description: "Open alerts about this name (0 on a store without alerts)",
    }),
  })
  .openapi("DomainSummary");

const namePath = {
  params: z.object({
    name: pathParam("name", "A domain name (an IDN is taken too)", "example.com"),
  }),
};

const domainRoute = createRoute({
  method: "get",
  path: "/domains/{name}",
  operationId: "getDomain",
  tags: ["intel"],
  summary: "A domain's summary card",
  description:
    "The latest registration snapshot, the A, AAAA, NS and MX records passive DNS saw last (addresses with AS and country), and the open alerts about it.",
  ...access("reader"),
  request: { ...namePath, query: z.strictObject({}) },
  responses: {
    200: { description: "The summary", content: { "application/json": { schema: DomainSchema } } },
    404: problemContent(
      "The path does not hold a domain name, or the store holds nothing about it: no passive DNS for it or below it, no registration snapshot, no alert",
    ),
    ...KEYED_ERRORS,
  },
});

const SubdomainPageSchema = z
  .object({
    names: z.array(
      z.object({
        name: z.string().openapi({ example: "www.example.com" }),
        firstSeen: z.number().int().openapi({ description: "Epoch seconds" }),
        lastSeen: z.number().int(),
        count: z.number().int().openapi({ description: "Sightings, over all its records" }),
      }),
    ),
    next: z
      .string()
      .optional()
      .openapi({ description: "Pass as `cursor` for the next page; absent on the last page" }),
  })
  .openapi("SubdomainPage");

const subdomainsRoute = createRoute({
  method: "get",
  path: "/domains/{name}/subdomains",
  operationId: "listSubdomains",
  tags: ["intel"],
  summary: "Subdomains seen in passive DNS",
  description: `Every name below it (*.name), once each, in reversed-label order (b.example.com, then a.b.example.com). Page with \`cursor\` (also in the \`Link\` header). A page reads at most ${SUB_ROWS} stored rows, so it may hold fewer names than \`limit\` and still have a \`next\`; a name with more rows than that continues on the next page.`,
  ...access("reader"),
  request: {
    ...namePath,
    query: z.strictObject({ limit: pageLimit(1000, 100), cursor: cursorParam }),
  },
  responses: {
    200: {
      description: "A page of names",
      content: { "application/json": { schema: SubdomainPageSchema } },
    },
    404: problemContent(
      "The path does not hold a domain name, or no name below it is in passive DNS",
    ),
    ...KEYED_ERRORS,
  },
});

function registrationCard(s: RegistrationSnapshot | undefined) {
  if (s === undefined) return null;
  const r = s.record;
  return {
    registrar: r.registrar.name ?? null,
    created: r.created ?? null,
    expires: r.expires ?? null,
    updated: r.updated ?? null,
    status: r.eppStatus.length > 0 ? r.eppStatus : r.rawStatus,
    privacy: r.privacy.protected,
    fetchedAt: s.fetchedAt,
  };
}

/** True when passive DNS holds a row for `name` or below it. */
async function seen(ctx: RequestContext, name: string): Promise<boolean> {
  const read = pacedReader(ctx);
  for (const kind of ["name", "below"] as const) {
    const match = kind === "name" ? { kind, name } : { kind, suffix: name };
    if ((await read({ target: { on: "rrname", match }, limit: 1, scanMax: 1 }, true)).rows.length)
      return true;
  }
  return false;
}

export function domainRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(domainRoute, async (c) => {
    const ctx = c.env.ctx;
    const name = nameParam(c.req.valid("param").name);
    const found = await currentRecords(pacedReader(ctx), name, TYPES, {
      ...readLimits(ctx, CARD_ROWS),
      perType: PER_TYPE,
    });
    const enrich = (type: string) =>
      Promise.all(
        found[type]!.map(async (r) => {
          if (ipFamily(r.value) === 0) return r;
          const { asn, country } = await asAndCountry(r.value);
          return { ...r, ...(asn ? { asn } : {}), ...(country ? { country } : {}) };
        }),
      );
    const current = {
      A: await enrich("A"),
      AAAA: await enrich("AAAA"),
      NS: await enrich("NS"),
      MX: await enrich("MX"),
    };
    const snap = await ctx.store.registrations?.latestSnapshot(name, { skipStatus: ["throttled"] });
    const open = (await ctx.store.alerts?.listAlerts({ entity: name, statuses: ["open"] })) ?? [];
    const empty = Object.values(current).every((l) => l.length === 0);
    if (empty && snap === undefined && open.length === 0 && !(await seen(ctx, name)))
      throw new HttpError(404, `nothing is stored about ${name}`);
    ctx.rows = 1;
    return c.json(
      { name, registration: registrationCard(snap), current, openAlerts: open.length },
      200,
    );
  });

  app.openapi(subdomainsRoute, async (c) => {
    const ctx = c.env.ctx;
    const name = nameParam(c.req.valid("param").name);
    const q = c.req.valid("query");
    const page = await subdomainPage(pacedReader(ctx), name, {
      ...readLimits(ctx, SUB_ROWS),
      limit: q.limit,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
    if (q.cursor === undefined && page.names.length === 0 && page.next === undefined)
      throw new HttpError(404, `no name below ${name} is in passive DNS`);
    ctx.rows = page.names.length;
    if (page.next !== undefined) c.header("link", nextLink(ctx.url, page.next));
    return c.json(page, 200);
  });
}
