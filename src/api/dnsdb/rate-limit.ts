import type { RequestContext } from "../http.js";

// GET /dnsdb/v2/rate_limit: the caller's quota in DNSDB's words. The quota is a
// token bucket (src/api/quota.ts): `limit` is its size, `remaining` the queries the
// key may start now, `reset` when the bucket will be full again (epoch seconds), and
// burst_size / burst_window the same rate as DNSDB states bursts. There is no block
// quota, so `expires` is "n/a". With the rate limit off, DNSDB's words are
// "unlimited" and "n/a", and the burst fields are left out as DNSDB does without a
// burst limit: dnsdbq 2.6.4 asserts they are integers when present (-I aborts on
// "n/a").

export function rateLimitJson(
  ctx: RequestContext,
  /** The key's bucket (src/api/quota.ts bucketsOf). */
  bucket: string,
): { rate: Record<string, unknown> } {
  const { burstSize, burstWindow } = ctx.quotas.limits;
  const caps = { results_max: ctx.limits.resultsMax, offset_max: ctx.limits.offsetMax };
  if (burstSize === 0)
    return {
      rate: { reset: "n/a", expires: "n/a", limit: "unlimited", remaining: "n/a", ...caps },
    };
  const tokens = ctx.quotas.tokens(bucket);
  const refill = Math.ceil(((burstSize - tokens) * burstWindow) / burstSize);
  return {
    rate: {
      reset: Math.ceil(ctx.now) + refill,
      expires: "n/a",
      limit: burstSize,
      remaining: Math.floor(tokens),
      burst_size: burstSize,
      burst_window: burstWindow,
      ...caps,
    },
  };
}
