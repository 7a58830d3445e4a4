import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requirePart } from "../../store/require-part.js";
import { VERSION } from "../../version.js";
import type { ApiEnv } from "../app-env.js";
import { access, KEYED_ERRORS } from "./route.js";

// The server's own state: health (no key, for a load balancer or a container probe)
// and the API keys (`dnsight apikey list`, admin only; never the keys themselves).

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags: ["server"],
  summary: "Health",
  description: "The server is up. No API key needed.",
  ...access("public"),
  responses: {
    200: {
      description: "Up",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok"), version: z.string() }).openapi("Health"),
        },
      },
    },
  },
});

const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "3f2a9c01b7e4" }),
    name: z.string(),
    role: z.enum(["read", "admin"]),
    createdAt: z.number().int().openapi({ description: "Epoch seconds" }),
    revokedAt: z.number().int().optional().openapi({ description: "Epoch seconds" }),
    user: z
      .string()
      .optional()
      .openapi({ description: "The user the key acts for; absent for a key made before users" }),
  })
  .openapi("ApiKey");

const keysRoute = createRoute({
  method: "get",
  path: "/apikeys",
  operationId: "listApiKeys",
  tags: ["admin"],
  summary: "List API keys",
  description: "Every key, revoked ones included, oldest first; never the key itself.",
  ...access("admin"),
  responses: {
    200: {
      description: "The keys",
      content: { "application/json": { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
    },
    ...KEYED_ERRORS,
  },
});

export function miscRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, version: VERSION }, 200));
  app.openapi(keysRoute, async (c) => {
    const keys = await requirePart(c.env.ctx.store, "apiKeys").listApiKeys();
    c.env.ctx.rows = keys.length;
    return c.json({ keys }, 200);
  });
}
