import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { VERSION } from "../../version.js";
import type { ApiEnv } from "../app-env.js";
import { access } from "./route.js";

// The server's own state: health (no key, for a load balancer or a container probe).
// The API keys are in apikey-routes.ts.

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

export function miscRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, version: VERSION }, 200));
}
