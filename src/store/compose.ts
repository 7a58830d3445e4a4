import type { PruneOptions, StateStore, Store } from "./types.js";

// One store made of two backends (DESIGN.md "Storage"): the data, observations and
// registration snapshots, in one (ClickHouse, later, for volume), and the small
// mutable state, alerts with their outbox, the watchlist, API keys, users with their
// sessions, and the audit log, in another (SQLite or Postgres, which update in
// place). Chosen by URL: src/store/open.ts.

/** Observations and snapshots from `data`, every mutable part from `state`. */
export function composeStores(data: Store, state: StateStore): Store {
  const composed: Store = {
    backend: `${data.backend}+${state.backend}`,
    writeObservations: (batch, checkpoint) => data.writeObservations(batch, checkpoint),
    queryObservations: (q) => data.queryObservations(q),
    searchObservations: (s) => data.searchObservations(s),
    summarizeObservations: (s) => data.summarizeObservations(s),
    scanObservations: (n) => data.scanObservations(n),
    readCheckpoint: (input) => data.readCheckpoint(input),
    async close() {
      // Both, whatever the first does; the first failure is the one reported.
      const results = await Promise.allSettled([data.close(), state.close()]);
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
  // Each part where its side keeps it: a state backend without alerts leaves them
  // absent (UNSUPPORTED through requirePart), never taken from the data side.
  const parts = {
    registrations: data.registrations,
    alerts: state.alerts,
    outbox: state.outbox,
    watches: state.watches,
    apiKeys: state.apiKeys,
    users: state.users,
    sessions: state.sessions,
    // Append-only, but small and written with the state it records, so it goes with
    // that state (a user removed and the entry saying so, in one database).
    audit: state.audit,
  };
  for (const [k, v] of Object.entries(parts))
    if (v !== undefined) Object.assign(composed, { [k]: v });
  if (data.suggestNames)
    Object.assign(composed, { suggestNames: (p: string, n: number) => data.suggestNames!(p, n) });
  if (data.pruneObservations)
    Object.assign(composed, {
      pruneObservations: (b: number, o?: PruneOptions) => data.pruneObservations!(b, o),
    });
  if (data.forgetCheckpoints)
    Object.assign(composed, {
      forgetCheckpoints: (p: string, b: number) => data.forgetCheckpoints!(p, b),
    });
  if (data.openWriter) Object.assign(composed, { openWriter: () => data.openWriter!() });
  return composed;
}
