import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requirePart } from "../../store/require-part.js";
import { ALERT_MOVES, refusedMove, type AlertAction } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError, type RequestContext } from "../http.js";
import { AlertDetailSchema, CloseBody, NoteBody } from "./alert-schemas.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// An analyst moves an alert through its life (the store's moveAlert, as `dnsight
// alerts status` does): acknowledge, close with a comment, reopen. Each move leaves
// a note of who, when and why; one the life cycle does not allow is 409.

export const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "id", in: "path" }, description: "The alert's id" }),
});

const LIFE =
  "The life of an alert: open → acknowledged → closed, open → closed, and acknowledged or closed → open by reopening. Any other move is 409 and changes nothing.";

function moveRoute(action: AlertAction, verb: string, required: boolean) {
  const from = ALERT_MOVES[action].from.join(" or ");
  return createRoute({
    method: "post",
    path: `/alerts/{id}/${verb}`,
    operationId: `${verb}Alert`,
    tags: ["alerts"],
    summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} an alert`,
    description: `Moves an alert that is ${from} to ${ALERT_MOVES[action].to}, with a note (${required ? "a comment is required" : "a comment is optional"}). ${LIFE}`,
    ...access("analyst"),
    request: {
      params: idParam,
      body: {
        required,
        description: "JSON, at most 16 KiB",
        content: { "application/json": { schema: required ? CloseBody : NoteBody } },
      },
    },
    responses: {
      200: {
        description: "The alert as it is now, with its notes",
        content: { "application/json": { schema: AlertDetailSchema } },
      },
      404: problemContent("No alert has this id"),
      409: problemContent(`The alert is not ${from}`),
      408: problemContent("The body did not arrive in time"),
      413: problemContent("The body is larger than 16 KiB"),
      415: problemContent("The body is not JSON"),
      ...KEYED_ERRORS,
    },
  });
}

/** Who the request acts for: the session's user, or the API key's user (its name without one). */
export function callerName(ctx: RequestContext): string {
  if (ctx.session) return ctx.session.user;
  if (ctx.key) return ctx.key.user ?? ctx.key.name;
  // The guard lets no request through without one or the other.
  throw new HttpError(401, "no caller");
}

export function alertActionRoutes(app: OpenAPIHono<ApiEnv>): void {
  const moves = [
    ["acknowledged", "acknowledge", false],
    ["closed", "close", true],
    ["reopened", "reopen", false],
  ] as const;
  for (const [action, verb, required] of moves)
    app.openapi(moveRoute(action, verb, required), async (c) => {
      const ctx = c.env.ctx;
      const { id } = c.req.valid("param");
      const { comment } = c.req.valid("json") as { comment?: string };
      const moved = await requirePart(ctx.store, "alerts").moveAlert(id, {
        at: new Date(Math.floor(ctx.now * 1000)).toISOString(),
        user: callerName(ctx),
        action,
        ...(comment !== undefined && comment.trim() !== "" ? { comment } : {}),
      });
      if (!moved.ok) {
        if (moved.why === "missing") throw new HttpError(404, `no alert has the id "${id}"`);
        throw new HttpError(409, refusedMove(id, action, moved.status));
      }
      ctx.rows = 1;
      return c.json({ ...moved.alert, notes: moved.notes }, 200);
    });
}
