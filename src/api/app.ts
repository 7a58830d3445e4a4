import { Hono } from "hono";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { CIRCL_PREFIX, handleCircl } from "./circl/handler.js";
import { DNSDB_PREFIX, handleDnsdb } from "./dnsdb/handler.js";
import { hasBody, readJsonBody } from "./body.js";
import { HttpError } from "./http.js";
import type { JobRegistry } from "./jobs.js";
import { legacyRoute, sendLegacyError } from "./legacy.js";
import { createV1App, errorProblem, isV1, V1_BASE } from "./v1/app.js";
import type { ApiEnv } from "./app-env.js";
import { webRoutes } from "./web-static.js";

// The one router of the server: the REST API under /api/v1 (hono routes, problem
// errors), the DNSDB and CIRCL endpoints (legacy.ts: they write to node's
// response as before), and the web UI's page and assets (web-static.ts). Before any
// of them, a request with a body is refused, unless its route documents one (the
// login, state-changing routes): that body is read here, capped and against a
// deadline (body.ts), for the route's validator to parse.

export function createApp(jobs?: JobRegistry): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const v1 = createV1App(jobs);
  app.use("*", async (c, next) => {
    const ctx = c.env.ctx;
    if (!hasBody(ctx.req)) return next();
    if (v1.streamsBody(ctx.req.method ?? "GET", ctx.url.pathname)) {
      // An upload is the route's to read, as it arrives (src/api/v1/upload-body.ts).
      await next();
      // Refused before it was read (no key, a bad query, too many jobs): close rather
      // than read the rest of it to keep the connection.
      if (!ctx.req.complete) ctx.res.once("finish", () => ctx.req.socket?.destroy());
      return;
    }
    if (v1.acceptsBody(ctx.req.method ?? "GET", ctx.url.pathname)) {
      const text = await readJsonBody(ctx.req, ctx.res, {
        maxBytes: v1.bodyMax(ctx.req.method ?? "GET", ctx.url.pathname),
        deadlineMs: ctx.limits.bodyDeadlineMs,
      });
      // hono's c.req.json() parses what is cached; the adapter's stream is never read.
      // (The cache holds promises, whatever its type says.)
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
      return next();
    }
    // RFC 9110 9.3.1: GET content has no meaning; no other route takes one.
    // Answer and close without reading it: keeping the connection would mean reading
    // (and discarding) the whole body first.
    ctx.res.once("finish", () => ctx.req.socket.destroy());
    const e = new HttpError(413, "requests here have no body", { connection: "close" });
    if (isV1(ctx.url)) return errorProblem(e, ctx);
    sendLegacyError(ctx, e);
    return RESPONSE_ALREADY_SENT;
  });
  app.route(V1_BASE, v1.app);
  app.all(`${DNSDB_PREFIX}*`, legacyRoute(handleDnsdb, DNSDB_PREFIX));
  app.all(`${CIRCL_PREFIX}*`, legacyRoute(handleCircl, CIRCL_PREFIX));
  webRoutes(app);
  app.all("*", legacyRoute(undefined));
  app.onError((e, c) => {
    const ctx = c.env.ctx;
    if (isV1(ctx.url)) return errorProblem(e, ctx);
    sendLegacyError(ctx, e);
    return RESPONSE_ALREADY_SENT;
  });
  return app;
}
