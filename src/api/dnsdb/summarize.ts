import { toSearch, type PdnsRequest } from "../../passive/search.js";
import type { SearchSummary } from "../../store/types.js";
import { detailOf, type RequestContext } from "../http.js";
import { OutOfTime, slices } from "../slices.js";
import { LIMITED_MSG } from "./lookup.js";
import type { DnsdbParams } from "./params.js";
import { SafStream } from "./saf.js";
import { isoFromSeconds } from "../../util/time.js";

// A summary: count (sightings), num_results, and the first and last time seen.
// num_results counts stored rows, one per rdata value (and bailiwick and sensor), not
// the RRset records a lookup returns. The rows are summed slice by slice (one
// aggregate statement over a large range would hold the event loop for as long as it
// runs), up to `limit` rows or `max_count` sightings: when a row past that exists,
// the answer is `limited`, as DNSDB's is; also when the time budget ran out first.

const iso = isoFromSeconds;

async function sum(
  ctx: RequestContext,
  base: PdnsRequest,
  p: DnsdbParams,
): Promise<{ s: SearchSummary; limited?: string }> {
  const s: SearchSummary = { count: 0, numResults: 0 };
  let full = false;
  try {
    for await (const rows of slices(ctx, toSearch(base))) {
      for (const o of rows) {
        if (full) return { s, limited: LIMITED_MSG };
        s.count += o.count;
        s.numResults++;
        s.timeFirst = Math.min(s.timeFirst ?? o.timeFirst, o.timeFirst);
        s.timeLast = Math.max(s.timeLast ?? o.timeLast, o.timeLast);
        if (p.maxCount !== undefined && s.count > p.maxCount) return { s, limited: LIMITED_MSG };
        full = s.numResults >= p.limit || (p.maxCount !== undefined && s.count >= p.maxCount);
      }
    }
  } catch (e) {
    if (!(e instanceof OutOfTime)) throw e;
    ctx.detail = detailOf(e);
    return { s, limited: e.message };
  }
  return { s };
}

export async function summarize(
  ctx: RequestContext,
  request: PdnsRequest,
  p: DnsdbParams,
): Promise<void> {
  const { s, limited } = await sum(ctx, { ...request, bounds: p.bounds }, p);
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
  if (limited !== undefined) saf.end("limited", limited);
  else saf.end("succeeded");
}
