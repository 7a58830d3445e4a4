import type { MiddlewareHandler } from "hono";
import type { ApiKeyRole } from "../../store/types.js";
import { authenticate } from "../auth.js";
import type { ApiEnv } from "../app-env.js";

// Who may call a route, stated once in its definition (route.ts) and enforced here:
// the API key of the DNSDB endpoints (X-API-Key, or HTTP Basic with the key as
// password), 401 without one and 403 for a wrong, revoked or too weak one. A call
// takes a token of the key's rate and a slot of its concurrency (src/api/quota.ts)
// until its answer is built, as a DNSDB query does: 429 or 503 past them.

/** Route access: a role an API key needs, or "public" (no key). */
export type Access = ApiKeyRole | "public";

export function guard(role: ApiKeyRole): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const ctx = c.env.ctx;
    const key = await authenticate(ctx, role);
    const release = ctx.quotas.admit(key.id);
    try {
      await next();
    } finally {
      release();
    }
  };
}
