import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { toQueryName } from "../../dns/input-name.js";
import { authoritativeAll, lookupAll, type LookupSetup } from "../../dns/lookup-all.js";
import { relative } from "../../dns/wire/name.js";
import { isDnsightError } from "../../errors.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError, type RequestContext } from "../http.js";
import { AuthReportSchema, DnsResultSchema, typesParam } from "./lookup-schemas.js";
import { clip, pathParam } from "./intel-params.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// Active DNS now: `dnsight lookup NAME -t ... --json`, asked of the resolvers `serve
// --server` names (ctx.dns), and `lookup --authoritative`, each of the zone's own
// servers asked directly (on `--ns-port`). Reader access, but each call sends DNS
// queries, so it takes a token of the caller's rate like any other. The answers are
// not stored (the CLI's lookup stores them; a GET changes nothing).

const DEFAULT_TYPES = ["A", "AAAA", "NS", "MX", "TXT", "CNAME", "SOA"] as const;
/** One attempt's timeout and retries: a silent server costs a call 3 s, not the CLI's 14. */
const TIMEOUT_MS = 1500;
const RETRIES = 1;

const namePath = {
  params: z.object({
    name: pathParam(
      "name",
      "A domain name (an IDN is taken), or an IP address (its PTR name is asked)",
      "example.com",
    ),
  }),
};

const DNS_ERRORS = {
  404: problemContent("The path holds no name or address that DNS can ask about"),
  503: problemContent(
    "No DNS server is configured (serve --server), too many queries of this key at once, or the store is unavailable",
  ),
};

/** Marks the route as one that sends DNS queries (the access test knows it needs servers). */
const ACTIVE = { "x-dnsight-active-dns": true } as const;

const lookupRoute = createRoute({
  method: "get",
  path: "/lookup/{name}",
  operationId: "lookup",
  tags: ["active DNS"],
  summary: "Look a name up now",
  description:
    "Asks the server's resolvers for each type, side by side: one DNS result per type, as `dnsight lookup --json` prints it. A name that does not exist is a 200 with status NXDOMAIN; a server that does not answer, status TIMEOUT.",
  ...access("reader"),
  ...ACTIVE,
  request: { ...namePath, query: z.strictObject({ type: typesParam(DEFAULT_TYPES) }) },
  responses: {
    200: {
      description: "One result per type, in the order asked",
      content: {
        "application/json": {
          schema: z
            .object({ name: z.string(), results: z.array(DnsResultSchema) })
            .openapi("LookupResults"),
        },
      },
    },
    ...KEYED_ERRORS,
    ...DNS_ERRORS,
  },
});

const authRoute = createRoute({
  method: "get",
  path: "/lookup/{name}/authoritative",
  operationId: "lookupAuthoritative",
  tags: ["active DNS"],
  summary: "Ask the zone's own servers",
  description:
    "Finds the zone of the name and its name servers through the resolvers, then asks every server address directly (recursion off) for each type: their answers side by side, with lame, silent and disagreeing servers marked, as `dnsight lookup --authoritative` does.",
  ...access("reader"),
  ...ACTIVE,
  request: { ...namePath, query: z.strictObject({ type: typesParam(DEFAULT_TYPES) }) },
  responses: {
    200: {
      description: "A report per type, in the order asked",
      content: {
        "application/json": {
          schema: z
            .object({ name: z.string(), reports: z.array(AuthReportSchema) })
            .openapi("AuthoritativeResults"),
        },
      },
    },
    502: problemContent("The zone or its name servers could not be found through the resolvers"),
    ...KEYED_ERRORS,
    ...DNS_ERRORS,
  },
});

function target(ctx: RequestContext, name: string, asked: string[]) {
  let q;
  try {
    q = toQueryName(name);
  } catch (e) {
    throw new HttpError(
      404,
      `path parameter "name": ${clip(isDnsightError(e) ? e.message : name)}`,
    );
  }
  if (ctx.dns.servers.length === 0)
    throw new HttpError(503, "no DNS server is configured (dnsight serve --server)");
  const types = asked.length > 0 ? asked : q.reverseOf !== undefined ? ["PTR"] : [...DEFAULT_TYPES];
  const setup: LookupSetup = {
    servers: ctx.dns.servers,
    nsPort: ctx.dns.nsPort,
    timeoutMs: TIMEOUT_MS,
    retries: RETRIES,
  };
  return { qname: q.qname, types, setup };
}

export function lookupRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(lookupRoute, async (c) => {
    const ctx = c.env.ctx;
    const t = target(ctx, c.req.valid("param").name, c.req.valid("query").type);
    const results = await lookupAll(t.qname, t.types, t.setup);
    ctx.rows = results.length;
    return c.json({ name: relative(t.qname), results }, 200);
  });

  app.openapi(authRoute, async (c) => {
    const ctx = c.env.ctx;
    const t = target(ctx, c.req.valid("param").name, c.req.valid("query").type);
    let reports;
    try {
      reports = await authoritativeAll(t.qname, t.types, t.setup);
    } catch (e) {
      if (isDnsightError(e) && e.code === "NETWORK") throw new HttpError(502, e.message);
      throw e;
    }
    ctx.rows = reports.length;
    const marked = reports.map((r) => ({
      ...r,
      answers: r.answers.map((a) => ({
        ...a,
        disagrees: a.issues.some((i) => i.startsWith("disagrees")),
      })),
    }));
    return c.json({ name: relative(t.qname), reports: marked }, 200);
  });
}
