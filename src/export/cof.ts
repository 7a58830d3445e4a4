import type { Observation } from "../model/observation.js";

// One stored observation as a COF line (draft-dulaunoy-dnsop-passive-dns-cof):
// strict on output, as the draft asks. rdata is always an array, names keep no
// trailing dot (as stored), times are epoch seconds. `origin` (a COF MAY field)
// says how dnsight learnt it (passive, active, zone), so an export read back in
// restores the store as it was.

export interface CofRecord {
  rrname: string;
  rrtype: string;
  rdata: string[];
  time_first: number;
  time_last: number;
  count: number;
  bailiwick?: string;
  sensor_id?: string;
  origin: string;
}

export function toCof(o: Observation): CofRecord {
  const out: CofRecord = {
    rrname: o.rrname,
    rrtype: o.rrtype,
    rdata: [o.rdata],
    time_first: o.timeFirst,
    time_last: o.timeLast,
    count: o.count,
    origin: o.source,
  };
  if (o.bailiwick !== undefined) out.bailiwick = o.bailiwick;
  if (o.sensorId !== undefined) out.sensor_id = o.sensorId;
  return out;
}

export const cofLine = (o: Observation): string => JSON.stringify(toCof(o)) + "\n";
