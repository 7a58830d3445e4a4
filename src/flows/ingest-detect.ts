import { dataDir } from "../data/data-dir.js";
import { lookalikesInIngest, tapNames } from "../detect/ingest-lookalikes.js";
import {
  raiseFindings,
  tapWatched,
  watchedNames,
  type WatchedTap,
} from "../detect/ingest-watched.js";
import { lazyIpLookup } from "../enrich/lazy.js";
import type { Alert } from "../model/alert.js";
import type { ObservationStore, Store } from "../store/types.js";

// The analytics an ingest runs on what it writes: a watched name's new address
// (T1584.001) as the rows go in, lookalikes of watched brands (T1583.001) once the
// ingest is done. Both compare with the store as it was before the rows.

export interface IngestDetection {
  /** The writer the ingest writes through, so the analytics see every row. */
  wrap<S extends Pick<ObservationStore, "writeObservations">>(writer: S): S;
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
  const watched = await watchedNames(store);
  const ipLookup = watched.length ? lazyIpLookup(dataDir(dir, env)) : undefined;
  const taps: WatchedTap[] = [];
  return {
    wrap(writer) {
      const t = tapWatched(tapNames(writer, names), store, watched, source, ipLookup);
      taps.push(t.tap);
      return t.store;
    },
    async raise() {
      return [
        ...(await lookalikesInIngest(store, names, source)),
        ...(await raiseFindings(
          store,
          taps.flatMap((t) => t.findings),
        )),
      ];
    },
  };
}

/** No analytics: rows go straight in. */
export const NO_DETECTION: IngestDetection = {
  wrap: (writer) => writer,
  raise: async () => [],
};
