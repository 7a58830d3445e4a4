// The store contract, one file per part under contract/. Every backend (SQLite now,
// ClickHouse and Postgres later) implements it and passes the one contract suite in
// test/unit/store/contract.ts. Observations and registration snapshots are
// append-only data, and so is the audit log; alerts, watches, API keys, users and
// their sessions are small mutable state, which a composed store
// (src/store/compose.ts) keeps in another backend, the audit log with them.
export * from "./contract/observations.js";
export * from "./contract/prune.js";
export * from "./contract/registrations.js";
export * from "./contract/api-keys.js";
export * from "./contract/users.js";
export * from "./contract/sessions.js";
export * from "./contract/audit.js";
export * from "./contract/alerts.js";
export * from "./contract/watches.js";
export * from "./contract/store.js";
