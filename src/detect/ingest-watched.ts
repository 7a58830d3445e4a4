import type { Alert } from "../model/alert.js";
import type { Finding } from "../model/finding.js";
import type { IpLookup } from "../model/ip-facts.js";
import type { Observation } from "../model/observation.js";
import type { ObservationStore, Store } from "../store/types.js";
import { alertFromFinding } from "./alert.js";
import { newAddressFinding } from "./host-change.js";

// T1584.001 on what an ingest brings in: a watched name (or a name under it) that
// sensors saw resolve to an address it never had before. Checked as the rows are
// written, against the store as it was before them.

export interface WatchedTap {
  /** Findings so far; turned into alerts once the ingest is done. */
  readonly findings: Finding[];
}

const under = (name: string, watched: readonly string[]): boolean =>
  watched.some((w) => name === w || name.endsWith(`.${w}`));

/** Wraps the writer: before each batch, the addresses of watched names are compared with what the store held. */
export function tapWatched<S extends Pick<ObservationStore, "writeObservations">>(
  writer: S,
  reader: Pick<ObservationStore, "queryObservations">,
  watched: readonly string[],
  source: string,
  look?: IpLookup,
): { store: S; tap: WatchedTap } {
  const findings: Finding[] = [];
  const known = new Map<string, Set<string>>();
  const store = new Proxy(writer, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "writeObservations")
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      return async (rows: readonly Observation[], cp?: unknown) => {
        if (watched.length > 0)
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
            if (seen.size > 0 && !seen.has(r.rdata))
              findings.push(
                newAddressFinding(r.rrname, r.rdata, new Set(seen), look, {
                  source: "passive",
                  what: `${r.rrname} ${r.rrtype} ${r.rdata} from ${source}`,
                  after: r.rdata,
                  at: new Date(r.timeLast * 1000).toISOString(),
                }),
              );
            seen.add(r.rdata);
          }
        return (v as (r: readonly Observation[], c?: unknown) => Promise<void>).call(
          target,
          rows,
          cp,
        );
      };
    },
  });
  return { store, tap: { findings } };
}

/** The names an ingest should watch: owned and third-party watches. */
export async function watchedNames(store: Store): Promise<string[]> {
  return ((await store.watches?.listWatches()) ?? [])
    .filter((w) => w.kind !== "brand")
    .map((w) => w.name);
}

export async function raiseFindings(
  store: Store,
  findings: readonly Finding[],
  now = new Date(),
): Promise<Alert[]> {
  const raised: Alert[] = [];
  if (!store.alerts) return raised;
  for (const f of findings) {
    const r = await store.alerts.upsertAlert(alertFromFinding(f, now));
    if (r.created || r.reopened) raised.push(r.alert);
  }
  return raised;
}
