import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { SUGGEST_MAX, suggestNames } from "../../passive/suggest.js";
import type { ApiEnv } from "../app-env.js";
import { access, KEYED_ERRORS } from "./route.js";
import { pageLimit } from "./schemas.js";

// The search box's suggestions as the analyst types: stored owner names that start
// with the text, each one index seek (src/store/sqlite/suggest.ts), so it stays
// cheap on a store of millions of rows.

const suggestRoute = createRoute({
  method: "get",
  path: "/pdns/suggest",
  operationId: "suggestNames",
  tags: ["passive DNS"],
  summary: "Suggest stored names",
  description: `Up to ${SUGGEST_MAX} names seen in passive DNS that start with \`q\` (lowercase, byte order). A leading "*." is ignored; a Unicode name is matched by its A-label once its labels are whole. Only the start of the name matches, not a label inside it.`,
  ...access("reader"),
  request: {
    query: z.strictObject({
      q: z.string().min(1).max(253).openapi({ description: "What was typed", example: "www.exa" }),
      limit: pageLimit(SUGGEST_MAX, SUGGEST_MAX),
    }),
  },
  responses: {
    200: {
      description: "The names",
      content: {
        "application/json": {
          schema: z
            .object({ names: z.array(z.string()).openapi({ example: ["www.example.com"] }) })
            .openapi("Suggestions"),
        },
      },
    },
    ...KEYED_ERRORS,
  },
});

export function suggestRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(suggestRoute, async (c) => {
    const ctx = c.env.ctx;
    const { q, limit } = c.req.valid("query");
    // One short statement per name, ten at most: within one pacer turn.
    const end = await ctx.pacer.turn(true);
    const started = performance.now();
    let names: string[];
    try {
      names = await suggestNames(ctx.store, q, limit);
    } finally {
      end(performance.now() - started);
    }
    ctx.rows = names.length;
    return c.json({ names }, 200);
  });
}
