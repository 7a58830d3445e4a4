import type { DnsResult } from "../dns/result.js";
import { META_TYPES } from "../dns/wire/types.js";
import type { Observation } from "../model/observation.js";
import { normaliseObservation } from "../store/observation.js";

/**
 * Active DNS answers as observations (source "active"): each answer record is one
 * sighting at the time of the answer. `bailiwick` is the zone when the answer came
 * from its authoritative servers.
 */
export function activeObservations(r: DnsResult, bailiwick?: string): Observation[] {
  const at = Math.floor(Date.parse(r.timestamp) / 1000);
  const out: Observation[] = [];
  for (const a of r.answers) {
    if (META_TYPES.has(a.type)) continue;
    out.push(
      normaliseObservation({
        rrname: a.name,
        rrtype: a.type,
        rdata: a.data,
        timeFirst: at,
        source: "active",
        bailiwick: bailiwick ?? null,
      }),
    );
  }
  return out;
}
