import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { VERSION } from "../../version.js";
import { BODY_MAX } from "../body.js";
import { detailOf, HttpError, messageOf, statusOf, type RequestContext } from "../http.js";
import { adminRoutes } from "./admin-routes.js";
import { alertRoutes } from "./alert-routes.js";
import { asnRoutes } from "./asn-routes.js";
import { auditTrail } from "./audit-log.js";
import { DOCS_CSS, DOCS_HEADERS, docsPage, type OpenApiDoc } from "./docs-page.js";
import type { ApiEnv } from "../app-env.js";
import { intelRoutes } from "./intel-routes.js";
import type { JobRegistry } from "../jobs.js";
import { jobRoutes } from "./job-routes.js";
import { miscRoutes } from "./misc-routes.js";
import { monitorRoutes } from "./monitor-routes.js";
import { pdnsRoutes } from "./pdns-routes.js";
import { problem, problemResponse } from "./problem.js";
import { SECURITY_SCHEMES } from "./route.js";
import { sessionRoutes } from "./session-routes.js";
import { timelineRoutes } from "./timeline-route.js";
import { validationHook } from "./validation.js";
import { watchRoutes } from "./watch-routes.js";

// The REST API under /api/v1: its routes, each defined once with zod schemas that
// validate the request, type the handler and write the OpenAPI 3.1 document (served
// at /openapi.json, rendered at /docs). Every error is a problem (RFC 9457).

export const V1_BASE = "/api/v1";

const DOC_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "dnsight API",
    version: VERSION,
    description:
      "Passive DNS, alerts and the server's state, on the same library calls as the dnsight CLI. Authenticate with an API key ('dnsight apikey create') in X-API-Key, or log in (POST /session) for a session cookie; a POST, PUT, PATCH or DELETE with the cookie must send the session's X-CSRF-Token.",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  servers: [{ url: V1_BASE }],
};

/** True for a path of the v1 API (its errors are problems). */
export const isV1 = (url: URL): boolean =>
  url.pathname === V1_BASE || url.pathname.startsWith(`${V1_BASE}/`);

/** The problem answer of an error; the detail the client is not told goes to the log. */
export function errorProblem(e: unknown, ctx: RequestContext): Response {
  const instance = ctx.url.pathname;
  if (e instanceof HTTPException)
    return problemResponse(problem(e.status, e.message || "bad request", instance));
  ctx.detail = detailOf(e);
  const headers = e instanceof HttpError ? e.headers : {};
  return problemResponse(problem(statusOf(e), messageOf(e), instance), headers);
}

/** `/alerts/{id}` as a pattern matching one path segment for each parameter. */
const pattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^{}]+\}/g, "[^/]+")}/?$`);

export interface V1App {
  app: OpenAPIHono<ApiEnv>;
  /** True when the operation at `pathname` (under /api/v1) for `method` documents a request body. */
  acceptsBody(method: string, pathname: string): boolean;
  /** The most bytes the body of that operation may have (BODY_MAX unless it says more). */
  bodyMax(method: string, pathname: string): number;
  /** True when that body is an upload the route streams itself (`x-dnsight-body: stream`). */
  streamsBody(method: string, pathname: string): boolean;
}

export function createV1App(jobs?: JobRegistry): V1App {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  auditTrail(app, V1_BASE);
  pdnsRoutes(app);
  timelineRoutes(app);
  sessionRoutes(app);
  alertRoutes(app);
  watchRoutes(app);
  monitorRoutes(app);
  miscRoutes(app);
  intelRoutes(app);
  asnRoutes(app);
  adminRoutes(app);
  jobRoutes(app, jobs);

  const doc = app.getOpenAPI31Document(DOC_CONFIG);
  const json = JSON.stringify(doc);
  const page = docsPage(doc as OpenApiDoc, `${V1_BASE}/docs.css`, `${V1_BASE}/openapi.json`);
  app.get("/openapi.json", (c) => c.body(json, 200, { "content-type": "application/json" }));
  app.get("/docs", (c) => c.html(page, 200, DOCS_HEADERS));
  app.get("/docs.css", (c) =>
    c.body(DOCS_CSS, 200, { "content-type": "text/css", ...DOCS_HEADERS }),
  );

  // Off the map: 405 for a known path asked with another method (RFC 9110 15.5.6
  // wants Allow), 404 for the rest.
  const known = Object.entries(doc.paths ?? {}).map(([path, ops]) => ({
    re: pattern(path),
    allow: Object.keys(ops ?? {}).map((m) => m.toUpperCase()),
    body: Object.entries(ops ?? {})
      .filter(([, op]) => (op as { requestBody?: unknown }).requestBody !== undefined)
      .map(([m]) => m.toUpperCase()),
    // A route taking more than BODY_MAX says how much (x-dnsight-body-max).
    bodyMax: Object.fromEntries(
      Object.entries(ops ?? {}).map(([m, op]) => [
        m.toUpperCase(),
        (op as { "x-dnsight-body-max"?: number })["x-dnsight-body-max"] ?? BODY_MAX,
      ]),
    ) as Record<string, number>,
    stream: Object.entries(ops ?? {})
      .filter(([, op]) => (op as { "x-dnsight-body"?: string })["x-dnsight-body"] === "stream")
      .map(([m]) => m.toUpperCase()),
  }));
  known.push(
    ...["/openapi.json", "/docs", "/docs.css"].map((p) => ({
      re: pattern(p),
      allow: ["GET"],
      body: [] as string[],
      bodyMax: {} as Record<string, number>,
      stream: [] as string[],
    })),
  );
  app.all("*", (c) => {
    const path = c.env.ctx.url.pathname;
    const rest = path.slice(V1_BASE.length) || "/";
    const hit = known.find((k) => k.re.test(rest));
    if (hit === undefined) throw new HttpError(404, `no such endpoint: ${path}`);
    const allow = [...hit.allow, "HEAD"].join(", ");
    throw new HttpError(405, `${path} takes ${allow}`, { allow });
  });
  app.onError((e, c) => errorProblem(e, c.env.ctx));
  return {
    app,
    acceptsBody(method, pathname) {
      if (!isV1(new URL(pathname, "http://localhost"))) return false;
      const rest = pathname.slice(V1_BASE.length) || "/";
      return known.some((k) => k.body.includes(method.toUpperCase()) && k.re.test(rest));
    },
    bodyMax(method, pathname) {
      const rest = pathname.slice(V1_BASE.length) || "/";
      const m = method.toUpperCase();
      // Another path may match too (/lookalikes/{domain} beside /lookalikes/match).
      const hit = known.find((k) => k.body.includes(m) && k.re.test(rest));
      return hit?.bodyMax[m] ?? BODY_MAX;
    },
    streamsBody(method, pathname) {
      if (!isV1(new URL(pathname, "http://localhost"))) return false;
      const rest = pathname.slice(V1_BASE.length) || "/";
      const m = method.toUpperCase();
      const hit = known.find((k) => k.body.includes(m) && k.re.test(rest));
      return hit?.stream.includes(m) === true;
    },
  };
}
