import type { Handler } from "hono";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { DNSDB_PREFIX } from "./dnsdb/handler.js";
import { detailOf, HttpError, messageOf, sendJson, statusOf, type RequestContext } from "./http.js";
import type { ApiEnv } from "./app-env.js";

// The DNSDB and CIRCL endpoints on the hono router. They stream to node's
// ServerResponse themselves, as they always did (the bytes dnsdbq reads must not
// change), so the route hands them the request context and tells the adapter the
// answer is already sent. Errors keep their own shapes: a terminal SAF line for DNSDB
// clients, `{error}` for the rest.

/** Answers an error on `ctx.res` in the endpoints' own shape; cuts an answer already under way. */
export function sendLegacyError(ctx: RequestContext, e: unknown): void {
  ctx.detail = detailOf(e);
  const res = ctx.res;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const msg = messageOf(e);
  const headers = e instanceof HttpError ? e.headers : {};
  // DNSDB clients read SAF, so the error is a terminal SAF line they understand.
  const body = ctx.url.pathname.startsWith(DNSDB_PREFIX) ? { cond: "failed", msg } : { error: msg };
  sendJson(res, statusOf(e), body, headers);
}

/**
 * A route for an endpoint below `prefix` (none: every path is 404). The prefix is
 * checked again on the raw path, as the server always did: hono matches decoded
 * paths, and "/dnsdb%2Fv2/..." is not a DNSDB path.
 */
export function legacyRoute(
  handle: ((ctx: RequestContext) => Promise<void>) | undefined,
  prefix = "",
): Handler<ApiEnv> {
  return async (c) => {
    const ctx = c.env.ctx;
    try {
      if (ctx.req.method !== "GET") throw new HttpError(405, "only GET", { allow: "GET" });
      if (handle === undefined || !ctx.url.pathname.startsWith(prefix))
        throw new HttpError(404, `no such endpoint: ${ctx.url.pathname}`);
      await handle(ctx);
    } catch (e) {
      sendLegacyError(ctx, e);
    }
    return RESPONSE_ALREADY_SENT;
  };
}
