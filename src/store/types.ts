// The store contract, one file per part under contract/. Every backend (SQLite now,
// ClickHouse and Postgres later) implements it and passes the one contract suite in
// test/unit/store/contract.ts. Observations and registration snapshots are
// append-only data; alerts, watches and API keys are small mutable state, which a
// composed store (src/store/compose.ts) may keep in another backend.
export * from "./contract/observations.js";
export * from "./contract/registrations.js";
export * from "./contract/api-keys.js";
export * from "./contract/alerts.js";
export * from "./contract/watches.js";
export * from "./contract/store.js";
