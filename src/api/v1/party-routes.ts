import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { partyKey, type RegistrationParty } from "../../store/registration-parties.js";
import { requirePart } from "../../store/require-part.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { nextLink } from "./next-link.js";
import { access, KEYED_ERRORS } from "./route.js";
import { cursorParam, pageLimit } from "./schemas.js";

// The pivot from a registrar or a registrant organisation to the domains it holds
// now, by the newest stored snapshot of each (RegistrationStore.keysByParty). Only
// what is stored: nothing is fetched here.

const partyRoute = createRoute({
  method: "get",
  path: "/registrations",
  operationId: "listRegistrationsByParty",
  tags: ["registration"],
  summary: "Domains by registrar or registrant organisation",
  description:
    "The keys (domains, networks, AS numbers) whose newest answered snapshot names `name` as its registrar, or as its registrant organisation (the registrant's name when it gives no organisation), in key order. Page with `cursor` (also in the `Link` header).",
  ...access("reader"),
  request: {
    query: z.strictObject({
      party: z
        .enum(["registrar", "registrant"])
        .openapi({ description: "Whose name `name` is", example: "registrar" }),
      name: z.string().min(1).max(256).openapi({
        description: "The name as a snapshot gives it; case and runs of white space do not matter",
        example: "Example Registrar, Inc.",
      }),
      limit: pageLimit(1000, 100),
      cursor: cursorParam,
    }),
  },
  responses: {
    200: {
      description: "The keys",
      content: {
        "application/json": {
          schema: z
            .object({
              party: z.enum(["registrar", "registrant"]),
              name: z
                .string()
                .openapi({ description: "The name as compared: lowercase, spaces collapsed" }),
              keys: z.array(z.string()).openapi({ example: ["example.com", "example.net"] }),
              next: z.string().optional().openapi({
                description: "Pass as `cursor` for the next page; absent on the last page",
              }),
            })
            .openapi("PartyKeys"),
        },
      },
    },
    ...KEYED_ERRORS,
  },
});

export function partyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(partyRoute, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const party: RegistrationParty = q.party;
    const name = partyKey(q.name);
    if (name === undefined) throw new HttpError(400, 'query parameter "name": the name is blank');
    const reg = requirePart(ctx.store, "registrations");
    // One index range, limit + 1 keys: within one pacer turn.
    const end = await ctx.pacer.turn(true);
    const started = performance.now();
    let keys: string[];
    try {
      keys = await reg.keysByParty({
        party,
        name,
        limit: q.limit + 1,
        ...(q.cursor !== undefined ? { after: q.cursor } : {}),
      });
    } finally {
      end(performance.now() - started);
    }
    const more = keys.length > q.limit;
    if (more) keys = keys.slice(0, q.limit);
    ctx.rows = keys.length;
    const next = more ? keys[keys.length - 1] : undefined;
    if (next !== undefined) c.header("link", nextLink(ctx.url, next));
    return c.json({ party, name, keys, ...(next !== undefined ? { next } : {}) }, 200);
  });
}
