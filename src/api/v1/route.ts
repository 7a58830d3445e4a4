import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../app-env.js";
import { guard, type Access } from "./guard.js";
import { problemContent } from "./problem.js";

// The parts every route definition shares: who may call it (one value that sets the
// guard, the documented security and the `x-dnsight-access` extension the route test
// reads), and the error answers it may give.

/** The security schemes of the document (registered in app.ts). */
export const SECURITY_SCHEMES = {
  apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  basic: {
    type: "http",
    scheme: "basic",
    description: "HTTP Basic with the API key as password (the user name is ignored)",
  },
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: "dnsight_session",
    description:
      "The web UI's session (POST /session logs in). A POST, PUT, PATCH or DELETE with it must send X-CSRF-Token (the csrfToken of the session) and, if it sends Origin, this server's own.",
  },
} as const;

const CALLER_SECURITY: Array<Record<string, string[]>> = [
  { apiKey: [] },
  { basic: [] },
  { cookieAuth: [] },
];

/**
 * The access fields of a route definition. "read" is the API key role's name for
 * "reader", kept so a route can say either.
 */
export function access(who: Access | "read"): {
  middleware: MiddlewareHandler<ApiEnv>[];
  security: Array<Record<string, string[]>>;
  "x-dnsight-access": Access;
} {
  if (who === "public") return { middleware: [], security: [], "x-dnsight-access": who };
  // The session routes check their cookie themselves (session-routes.ts).
  if (who === "session")
    return { middleware: [], security: [{ cookieAuth: [] }], "x-dnsight-access": who };
  const role = who === "read" ? "reader" : who;
  return { middleware: [guard(role)], security: CALLER_SECURITY, "x-dnsight-access": role };
}

/** The error answers of a route that needs a key and reads the store. */
export const KEYED_ERRORS = {
  400: problemContent("A parameter is not valid (each one named in `errors`)"),
  401: problemContent("No API key or session cookie, or the session has ended"),
  403: problemContent(
    "The API key is wrong, revoked, or lacks the role; the session's user lacks the role; or a cookie request failed the CSRF checks",
  ),
  429: problemContent(
    "Over the key's or the user's rate (see Retry-After, and the RateLimit and RateLimit-Policy headers every keyed answer carries)",
  ),
  501: problemContent("The store does not keep this part"),
  503: problemContent("Too many queries of this key at once, or the store is unavailable"),
} as const;
