import { dataDir } from "../data/data-dir.js";
import { lookalikesInIngest, noteNames } from "../detect/ingest-lookalikes.js";
import { watchedCheck, watchedNames } from "../detect/ingest-watched.js";
import { raiseFindings } from "../detect/raise.js";
import { lazyIpLookup } from "../enrich/lazy.js";
import type { Alert } from "../model/alert.js";
import type { Observation } from "../model/observation.js";
import type { Store } from "../store/types.js";

// The analytics an ingest runs on what it writes: a watched name's new address
// (T1584.001) as the rows go in, lookalikes of watched brands (T1583.001) once the
// ingest is done. The ingest hands over each batch before writing it (onRows), so
// both compare with the store as it was before the rows.

export interface IngestDetection {
  /** The ingest's hook: each batch's rows, before they are written; none without analytics. */
  onRows?: (rows: readonly Observation[]) => Promise<void>;
  /** The alerts raised (new or re-opened), once every row is written. */
  raise(): Promise<Alert[]>;
}

/** `source` names the input in alerts; `dir` holds the IP tables (see dataDir). */
export async function ingestDetection(
  store: Store,
  source: string,
  dir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IngestDetection> {
  const names = new Set<string>();
  const note = noteNames(names);
  const watched = await watchedNames(store);
  const ipLookup = watched.length ? lazyIpLookup(dataDir(dir, env)) : undefined;
  const check = watchedCheck(store, watched, source, ipLookup);
  return {
    async onRows(rows) {
      await check.onRows(rows);
      note(rows);
    },
    async raise() {
      return [
        ...(await lookalikesInIngest(store, names, source)),
        ...(await raiseFindings(store, check.findings)),
      ];
    },
  };
}

/** No analytics: rows go straight in. */
export const NO_DETECTION: IngestDetection = { raise: async () => [] };
