import { authenticate } from "../auth.js";
import { bucketsOf } from "../quota.js";
import { admitCaller, setRateLimitFields } from "../rate-headers.js";
import { HttpError, sendJson, type RequestContext } from "../http.js";
import { streamLookup } from "./lookup.js";
import { parseDnsdbParams } from "./params.js";
import { rateLimitJson } from "./rate-limit.js";
import { parseDnsdbPath } from "./route.js";
import { summarize } from "./summarize.js";

// Farsight DNSDB API v2 (what dnsdbq -u dnsdb2 speaks), below /dnsdb/v2/. ping and
// rate_limit are free; every lookup and summary takes a token of the key's rate and
// a slot of its concurrency (src/api/quota.ts) until its answer ends; every
// answer to a key carries the RateLimit fields (src/api/rate-headers.ts).

export const DNSDB_PREFIX = "/dnsdb/v2/";

export async function handleDnsdb(ctx: RequestContext): Promise<void> {
  // The key first: nothing about paths or queries is told to a stranger.
  const key = await authenticate(ctx, "read");
  const buckets = bucketsOf(key.id, key.user);
  setRateLimitFields(ctx, buckets);
  const route = parseDnsdbPath(ctx.url.pathname.slice(DNSDB_PREFIX.length));
  if (route.kind === "ping") return sendJson(ctx.res, 200, { ping: "ok" });
  if (route.kind === "rate_limit") return sendJson(ctx.res, 200, rateLimitJson(ctx, buckets[0]!));
  const params = parseDnsdbParams(ctx.url.searchParams, ctx.now, ctx.limits);
  if (route.verb === "lookup" && params.maxCount !== undefined)
    throw new HttpError(400, "max_count is only for summarize");
  const release = admitCaller(ctx, buckets);
  ctx.res.once("close", release);
  if (route.verb === "summarize") return summarize(ctx, route.request, params);
  return streamLookup(ctx, route.on, route.request, params);
}
