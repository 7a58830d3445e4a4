import { DnsightError } from "../errors.js";
import type { Store } from "./types.js";

// The optional parts of a store (src/store/contract/store.ts), asked for by name: a
// store without the part gives DnsightError "UNSUPPORTED" naming the backend, which
// the CLI maps to its usage exit status (a --db choice) and the API to an error body.

export type StorePart =
  "alerts" | "watches" | "registrations" | "outbox" | "apiKeys" | "users" | "sessions" | "audit";

const WHAT: Readonly<Record<StorePart, string>> = {
  alerts: "alerts",
  watches: "a watchlist",
  registrations: "registration snapshots",
  outbox: "a delivery outbox",
  apiKeys: "API keys",
  users: "users",
  sessions: "login sessions",
  audit: "an audit log",
};

/** `store[part]`, or DnsightError "UNSUPPORTED" when the store does not keep it. */
export function requirePart<P extends StorePart>(store: Store, part: P): NonNullable<Store[P]> {
  const found = store[part];
  if (found === undefined || found === null)
    throw new DnsightError("UNSUPPORTED", `the ${store.backend} store does not keep ${WHAT[part]}`);
  return found as NonNullable<Store[P]>;
}
