import { authenticate } from "../auth.js";
import { HttpError, sendJson, type RequestContext } from "../http.js";
import { streamLookup } from "./lookup.js";
import { parseDnsdbParams } from "./params.js";
import { parseDnsdbPath } from "./route.js";
import { summarize } from "./summarize.js";

// Farsight DNSDB API v2 (what dnsdbq -u dnsdb2 speaks), below /dnsdb/v2/.

export const DNSDB_PREFIX = "/dnsdb/v2/";

export async function handleDnsdb(ctx: RequestContext): Promise<void> {
  // The key first: nothing about paths or queries is told to a stranger.
  await authenticate(ctx, "read");
  const route = parseDnsdbPath(ctx.url.pathname.slice(DNSDB_PREFIX.length));
  if (route.kind === "ping") return sendJson(ctx.res, 200, { ping: "ok" });
  if (route.kind === "rate_limit") {
    // No quotas here: DNSDB's words for that are "unlimited" and "n/a". burst_size and
    // burst_window are left out, as DNSDB does without a burst limit: dnsdbq 2.6.4
    // asserts they are integers when present (-I aborts on "n/a").
    return sendJson(ctx.res, 200, {
      rate: {
        reset: "n/a",
        expires: "n/a",
        limit: "unlimited",
        remaining: "n/a",
        results_max: ctx.limits.resultsMax,
        offset_max: ctx.limits.offsetMax,
      },
    });
  }
  const params = parseDnsdbParams(ctx.url.searchParams, ctx.now, ctx.limits);
  if (route.verb === "summarize") return summarize(ctx, route.request, params);
  if (params.maxCount !== undefined) throw new HttpError(400, "max_count is only for summarize");
  return streamLookup(ctx, route.on, route.request, params);
}
