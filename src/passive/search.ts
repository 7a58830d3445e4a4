import { DnsightError } from "../errors.js";
import { normaliseType } from "../dns/wire/types.js";
import type {
  ObservationSearch,
  ObservationStore,
  SearchPage,
  SearchSummary,
  SearchTarget,
} from "../store/types.js";
import { parsePdnsQuery } from "./query.js";
import { fenceBounds, type FenceBounds, type TimeFence } from "./time-fence.js";

// The one library call behind `dnsight pdns`, the DNSDB-compatible API and the UI:
// a QUERY string and options in, a page of observations (or a summary) out.

export interface PdnsRequest {
  /** A name, *.name, name.*, an address, a prefix or a range (src/passive/query.ts). */
  query: string;
  /** Search names inside rdata instead of owner names (addresses always search rdata). */
  rdata?: boolean;
  /** A type mnemonic or number; "ANY" (or absent) for all. */
  rrtype?: string;
  bailiwick?: string;
  sensorId?: string;
  fence?: TimeFence;
  /** DNSDB's four bounds as given (the API's time_* parameters); with `fence`, the tighter wins. */
  bounds?: FenceBounds;
  limit?: number;
  offset?: number;
  cursor?: string;
}

/** The store search a request means; DnsightError("INPUT") naming what is wrong. */
export function toSearch(r: PdnsRequest): ObservationSearch {
  const q = parsePdnsQuery(r.query);
  const target: SearchTarget =
    q.kind === "ip"
      ? { on: "ip", version: q.version, first: q.first, last: q.last }
      : { on: r.rdata ? "rdata" : "rrname", match: q };
  const s: ObservationSearch = { target, ...tighter(fenceBounds(r.fence ?? {}), r.bounds) };
  if (r.rrtype !== undefined && !/^any(-dnssec)?$/i.test(r.rrtype)) {
    const t = normaliseType(r.rrtype);
    if (t === undefined) throw new DnsightError("INPUT", `unknown record type "${r.rrtype}"`);
    s.rrtype = t;
  }
  if (r.bailiwick !== undefined) s.bailiwick = r.bailiwick.toLowerCase().replace(/\.$/, "");
  if (r.sensorId !== undefined) s.sensorId = r.sensorId;
  if (r.limit !== undefined) s.limit = r.limit;
  if (r.offset !== undefined) s.offset = r.offset;
  if (r.cursor !== undefined) s.cursor = r.cursor;
  return s;
}

/** Both sets of bounds at once: the later "after" and the earlier "before" of each pair. */
function tighter(a: FenceBounds, b: FenceBounds = {}): FenceBounds {
  const out = { ...a };
  for (const k of ["timeFirstAfter", "timeLastAfter"] as const)
    if (b[k] !== undefined) out[k] = Math.max(b[k], a[k] ?? b[k]);
  for (const k of ["timeFirstBefore", "timeLastBefore"] as const)
    if (b[k] !== undefined) out[k] = Math.min(b[k], a[k] ?? b[k]);
  return out;
}

export function pdnsSearch(store: ObservationStore, r: PdnsRequest): Promise<SearchPage> {
  return store.searchObservations(toSearch(r));
}

export function pdnsSummary(store: ObservationStore, r: PdnsRequest): Promise<SearchSummary> {
  const { limit: _l, offset: _o, cursor: _c, ...rest } = toSearch(r);
  return store.summarizeObservations(rest);
}
