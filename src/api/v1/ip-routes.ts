import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ipNeighbours } from "../../passive/ip-neighbours.js";
import { namesOnIp, ptrNames } from "../../passive/ip-names.js";
import type { ApiEnv } from "../app-env.js";
import { asAndCountry } from "./ip-facts.js";
import { AsnSchema, ipParam, pacedReader, pathParam, readLimits } from "./intel-params.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { pageLimit } from "./schemas.js";

// The IP page: an address's PTR names, AS and country, and the names seen on it in
// passive DNS; and its neighbours, the other addresses of its /24 (/64) with names.

/** Stored rows read at most for one answer (a busy CDN address has millions). */
const MAX_ROWS = 5000;
const PTR_ROWS = 1000;

const NameOnIpSchema = z
  .object({
    name: z.string().openapi({ example: "www.example.com" }),
    type: z.string().openapi({ example: "A" }),
    firstSeen: z.number().int().openapi({ description: "Epoch seconds" }),
    lastSeen: z.number().int().openapi({ description: "Epoch seconds" }),
    count: z.number().int().openapi({ description: "Sightings, over every sensor and bailiwick" }),
  })
  .openapi("NameOnIp");

const IpSchema = z
  .object({
    ip: z.string().openapi({ example: "192.0.2.1" }),
    ptr: z
      .array(z.string())
      .openapi({ description: "PTR names of its reverse name, from passive DNS" }),
    asn: AsnSchema.nullable(),
    country: z.string().nullable().openapi({ description: "ISO 3166 alpha-2", example: "NL" }),
    names: z.array(NameOnIpSchema).openapi({
      description: "Names whose A/AAAA record held it, newest last seen first",
    }),
    truncated: z.boolean().openapi({
      description: `More names than \`limit\`, or the address has over ${MAX_ROWS} stored rows and only the first ${MAX_ROWS} (in name order) were read`,
    }),
  })
  .openapi("IpFacts");

const ipPath = {
  params: z.object({ ip: pathParam("ip", "An IPv4 or IPv6 address", "192.0.2.1") }),
};

const ipRoute = createRoute({
  method: "get",
  path: "/ips/{ip}",
  operationId: "getIp",
  tags: ["intel"],
  summary: "An IP address",
  description:
    "PTR names, AS and country (offline tables), and the names seen on it in passive DNS. An address nothing was seen on answers 200 with empty lists.",
  ...access("reader"),
  request: { ...ipPath, query: z.strictObject({ limit: pageLimit(1000, 100) }) },
  responses: {
    200: { description: "The address", content: { "application/json": { schema: IpSchema } } },
    404: problemContent("The path does not hold an IP address"),
    ...KEYED_ERRORS,
  },
});

const NeighboursSchema = z
  .object({
    network: z.string().openapi({ example: "192.0.2.0/24" }),
    ips: z.array(
      z.object({
        ip: z.string().openapi({ example: "192.0.2.7" }),
        names: z.array(z.string()),
      }),
    ),
    truncated: z.boolean().openapi({
      description: `Addresses, names or stored rows (over ${MAX_ROWS}) were left out`,
    }),
  })
  .openapi("IpNeighbours");

const neighboursRoute = createRoute({
  method: "get",
  path: "/ips/{ip}/neighbours",
  operationId: "getIpNeighbours",
  tags: ["intel"],
  summary: "Neighbours of an IP address",
  description:
    "Every address of its /24 (IPv6: /64) seen in an A or AAAA record, in address order, with the names on it.",
  ...access("reader"),
  request: {
    ...ipPath,
    query: z.strictObject({
      limit: pageLimit(256, 256).openapi({
        description: "Addresses at most (1..256, default 256)",
      }),
      names: pageLimit(100, 20).openapi({
        description: "Names per address at most (1..100, default 20)",
      }),
    }),
  },
  responses: {
    200: {
      description: "The neighbours",
      content: { "application/json": { schema: NeighboursSchema } },
    },
    404: problemContent("The path does not hold an IP address"),
    ...KEYED_ERRORS,
  },
});

export function ipRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(ipRoute, async (c) => {
    const ctx = c.env.ctx;
    const ip = ipParam(c.req.valid("param").ip);
    const { limit } = c.req.valid("query");
    const read = pacedReader(ctx);
    const ptr = await ptrNames(read, ip, readLimits(ctx, PTR_ROWS));
    const seen = await namesOnIp(read, ip, { ...readLimits(ctx, MAX_ROWS), limit });
    ctx.rows = seen.names.length;
    return c.json({ ip, ptr, ...(await asAndCountry(ip)), ...seen }, 200);
  });

  app.openapi(neighboursRoute, async (c) => {
    const ctx = c.env.ctx;
    const ip = ipParam(c.req.valid("param").ip);
    const q = c.req.valid("query");
    const n = await ipNeighbours(pacedReader(ctx), ip, {
      ...readLimits(ctx, MAX_ROWS),
      maxIps: q.limit,
      namesPerIp: q.names,
    });
    ctx.rows = n.ips.length;
    return c.json(n, 200);
  });
}
