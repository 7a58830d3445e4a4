import type { MiddlewareHandler } from "hono";
import type { UserRole } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { authorize } from "../session/authorize.js";

// Who may call a route, stated once in its definition (route.ts) and enforced here:
// an API key (X-API-Key, or HTTP Basic with the key as password) or the web UI's
// session cookie (src/api/session/authorize.ts), 401 without either and 403 for a
// wrong, revoked or too weak one, or a cookie request failing the CSRF checks. A call
// takes a token of its key's (or user's) rate and a slot of its concurrency
// (src/api/quota.ts) until its answer is built, as a DNSDB query does: 429 or 503 past them.

/**
 * Route access: the least user role a caller must act as (reader < analyst <
 * admin), "public" (nobody need log in), or "session" (the caller's own session:
 * the session routes).
 */
export type Access = UserRole | "public" | "session";

export function guard(need: UserRole): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const ctx = c.env.ctx;
    const release = ctx.quotas.admit(await authorize(ctx, need));
    try {
      await next();
    } finally {
      release();
    }
  };
}
