import type { ObservationSearch } from "../store/types.js";
import type { NameOnIp } from "./ip-names.js";
import { readPages, type PageReader, type ReadLimits } from "./read-pages.js";

// What passive DNS saw on the addresses of a set of ranges (an AS's prefixes): one
// address-index range scan per range (src/store/indexed-names.ts's ip_key), the rows
// grouped by name, type and address. One budget of stored rows covers all the ranges.

export interface NameInRange extends NameOnIp {
  /** The address the A or AAAA record held. */
  ip: string;
}

export interface NamesInRanges {
  /** Newest last seen first (ties by name, then address), at most `limit`. */
  names: NameInRange[];
  /** More than `limit`, or more stored rows than `maxRows` (the rest were not read). */
  truncated: boolean;
}

/** Addresses first..last of one family, as the store's address search takes them. */
export interface AddressSpan {
  version: 4 | 6;
  first: bigint;
  last: bigint;
}

export async function namesInRanges(
  read: PageReader,
  spans: readonly AddressSpan[],
  o: ReadLimits & { limit: number },
): Promise<NamesInRanges> {
  const byKey = new Map<string, NameInRange>();
  let left = o.maxRows;
  let cut = false;
  for (const s of spans) {
    if (left <= 0) {
      cut = true;
      break;
    }
    const search: ObservationSearch = {
      target: { on: "ip", version: s.version, first: s.first, last: s.last },
    };
    // Counted in rows read, not pages: an empty range costs one call and no budget.
    const pages = readPages(read, search, { pageSize: o.pageSize, maxRows: left });
    let step = await pages.next();
    for (; !step.done; step = await pages.next()) {
      left -= step.value.length;
      for (const r of step.value) {
        const key = `${r.rrname}\t${r.rrtype}\t${r.rdata}`;
        const had = byKey.get(key);
        if (had === undefined)
          byKey.set(key, {
            name: r.rrname,
            type: r.rrtype,
            ip: r.rdata,
            firstSeen: r.timeFirst,
            lastSeen: r.timeLast,
            count: r.count,
          });
        else {
          had.firstSeen = Math.min(had.firstSeen, r.timeFirst);
          had.lastSeen = Math.max(had.lastSeen, r.timeLast);
          had.count += r.count;
        }
      }
    }
    if (step.value.cut) {
      cut = true;
      break;
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const all = [...byKey.values()].sort(
    (a, b) => b.lastSeen - a.lastSeen || order(a.name, b.name) || order(a.ip, b.ip),
  );
  return { names: all.slice(0, o.limit), truncated: cut || all.length > o.limit };
}
