import type { RequestContext } from "./http.js";
import { HttpError } from "./http.js";

// The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers-09 (the
// latest draft, its form since -08): `RateLimit-Policy` lists the quota policies
// (a Structured Fields List, RFC 9651, of a String name with q = quota units and
// w = window seconds) and `RateLimit` the state of each (r = remaining units,
// t = seconds until the quota is whole again). A keyed answer carries one item per
// bucket it drew from (src/api/quota.ts): "key" and/or "user". They are set on
// node's response, so every answer of the request has them, errors and the
// endpoints that write their own head (DNSDB, CIRCL) included.

/** The two fields for the buckets `keys`; none when the rate limit is off. */
export function rateLimitFields(
  ctx: Pick<RequestContext, "quotas">,
  keys: readonly string[],
): Record<string, string> {
  const states = ctx.quotas.state(keys);
  if (states.length === 0) return {};
  const { burstSize, burstWindow } = ctx.quotas.limits;
  return {
    "ratelimit-policy": states
      .map((s) => `"${s.policy}";q=${burstSize};w=${burstWindow}`)
      .join(", "),
    ratelimit: states.map((s) => `"${s.policy}";r=${s.remaining};t=${s.reset}`).join(", "),
  };
}

/** Sets the fields on the response of `ctx`. */
export function setRateLimitFields(ctx: RequestContext, keys: readonly string[]): void {
  for (const [name, value] of Object.entries(rateLimitFields(ctx, keys)))
    ctx.res.setHeader(name, value);
}

/**
 * Takes the caller's tokens (src/api/quota.ts) and sets the fields to what is left;
 * a 429 or 503 carries them too. Call the result when the query is done.
 */
export function admitCaller(ctx: RequestContext, keys: readonly string[]): () => void {
  try {
    const release = ctx.quotas.admit(keys);
    setRateLimitFields(ctx, keys);
    return release;
  } catch (e) {
    if (e instanceof HttpError) setRateLimitFields(ctx, keys);
    throw e;
  }
}
