import type { Finding } from "../model/finding.js";
import type { IpLookup } from "../model/ip-facts.js";
import type { Observation } from "../model/observation.js";
import type { ObservationStore, Store } from "../store/types.js";
import { newAddress } from "./new-address.js";

// T1584.001 on what an ingest brings in: a watched name (or a name under it) that
// sensors saw resolve to an address it never had before. The ingest hands each batch
// over before writing it (its onRows hook), so the addresses a name had are read from
// the store as it was before the rows; the rule itself is new-address.ts.

export interface WatchedCheck {
  /** The ingest's onRows hook. */
  onRows(rows: readonly Observation[]): Promise<void>;
  /** Findings so far; turned into alerts once the ingest is done. */
  readonly findings: Finding[];
}

const under = (name: string, watched: readonly string[]): boolean =>
  watched.some((w) => name === w || name.endsWith(`.${w}`));

/** A check of each batch's A and AAAA rows of watched names against what `reader` held. */
export function watchedCheck(
  reader: Pick<ObservationStore, "queryObservations">,
  watched: readonly string[],
  source: string,
  look?: IpLookup,
): WatchedCheck {
  const findings: Finding[] = [];
  const known = new Map<string, Set<string>>();
  return {
    findings,
    async onRows(rows) {
      if (watched.length === 0) return;
      for (const r of rows) {
        if ((r.rrtype !== "A" && r.rrtype !== "AAAA") || !under(r.rrname, watched)) continue;
        let seen = known.get(r.rrname);
        if (!seen) {
          seen = new Set<string>();
          for (const t of ["A", "AAAA"])
            for (const o of await reader.queryObservations({ rrname: r.rrname, rrtype: t }))
              seen.add(o.rdata);
          known.set(r.rrname, seen);
        }
        findings.push(
          ...newAddress.run({
            name: r.rrname,
            ips: [r.rdata],
            seen: new Set(seen),
            ipLookup: look,
            now: {
              source: "passive",
              what: `${r.rrname} ${r.rrtype} ${r.rdata} from ${source}`,
              after: r.rdata,
              at: new Date(r.timeLast * 1000).toISOString(),
            },
          }),
        );
        seen.add(r.rdata);
      }
    },
  };
}

/** The names an ingest should watch: owned and third-party watches. */
export async function watchedNames(store: Store): Promise<string[]> {
  return ((await store.watches?.listWatches()) ?? [])
    .filter((w) => w.kind !== "brand")
    .map((w) => w.name);
}
