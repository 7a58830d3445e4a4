import { pdnsSearch, type PdnsRequest } from "../../passive/search.js";
import { messageOf, type RequestContext } from "../http.js";
import type { DnsdbParams } from "./params.js";
import { RecordGrouper, recordJson, type DnsdbRecord, type LookupKind } from "./records.js";
import { SafStream } from "./saf.js";

// A lookup, streamed: store pages are read with the cursor, grouped into records,
// and written as they come. `offset` and `limit` count records, as DNSDB's do.
// `limited` is sent only when a record past the limit exists.

export const LIMITED_MSG = "Result limit reached";

export async function streamLookup(
  ctx: RequestContext,
  on: LookupKind,
  request: PdnsRequest,
  p: DnsdbParams,
): Promise<void> {
  const base: PdnsRequest = { ...request, bounds: p.bounds, limit: ctx.limits.pageSize };
  // The first page before the head: a query the store refuses is a 400, not a failed stream.
  let page = await pdnsSearch(ctx.store, base);
  const saf = new SafStream(ctx.res);
  saf.begin();
  const grouper = new RecordGrouper(on, ctx.limits.groupMax);
  let skip = p.offset;
  /** Sends records; false once one beyond the limit turns up. */
  const send = async (records: DnsdbRecord[]): Promise<boolean> => {
    for (const r of records) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (ctx.rows === p.limit) return false;
      await saf.obj(recordJson(r, p.humantime));
      ctx.rows++;
    }
    return true;
  };
  try {
    for (;;) {
      for (const row of page.rows) {
        if (!(await send(grouper.push(row)))) return saf.end("limited", LIMITED_MSG);
      }
      await saf.flush();
      if (saf.closed) return;
      if (page.next === undefined) break;
      page = await pdnsSearch(ctx.store, { ...base, cursor: page.next });
    }
    if (!(await send(grouper.end()))) return saf.end("limited", LIMITED_MSG);
    saf.end("succeeded");
  } catch (e) {
    saf.end("failed", messageOf(e));
  }
}
