import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { USER_ROLES, type UserRole } from "../../store/types.js";
import { MAX_PASSWORD_BYTES } from "../../util/password.js";
import type { ApiEnv } from "../app-env.js";
import type { RequestContext } from "../http.js";
import type { ActiveSession } from "../session/active.js";
import { activeSession } from "../session/active.js";
import { sessionEnded } from "../session/authorize.js";
import { clearedCookie, overTls, sessionCookie, sessionToken } from "../session/cookie.js";
import { checkCsrf, csrfToken } from "../session/csrf.js";
import { login, logout } from "../session/login.js";
import { problemContent } from "./problem.js";
import { access } from "./route.js";

// The web UI's session: log in with a user name and password (a session cookie and
// the session's CSRF token come back), see who is logged in, log out.

const SessionSchema = z
  .object({
    user: z.string().openapi({ example: "alice" }),
    role: z.enum(USER_ROLES as [UserRole, ...UserRole[]]),
    csrfToken: z.string().openapi({
      description: "Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the cookie",
    }),
  })
  .openapi("Session");

const LoginSchema = z
  .strictObject({
    user: z.string().min(1).max(256).openapi({ example: "alice" }),
    password: z.string().min(1).max(MAX_PASSWORD_BYTES),
  })
  .openapi("Login");

const json = { "application/json": { schema: SessionSchema } };
const noStore = { "cache-control": "no-store" };

const loginRoute = createRoute({
  method: "post",
  path: "/session",
  operationId: "login",
  tags: ["session"],
  summary: "Log in",
  description:
    "Sets the HttpOnly, SameSite=Strict session cookie (Secure over TLS). A wrong name, a wrong password and a disabled user get the same 401. Attempts are rate-limited per user name and per client address.",
  ...access("public"),
  request: {
    body: {
      required: true,
      description: "JSON, at most 16 KiB",
      content: { "application/json": { schema: LoginSchema } },
    },
  },
  responses: {
    200: {
      description: "Logged in",
      headers: z.object({
        "Set-Cookie": z.string().openapi({
          description: "dnsight_session=TOKEN; HttpOnly; SameSite=Strict; Path=/ (; Secure)",
        }),
      }),
      content: json,
    },
    400: problemContent("The body is not a login (each field named in `errors`)"),
    401: problemContent("Wrong user name or password"),
    403: problemContent("Origin is another site"),
    408: problemContent("The body did not arrive in time"),
    413: problemContent("The body is larger than 16 KiB"),
    415: problemContent("The body is not JSON"),
    429: problemContent("Too many attempts for this user or from this address (see Retry-After)"),
    501: problemContent("The store keeps no users"),
    503: problemContent("The store is unavailable"),
  },
});

const ERRORS = {
  401: problemContent("No session cookie, or the session has ended"),
  501: problemContent("The store keeps no users"),
  503: problemContent("The store is unavailable"),
} as const;

const getRoute = createRoute({
  method: "get",
  path: "/session",
  operationId: "getSession",
  tags: ["session"],
  summary: "The session",
  description: "Who is logged in, with the current role and CSRF token. Extends the session.",
  ...access("session"),
  responses: { 200: { description: "Logged in", content: json }, ...ERRORS },
});

const logoutRoute = createRoute({
  method: "delete",
  path: "/session",
  operationId: "logout",
  tags: ["session"],
  summary: "Log out",
  description: "Ends the session and clears the cookie. Needs X-CSRF-Token.",
  ...access("session"),
  responses: {
    204: { description: "Logged out" },
    403: problemContent("X-CSRF-Token missing or wrong, or Origin is another site"),
    ...ERRORS,
  },
});

const body = (ctx: RequestContext, s: ActiveSession) => ({
  user: s.user,
  role: s.role,
  csrfToken: csrfToken(ctx.sessions.secret, s.token),
});

/** The request's live session, or the 401 that tells the browser to drop its cookie. */
async function current(ctx: RequestContext, touch: boolean): Promise<ActiveSession> {
  const token = sessionToken(ctx.req);
  const s = token === undefined ? undefined : await activeSession(ctx, token, touch);
  if (s === undefined) throw sessionEnded(ctx.req);
  return s;
}

export function sessionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(loginRoute, async (c) => {
    const ctx = c.env.ctx;
    const { user, password } = c.req.valid("json");
    const s = await login(ctx, user, password);
    c.header("set-cookie", sessionCookie(s.token, overTls(ctx.req)));
    return c.json(body(ctx, s), 200, noStore);
  });

  app.openapi(getRoute, async (c) => {
    const ctx = c.env.ctx;
    return c.json(body(ctx, await current(ctx, true)), 200, noStore);
  });

  app.openapi(logoutRoute, async (c) => {
    const ctx = c.env.ctx;
    const s = await current(ctx, false);
    checkCsrf(ctx.req, ctx.sessions.secret, s.token);
    await logout(ctx, s);
    c.header("set-cookie", clearedCookie(overTls(ctx.req)));
    return c.body(null, 204);
  });
}
