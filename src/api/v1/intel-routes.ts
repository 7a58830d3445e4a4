import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../app-env.js";
import { domainRoutes } from "./domain-routes.js";
import { ipRoutes } from "./ip-routes.js";
import { lookalikeRoutes } from "./lookalike-routes.js";
import { lookupRoutes } from "./lookup-routes.js";
import { partyRoutes } from "./party-routes.js";
import { registrationRoutes } from "./registration-routes.js";
import { suggestRoutes } from "./suggest-route.js";

// The routes the web UI's intel pages read (IP page, domain page, registration,
// registrar pivots, lookup, lookalikes, the search box's suggestions), registered
// as one group.

export function intelRoutes(app: OpenAPIHono<ApiEnv>): void {
  ipRoutes(app);
  domainRoutes(app);
  suggestRoutes(app);
  registrationRoutes(app);
  partyRoutes(app);
  lookupRoutes(app);
  lookalikeRoutes(app);
}
