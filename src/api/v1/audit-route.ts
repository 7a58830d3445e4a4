import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { parseTimePoint } from "../../passive/time-fence.js";
import { AUDIT_CURSOR } from "../../store/check.js";
import { requirePart } from "../../store/require-part.js";
import {
  AUDIT_OUTCOMES,
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
  type AuditOutcome,
  type AuditQuery,
} from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { nextLink } from "./next-link.js";
import { access, KEYED_ERRORS } from "./route.js";
import { pageLimit, timePoint } from "./schemas.js";

// GET /audit (admin): the audit log, newest first, a page at a time by its cursor,
// as `dnsight audit` reads it (AuditStore.queryAudit): logins and logouts, the CLI's
// user and key changes, and every state-changing /api/v1 call (./audit-log.ts).

const AuditEntrySchema = z
  .object({
    id: z.string().openapi({ example: "9c1f0a2b3d4e5f60" }),
    at: z.number().int().openapi({ description: "Epoch milliseconds" }),
    actor: z.string().openapi({
      description: "user:NAME, key:ID, cli:LOGIN or system:WHAT",
      example: "user:alice",
    }),
    action: z.string().openapi({
      description: "An operationId of this API, or noun.verb (session.login, user.add)",
      example: "createUser",
    }),
    target: z.string().optional(),
    outcome: z.enum(AUDIT_OUTCOMES as [AuditOutcome, ...AuditOutcome[]]),
    detail: z.string().optional(),
  })
  .openapi("AuditEntry");

const query = z.object({
  since: timePoint("At or after this time (ISO date or time, epoch seconds, or an age: 7d)"),
  until: timePoint("Before this time"),
  user: z.string().min(1).max(200).optional().openapi({
    description: "Only this actor: a user name, or key:ID, cli:LOGIN",
    example: "alice",
  }),
  action: z.string().min(1).max(200).optional().openapi({ example: "createUser" }),
  outcome: z.enum(AUDIT_OUTCOMES as [AuditOutcome, ...AuditOutcome[]]).optional(),
  limit: pageLimit(AUDIT_PAGE_MAX, AUDIT_PAGE_DEFAULT),
  cursor: z
    .string()
    .regex(AUDIT_CURSOR, { error: "not a cursor of this log (pass back a page's next)" })
    .optional()
    .openapi({ description: "Continue after the page whose `next` this was" }),
});

const auditRoute = createRoute({
  method: "get",
  path: "/audit",
  operationId: "queryAudit",
  tags: ["admin"],
  summary: "The audit log",
  description:
    "Admin and state-changing actions, newest first. Page with `cursor`: the next page's link is also in the `Link` header (RFC 8288, rel=next).",
  ...access("admin"),
  request: { query },
  responses: {
    200: {
      description: "A page of entries",
      headers: z.object({
        Link: z.string().optional().openapi({ description: 'The next page: <…>; rel="next"' }),
      }),
      content: {
        "application/json": {
          schema: z.object({
            entries: z.array(AuditEntrySchema),
            next: z
              .string()
              .optional()
              .openapi({ description: "Pass as `cursor` for the next page" }),
          }),
        },
      },
    },
    ...KEYED_ERRORS,
  },
});

/** "alice" is the user alice; "key:ID", "cli:LOGIN", "user:NAME" as they are (as `dnsight audit --actor`). */
const actorOf = (text: string): string =>
  /^(?:user|key|cli|system):/.test(text) ? text : `user:${text}`;

export function auditRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(auditRoute, async (c) => {
    const ctx = c.env.ctx;
    const q = c.req.valid("query");
    const ms = (t: string, what: string): number => parseTimePoint(t, ctx.now, what) * 1000;
    const aq: AuditQuery = { limit: q.limit };
    if (q.since !== undefined) aq.since = ms(q.since, "since");
    if (q.until !== undefined) aq.until = ms(q.until, "until");
    if (aq.since !== undefined && aq.until !== undefined && aq.until <= aq.since)
      throw new HttpError(400, 'query parameter "until": not after since');
    if (q.user !== undefined) aq.actor = actorOf(q.user);
    if (q.action !== undefined) aq.action = q.action;
    if (q.outcome !== undefined) aq.outcome = q.outcome;
    if (q.cursor !== undefined) aq.cursor = q.cursor;
    const page = await requirePart(ctx.store, "audit").queryAudit(aq);
    ctx.rows = page.entries.length;
    if (page.next !== undefined) c.header("link", nextLink(ctx.url, page.next));
    return c.json(page, 200);
  });
}
