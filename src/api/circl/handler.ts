import { cofLine } from "../../export/cof.js";
import { pdnsSearch, type PdnsRequest } from "../../passive/search.js";
import { authenticate } from "../auth.js";
import { HttpError, type RequestContext } from "../http.js";

// CIRCL pDNS: GET /pdns/query/{name|ip} answers COF lines (what dnsdbq -u circl and
// CIRCL's own clients read). A name searches owner names, an address (or a prefix
// or range) the A/AAAA data. Streamed page by page like the DNSDB lookups, at most
// results_max lines; COF has no terminal line, so an error after the head ends the
// connection abruptly for the client to see the truncation.

export const CIRCL_PREFIX = "/pdns/query/";

export async function handleCircl(ctx: RequestContext): Promise<void> {
  await authenticate(ctx, "read");
  let query: string;
  try {
    query = decodeURIComponent(ctx.url.pathname.slice(CIRCL_PREFIX.length)).replace(/\/$/, "");
  } catch {
    throw new HttpError(400, "bad URL encoding in the query");
  }
  if (query === "") throw new HttpError(400, "no query: /pdns/query/{name|ip}");
  const max = ctx.limits.resultsMax;
  const base: PdnsRequest = { query, limit: Math.min(ctx.limits.pageSize, max) };
  let page = await pdnsSearch(ctx.store, base);
  const res = ctx.res;
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  try {
    for (;;) {
      let out = "";
      for (const o of page.rows) {
        if (ctx.rows === max) break;
        out += cofLine(o);
        ctx.rows++;
      }
      if (!res.write(out)) await new Promise((r) => res.once("drain", r).once("close", r));
      if (res.destroyed || page.next === undefined || ctx.rows === max) break;
      page = await pdnsSearch(ctx.store, { ...base, cursor: page.next });
    }
    res.end();
  } catch {
    res.destroy();
  }
}
