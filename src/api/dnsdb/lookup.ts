import { toSearch, type PdnsRequest } from "../../passive/search.js";
import { detailOf, messageOf, type RequestContext } from "../http.js";
import { OutOfTime, slices } from "../slices.js";
import type { DnsdbParams } from "./params.js";
import { RecordGrouper, recordJson, type DnsdbRecord, type LookupKind } from "./records.js";
import { SafStream } from "./saf.js";

// A lookup, streamed: the store is read in slices (src/api/slices.ts), rows grouped
// into records, and written as they come. `offset` and `limit` count records, as
// DNSDB's do, so an offset is walked slice by slice too: its cost grows with the
// offset (capped by offset_max and the time budget), never with the square of it,
// and other requests are served meanwhile. `limited` is sent when a record past the
// limit exists, or when the time budget ran out (with a message saying which).

export const LIMITED_MSG = "Result limit reached";

export async function streamLookup(
  ctx: RequestContext,
  on: LookupKind,
  request: PdnsRequest,
  p: DnsdbParams,
): Promise<void> {
  const pages = slices(ctx, toSearch({ ...request, bounds: p.bounds }));
  // The first slice before the head: a query the store refuses is a 400, not a failed stream.
  let page = await pages.next();
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
    for (; !page.done; page = await pages.next()) {
      for (const row of page.value) {
        if (!(await send(grouper.push(row)))) return saf.end("limited", LIMITED_MSG);
      }
      await saf.flush();
      if (saf.closed) return;
    }
    if (!(await send(grouper.end()))) return saf.end("limited", LIMITED_MSG);
    saf.end("succeeded");
  } catch (e) {
    // Out of time: the records sent are right, only the rest is missing.
    ctx.detail = detailOf(e);
    if (e instanceof OutOfTime) return saf.end("limited", e.message);
    saf.end("failed", messageOf(e));
  }
}
