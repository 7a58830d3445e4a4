import type { Observation } from "../../model/observation.js";
import { isoFromSeconds } from "../../util/time.js";

// Stored rows → DNSDB records. The store keeps one row per rdata value (and per
// bailiwick and sensor); DNSDB answers
// - rrset lookups with one record per RRset, keyed (rrname, rrtype, bailiwick),
//   rdata an array of its values;
// - rdata lookups with one record per (rrname, rrtype, rdata), rdata a string
//   (as DNSDB writes it; dnsdbq reads either form).
// Rows are grouped while they arrive in runs sharing a "cluster" value: the owner
// name for rrset lookups, the rdata for rdata lookups. Searches come in key order
// (src/store/contract/observations.ts): every rrset scan keeps a name's rows together
// in (rrtype, rdata) order, so an RRset comes out whole; every rdata scan keeps an
// rdata value's rows together in (rrname, rrtype) order, so the rows of one triple
// seen by several sensors, or with several bailiwicks, are adjacent and merge. At
// most `maxRows` rows are held: a run longer than that is flushed, and its records
// may then come out in more than one piece.
//
// count: rows of one rdata value from several sensors or bailiwicks add up. An RRset
// record's count is the largest of its values' counts: a sensor counts a response
// once for every member it carries, so that is how often the RRset was seen when it
// is served whole (summing would count an RRset of 4 addresses 4 times). Times are
// the span of all rows; rows from zone files give zone_time_first/zone_time_last, as
// DNSDB's do, the others time_first/time_last.

export type LookupKind = "rrset" | "rdata";

interface Span {
  first: number;
  last: number;
}

export interface DnsdbRecord {
  kind: LookupKind;
  rrname: string;
  rrtype: string;
  bailiwick?: string;
  /** rdata value → summed count, in first-seen order. */
  rdata: Map<string, number>;
  time?: Span;
  zone?: Span;
}

const widen = (s: Span | undefined, first: number, last: number): Span =>
  s ? { first: Math.min(s.first, first), last: Math.max(s.last, last) } : { first, last };

export function recordCount(r: DnsdbRecord): number {
  let max = 0;
  for (const c of r.rdata.values()) max = Math.max(max, c);
  return max;
}

/** DNSDB's trailing-dot form of a stored name. */
export const fqdn = (name: string): string =>
  name === "." || name.endsWith(".") ? name : `${name}.`;

const iso = isoFromSeconds;

/** A record as DNSDB writes it, fields in DNSDB's order; humantime gives ISO 8601 times. */
export function recordJson(r: DnsdbRecord, humantime: boolean): Record<string, unknown> {
  const t = (v: number): number | string => (humantime ? iso(v) : v);
  const out: Record<string, unknown> = { count: recordCount(r) };
  if (r.time) Object.assign(out, { time_first: t(r.time.first), time_last: t(r.time.last) });
  if (r.zone)
    Object.assign(out, { zone_time_first: t(r.zone.first), zone_time_last: t(r.zone.last) });
  out.rrname = fqdn(r.rrname);
  out.rrtype = r.rrtype;
  if (r.kind === "rrset") {
    if (r.bailiwick !== undefined) out.bailiwick = fqdn(r.bailiwick);
    out.rdata = [...r.rdata.keys()];
  } else {
    out.rdata = r.rdata.keys().next().value;
  }
  return out;
}

export class RecordGrouper {
  private readonly open = new Map<string, DnsdbRecord>();
  private cluster: string | undefined;
  private held = 0;

  constructor(
    private readonly kind: LookupKind,
    private readonly maxRows: number,
  ) {}

  /** Takes one row; returns the records it finished (often none). */
  push(o: Observation): DnsdbRecord[] {
    const cluster = this.kind === "rrset" ? o.rrname : o.rdata;
    const done = this.held > 0 && cluster !== this.cluster ? this.end() : [];
    this.cluster = cluster;
    const key =
      this.kind === "rrset"
        ? `${o.rrname}\0${o.rrtype}\0${o.bailiwick ?? ""}`
        : `${o.rrname}\0${o.rrtype}\0${o.rdata}`;
    let r = this.open.get(key);
    if (!r) {
      r = { kind: this.kind, rrname: o.rrname, rrtype: o.rrtype, rdata: new Map() };
      if (this.kind === "rrset" && o.bailiwick !== undefined) r.bailiwick = o.bailiwick;
      this.open.set(key, r);
    }
    r.rdata.set(o.rdata, (r.rdata.get(o.rdata) ?? 0) + o.count);
    if (o.source === "zone") r.zone = widen(r.zone, o.timeFirst, o.timeLast);
    else r.time = widen(r.time, o.timeFirst, o.timeLast);
    this.held++;
    return this.held >= this.maxRows ? [...done, ...this.end()] : done;
  }

  /** The records still open, in the order they were started. */
  end(): DnsdbRecord[] {
    const out = [...this.open.values()];
    this.open.clear();
    this.held = 0;
    return out;
  }
}
