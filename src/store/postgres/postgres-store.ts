import type { StateStore } from "../types.js";
import { openDb, type DbOptions } from "./_db.js";
import { pgAlerts } from "./alerts.js";
import { pgApiKeys } from "./api-keys.js";
import { pgAudit } from "./audit.js";
import { migratePg } from "./migrations.js";
import { pgOutbox } from "./outbox.js";
import { pgSessions } from "./sessions.js";
import { pgSharedSecret } from "./shared-secret.js";
import { pgUsers } from "./users.js";
import { pgWatches } from "./watches.js";

// The shared mutable state in PostgreSQL (issue 15), for several `serve` and
// `monitor` processes on different machines: users with their sessions and API keys,
// the audit log, alerts with their notes, the watchlist with the monitor's memory,
// and the delivery outbox; each change in one transaction that locks what it
// checks. State only: observations and registration snapshots stay in the data
// store of a composed URL (sqlite:PATH?state=postgres://HOST/DB, src/store/open.ts).

export const POSTGRES_BACKEND = "postgres";

export type PostgresStateOptions = DbOptions;

/** Connects to the database at `url` (postgres:// or postgresql://) and migrates it. */
export async function openPostgresState(
  url: string,
  options: PostgresStateOptions = {},
): Promise<StateStore> {
  const db = openDb(url, options);
  try {
    await migratePg(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    backend: POSTGRES_BACKEND,
    users: pgUsers(db),
    sessions: { ...pgSessions(db), sharedSecret: pgSharedSecret(db) },
    apiKeys: pgApiKeys(db),
    audit: pgAudit(db),
    alerts: pgAlerts(db),
    watches: pgWatches(db),
    outbox: pgOutbox(db),
    close: () => db.close(),
  };
}
