import { Hono } from "hono";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { IncomingMessage } from "node:http";
import { CIRCL_PREFIX, handleCircl } from "./circl/handler.js";
import { DNSDB_PREFIX, handleDnsdb } from "./dnsdb/handler.js";
import { HttpError } from "./http.js";
import { legacyRoute, sendLegacyError } from "./legacy.js";
import { createV1App, errorProblem, isV1, V1_BASE } from "./v1/app.js";
import type { ApiEnv } from "./app-env.js";
import { webRoutes } from "./web-static.js";

// The one router of the server: the REST API under /api/v1 (hono routes, problem
// errors), the DNSDB and CIRCL endpoints (legacy.ts: they write to node's
// response as before), and the web UI's page and assets (web-static.ts). Before any of them, a request with a body is refused.

/** No endpoint takes a body, so one is refused unread (RFC 9110 9.3.1: GET content has no meaning). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

export function createApp(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", async (c, next) => {
    const ctx = c.env.ctx;
    if (!hasBody(ctx.req)) return next();
    // Answer and close without reading it: keeping the connection would mean reading
    // (and discarding) the whole body first.
    ctx.res.once("finish", () => ctx.req.socket.destroy());
    const e = new HttpError(413, "requests here have no body", { connection: "close" });
    if (isV1(ctx.url)) return errorProblem(e, ctx);
    sendLegacyError(ctx, e);
    return RESPONSE_ALREADY_SENT;
  });
  app.route(V1_BASE, createV1App());
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
