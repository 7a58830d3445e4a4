import { cofLine } from "../../export/cof.js";
import { toSearch } from "../../passive/search.js";
import { authenticate } from "../auth.js";
import { bucketsOf } from "../quota.js";
import { admitCaller, setRateLimitFields } from "../rate-headers.js";
import { detailOf, HttpError, type RequestContext } from "../http.js";
import { drained } from "../dnsdb/saf.js";
import { slices } from "../slices.js";

// CIRCL pDNS: GET /pdns/query/{name|ip} answers COF lines (what dnsdbq -u circl and
// CIRCL's own clients read). A name searches owner names, an address (or a prefix
// or range) the A/AAAA data. Read in slices like the DNSDB lookups
// (src/api/slices.ts), at most results_max lines. COF has no terminal line, so an
// error after the head, or the time budget running out, ends the connection
// abruptly for the client to see the truncation.

export const CIRCL_PREFIX = "/pdns/query/";

export async function handleCircl(ctx: RequestContext): Promise<void> {
  const key = await authenticate(ctx, "read");
  const buckets = bucketsOf(key.id, key.user);
  setRateLimitFields(ctx, buckets);
  let query: string;
  try {
    query = decodeURIComponent(ctx.url.pathname.slice(CIRCL_PREFIX.length)).replace(/\/$/, "");
  } catch {
    throw new HttpError(400, "bad URL encoding in the query");
  }
  if (query === "") throw new HttpError(400, "no query: /pdns/query/{name|ip}");
  const release = admitCaller(ctx, buckets);
  ctx.res.once("close", release);
  const max = ctx.limits.resultsMax;
  const pages = slices(ctx, toSearch({ query }));
  // The first slice before the head: a query the store refuses is an error status.
  let page = await pages.next();
  const res = ctx.res;
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  try {
    for (; !page.done && ctx.rows < max; page = await pages.next()) {
      let out = "";
      for (const o of page.value) {
        if (ctx.rows === max) break;
        out += cofLine(o);
        ctx.rows++;
      }
      if (!res.write(out)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch (e) {
    ctx.detail = detailOf(e);
    res.destroy();
  }
}
