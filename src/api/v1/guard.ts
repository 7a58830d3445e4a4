import type { MiddlewareHandler } from "hono";
import type { UserRole } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { admitCaller } from "../rate-headers.js";
import { identify, permit } from "../session/authorize.js";

// Who may call a route, stated once in its definition (route.ts) and enforced here:
// an API key (X-API-Key, or HTTP Basic with the key as password) or the web UI's
// session cookie (src/api/session/authorize.ts), 401 without either and 403 for a
// wrong, revoked or too weak one, or a cookie request failing the CSRF checks. A
// known caller takes a token of its key's and its user's rate and a slot of its
// concurrency (src/api/quota.ts) until its answer is built, as a DNSDB query does:
// 429 or 503 past them; every answer to it carries the RateLimit fields.

/**
 * Route access: the least user role a caller must act as (reader < analyst <
 * admin), "public" (nobody need log in), or "session" (the caller's own session:
 * the session routes).
 */
export type Access = UserRole | "public" | "session";

export function guard(need: UserRole): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const ctx = c.env.ctx;
    const caller = await identify(ctx);
    const release = admitCaller(ctx, caller.buckets);
    try {
      permit(ctx, caller, need);
      await next();
    } finally {
      release();
    }
  };
}
