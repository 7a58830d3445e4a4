import type { ObservationSearch } from "../store/types.js";
import { readPages, type PageReader, type ReadLimits } from "./read-pages.js";

// A name's records "now" as passive DNS last saw them: per type, the answers seen
// within a day of the type's newest sighting. An RRset's members are seen together,
// but sensors and their flushes see them up to hours apart, so "the same last-seen
// second" would split one RRset; a day keeps it whole and drops what it replaced.

/** Seconds: answers last seen this long before the newest of their type still count as current. */
export const CURRENT_WINDOW = 86_400;

export interface CurrentRecord {
  /** The rdata as stored, a name's root dot dropped; for MX, the exchange. */
  value: string;
  /** MX only. */
  preference?: number;
  /** Epoch seconds. */
  lastSeen: number;
}

/** At most `maxRows` stored rows per type, and `perType` answers each (newest first). */
export async function currentRecords(
  read: PageReader,
  name: string,
  types: readonly string[],
  o: ReadLimits & { perType: number },
): Promise<Record<string, CurrentRecord[]>> {
  const out: Record<string, CurrentRecord[]> = {};
  for (const type of types) {
    const last = new Map<string, number>();
    const search: ObservationSearch = {
      target: { on: "rrname", match: { kind: "name", name } },
      rrtype: type,
    };
    for await (const rows of readPages(read, search, o))
      for (const r of rows) last.set(r.rdata, Math.max(last.get(r.rdata) ?? 0, r.timeLast));
    const newest = Math.max(0, ...last.values());
    out[type] = [...last]
      .filter(([, t]) => t >= newest - CURRENT_WINDOW)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, o.perType)
      .map(([rdata, lastSeen]) => ({ ...valueOf(type, rdata), lastSeen }));
  }
  return out;
}

function valueOf(type: string, rdata: string): { value: string; preference?: number } {
  const bare = (n: string): string => (n === "." ? n : n.replace(/\.$/, ""));
  if (type === "MX") {
    // RFC 1035 3.3.9: PREFERENCE then EXCHANGE.
    const m = /^(\d+)\s+(\S+)$/.exec(rdata);
    if (m) return { value: bare(m[2]!), preference: Number(m[1]) };
  }
  if (type === "NS" || type === "CNAME") return { value: bare(rdata) };
  return { value: rdata };
}
