import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../app-env.js";
import { apikeyRoutes } from "./apikey-routes.js";
import { auditRoutes } from "./audit-route.js";
import { userRoutes } from "./user-routes.js";

// The admin page's routes: users, API keys, the audit log.

export function adminRoutes(app: OpenAPIHono<ApiEnv>): void {
  userRoutes(app);
  apikeyRoutes(app);
  auditRoutes(app);
}
