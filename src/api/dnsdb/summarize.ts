import { pdnsSearch, pdnsSummary, type PdnsRequest } from "../../passive/search.js";
import type { SearchSummary } from "../../store/types.js";
import type { RequestContext } from "../http.js";
import { LIMITED_MSG } from "./lookup.js";
import type { DnsdbParams } from "./params.js";
import { SafStream } from "./saf.js";

// A summary: count (sightings), num_results, and the first and last time seen.
// num_results counts stored rows, one per rdata value (and bailiwick and sensor), not
// the RRset records a lookup returns: the store sums them in one aggregate query.
// When `limit` rows or `max_count` sightings would be passed, the rows are read in
// order up to there instead and the answer is `limited`, as DNSDB's is.

const iso = (t: number): string => new Date(t * 1000).toISOString().replace(".000Z", "Z");

async function cut(ctx: RequestContext, base: PdnsRequest, p: DnsdbParams): Promise<SearchSummary> {
  const s: SearchSummary = { count: 0, numResults: 0 };
  let cursor: string | undefined;
  for (;;) {
    const page = await pdnsSearch(ctx.store, {
      ...base,
      limit: ctx.limits.pageSize,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const o of page.rows) {
      s.count += o.count;
      s.numResults++;
      s.timeFirst = Math.min(s.timeFirst ?? o.timeFirst, o.timeFirst);
      s.timeLast = Math.max(s.timeLast ?? o.timeLast, o.timeLast);
      if (s.numResults >= p.limit || (p.maxCount !== undefined && s.count >= p.maxCount)) return s;
    }
    if (page.next === undefined) return s;
    cursor = page.next;
  }
}

export async function summarize(
  ctx: RequestContext,
  request: PdnsRequest,
  p: DnsdbParams,
): Promise<void> {
  const base: PdnsRequest = { ...request, bounds: p.bounds };
  let s = await pdnsSummary(ctx.store, base);
  const limited = s.numResults > p.limit || (p.maxCount !== undefined && s.count > p.maxCount);
  if (limited) s = await cut(ctx, base, p);
  const t = (v: number): number | string => (p.humantime ? iso(v) : v);
  const saf = new SafStream(ctx.res);
  saf.begin();
  await saf.obj({
    count: s.count,
    num_results: s.numResults,
    ...(s.timeFirst !== undefined ? { time_first: t(s.timeFirst) } : {}),
    ...(s.timeLast !== undefined ? { time_last: t(s.timeLast) } : {}),
  });
  ctx.rows = 1;
  if (limited) saf.end("limited", LIMITED_MSG);
  else saf.end("succeeded");
}
