import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Severity } from "../../model/finding.js";
import { requirePart } from "../../store/require-part.js";
import { HttpError } from "../http.js";
import { alertFilter, alertPage, WINDOW } from "./alert-pages.js";
import { AlertDetailSchema, AlertListQuery, AlertPageSchema } from "./alert-schemas.js";
import { alertActionRoutes, idParam } from "./alert-action-routes.js";
import { alertExportRoute } from "./alert-export-route.js";
import type { ApiEnv } from "../app-env.js";
import { nextLink } from "./next-link.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// Alerts: the list `dnsight alerts` prints (the alert store's listAlerts, same
// filters), paged, and one alert by id with its notes.

const listRoute = createRoute({
  method: "get",
  path: "/alerts",
  operationId: "listAlerts",
  tags: ["alerts"],
  summary: "List alerts",
  description: `Newest last seen first. Page with \`cursor\` (also in the \`Link\` header); a page looks at the newest ${WINDOW} alerts matching the store-side filters at most.`,
  ...access("reader"),
  request: { query: AlertListQuery },
  responses: {
    200: {
      description: "A page of alerts",
      content: { "application/json": { schema: AlertPageSchema } },
    },
    ...KEYED_ERRORS,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/alerts/{id}",
  operationId: "getAlert",
  tags: ["alerts"],
  summary: "One alert",
  ...access("reader"),
  request: { params: idParam },
  responses: {
    200: {
      description: "The alert, with its notes (who acknowledged, closed or reopened it)",
      content: { "application/json": { schema: AlertDetailSchema } },
    },
    404: problemContent("No alert has this id"),
    ...KEYED_ERRORS,
  },
});

/** The alert routes: list, export (before /alerts/{id}, which would take its path), one, moves. */
export function alertRoutes(app: OpenAPIHono<ApiEnv>): void {
  alertExportRoute(app);
  app.openapi(listRoute, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const filter = alertFilter(q, ctx.now);
    const page = await alertPage(requirePart(ctx.store, "alerts"), {
      filter,
      limit: q.limit,
      ...(q.severity ? { severities: q.severity as Severity[] } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
    ctx.rows = page.alerts.length;
    if (page.next !== undefined) c.header("link", nextLink(ctx.url, page.next));
    return c.json(page, 200);
  });

  app.openapi(getRoute, async (c) => {
    const ctx = c.env.ctx;
    const { id } = c.req.valid("param");
    const alerts = requirePart(ctx.store, "alerts");
    const alert = await alerts.getAlert(id);
    if (alert === undefined) throw new HttpError(404, `no alert has the id "${id}"`);
    ctx.rows = 1;
    return c.json({ ...alert, notes: await alerts.listAlertNotes(id) }, 200);
  });
  alertActionRoutes(app);
}
