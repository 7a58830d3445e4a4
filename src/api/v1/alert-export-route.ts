import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { alertCsvRow, alertsCsvHeader } from "../../export/alerts-csv.js";
import { stixBundle } from "../../export/stix.js";
import type { Alert } from "../../model/alert.js";
import { requirePart } from "../../store/require-part.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { alertFilter } from "./alert-pages.js";
import { AlertListQuery } from "./alert-schemas.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// The alerts an analyst picked (by id) or filtered, as a file: a STIX 2.1 bundle
// (export/stix.ts, what `dnsight alerts --format stix` prints) or RFC 4180 CSV
// (export/alerts-csv.ts, `--format csv`). An export is whole or refused: past
// EXPORT_MAX alerts the caller is told to narrow the filters, never handed a cut file.

// Building a bundle costs about 0.3 ms an alert on the 2-core reference machine
// (stixBundle, 10000 alerts in 2.8 s, then 0.5 s to serialise 24 MB), all on the
// event loop: 1000 alerts hold it about a third of a second.
export const EXPORT_MAX = 1_000;
// 250 ids of 24 bytes fit the 8 KiB request head (connections.ts) with room for the rest.
const IDS_MAX = 250;

/** STIX 2.1 section 1.7 (media type), CSV RFC 4180 section 3 with RFC 7111's header parameter. */
const STIX_TYPE = "application/stix+json;version=2.1";
const CSV_TYPE = "text/csv; charset=utf-8; header=present";

const ids = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()))
  .refine((vs) => vs.length <= IDS_MAX, { error: `at most ${IDS_MAX} ids` })
  .refine((vs) => vs.every((v) => /^al-[0-9a-f]{20}$/.test(v)), {
    error: "alert ids (al- and 20 hex digits), repeated or comma-separated",
  })
  .optional()
  .openapi({
    description: `Only these alerts (at most ${IDS_MAX}; repeat id= or separate with commas); not with the filters`,
    example: "al-0123456789abcdef0123",
  });

const ExportQuery = AlertListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(["stix", "csv"]).openapi({
    description: "stix: a STIX 2.1 bundle (for OpenCTI or MISP); csv: RFC 4180 with a header",
    example: "stix",
  }),
  id: ids,
});

const route = createRoute({
  method: "get",
  path: "/alerts/export",
  operationId: "exportAlerts",
  tags: ["alerts"],
  summary: "Export alerts as STIX 2.1 or CSV",
  description: `The alerts of the list's filters (all of them when none is given), newest last seen first, or those named by id, as an attachment. At most ${EXPORT_MAX} alerts: when more match, 400 asks for narrower filters.`,
  ...access("reader"),
  request: { query: ExportQuery },
  responses: {
    200: {
      description: "The file (Content-Disposition: attachment)",
      headers: z.object({
        "Content-Disposition": z.string().openapi({
          description: 'attachment; filename="dnsight-alerts-….stix.json" (or .csv)',
        }),
      }),
      content: {
        "application/stix+json": {
          schema: z
            .object({
              type: z.literal("bundle"),
              id: z.string(),
              objects: z.array(z.looseObject({})),
            })
            .openapi("StixBundle"),
        },
        "text/csv": { schema: z.string() },
      },
    },
    404: problemContent("An id names no alert"),
    ...KEYED_ERRORS,
  },
});

export function alertExportRoute(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(route, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const store = requirePart(ctx.store, "alerts");
    let alerts: Alert[];
    if (q.id !== undefined) {
      const filtered = ["technique", "severity", "status", "since", "entity"].filter(
        (k) => q[k as keyof typeof q] !== undefined,
      );
      if (filtered.length > 0)
        throw new HttpError(
          400,
          `query parameter "id" names the alerts: leave out ${filtered.join(", ")}`,
        );
      alerts = [];
      for (const id of new Set(q.id)) {
        const a = await store.getAlert(id);
        if (a === undefined) throw new HttpError(404, `no alert has the id "${id}"`);
        alerts.push(a);
      }
    } else {
      // One more than the cap tells whether the filters leave too many.
      const rows = await store.listAlerts({ ...alertFilter(q, ctx.now), limit: EXPORT_MAX + 1 });
      const sev = q.severity && new Set(q.severity);
      alerts = sev ? rows.filter((a) => sev.has(a.severity)) : rows;
      if (rows.length > EXPORT_MAX)
        throw new HttpError(
          400,
          `more than ${EXPORT_MAX} alerts match: narrow the export with since, technique, status or entity`,
        );
    }
    ctx.rows = alerts.length;
    const stamp = new Date(ctx.now * 1000).toISOString().replace(/[-:]|\.\d{3}/g, "");
    const [body, type, ext] =
      q.format === "stix"
        ? [JSON.stringify(stixBundle(alerts)), STIX_TYPE, "stix.json"]
        : [alertsCsvHeader() + alerts.map(alertCsvRow).join(""), CSV_TYPE, "csv"];
    return c.body(body, 200, {
      "content-type": type,
      "content-disposition": `attachment; filename="dnsight-alerts-${stamp}.${ext}"`,
      "x-content-type-options": "nosniff",
    });
  });
}
