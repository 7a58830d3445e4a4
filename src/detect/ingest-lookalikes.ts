import type { Alert } from "../model/alert.js";
import type { Observation } from "../model/observation.js";
import { BrandMatcher } from "../lookalike/match.js";
import type { Store } from "../store/types.js";
import { lookalikeSeen } from "./lookalike-seen.js";
import { raiseFindings } from "./raise.js";

// The T1583.001 analytic on what an ingest brings in, not only inside `monitor`: every
// owner name written is checked against the watched brands once the ingest is done.

/** Distinct names kept at most; a bigger ingest checks the first ones and says so. */
export const MAX_INGEST_NAMES = 5_000_000;

/** The ingest's onRows hook that notes the owner names of what it writes. */
export const noteNames =
  (names: Set<string>) =>
  (rows: readonly Observation[]): void => {
    for (const r of rows) if (names.size < MAX_INGEST_NAMES) names.add(r.rrname);
  };

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
  for (const name of names) {
    const hits = matcher.match(name);
    if (hits.length === 0) continue;
    const findings = lookalikeSeen.run({
      hits,
      where: "passive",
      detail: `ingested from ${source}`,
    });
    raised.push(...(await raiseFindings(store, findings, now)));
  }
  return raised;
}
