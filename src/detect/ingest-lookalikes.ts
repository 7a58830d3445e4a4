import type { Alert } from "../model/alert.js";
import type { Observation } from "../model/observation.js";
import { alertFromFinding } from "./alert.js";
import { lookalikeSeenFinding } from "./lookalike-seen.js";
import { BrandMatcher } from "../lookalike/match.js";
import type { ObservationStore, Store } from "../store/types.js";

// The T1583.001 analytic on what an ingest brings in, not only inside `monitor`: every
// owner name written is checked against the watched brands once the ingest is done.

/** Distinct names kept at most; a bigger ingest checks the first ones and says so. */
export const MAX_INGEST_NAMES = 5_000_000;

/** A store (or writer) that notes the owner names of what it writes. */
export function tapNames<S extends Pick<ObservationStore, "writeObservations">>(
  store: S,
  names: Set<string>,
): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== "writeObservations") {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      return (rows: readonly Observation[], cp?: unknown) => {
        for (const r of rows) if (names.size < MAX_INGEST_NAMES) names.add(r.rrname);
        return (
          target.writeObservations as (r: readonly Observation[], c?: unknown) => Promise<void>
        )(rows, cp);
      };
    },
  });
}

/** Alerts for the ingested names that imitate a watched brand; new or re-opened ones returned. */
export async function lookalikesInIngest(
  store: Store,
  names: Iterable<string>,
  source: string,
  now = new Date(),
): Promise<Alert[]> {
  const brands = (await store.watches?.listWatches())?.filter((w) => w.kind === "brand") ?? [];
  if (brands.length === 0 || !store.alerts) return [];
  const matcher = new BrandMatcher(
    brands.map((b) => b.name),
    { owned: brands.flatMap((b) => (b.owned ?? []).map((name) => ({ name, brand: b.name }))) },
  );
  const raised: Alert[] = [];
  for (const name of names)
    for (const hit of matcher.match(name)) {
      const r = await store.alerts.upsertAlert(
        alertFromFinding(lookalikeSeenFinding(hit, "passive", `ingested from ${source}`), now),
      );
      if (r.created || r.reopened) raised.push(r.alert);
    }
  return raised;
}
