// dnsight as a library: the calls the CLI makes, for scripts, the API and the web
// UI alike. `dnsight/dns` (the DNS client and wire codec) and `dnsight/store`
// (the store contract) are the other entry points; everything else is internal.
//
//   import { openStore, ingestInput, pdnsSearch } from "dnsight";
//   const store = await openStore("sqlite:./dnsight.db");
//   await ingestInput({ format: "pcap", path: "capture.pcap", store });
//   const { rows } = await pdnsSearch(store, { query: "*.example.com" });

export { VERSION } from "./version.js";
export { DnsightError, isDnsightError, type ErrorCode } from "./errors.js";

// The store
export { openStore, resolveStoreUrl, DEFAULT_DB, type StoreOpenOptions } from "./store/open.js";
export type { Store, SearchPage, SearchSummary } from "./store/types.js";
export type { Observation } from "./model/observation.js";

// Passive DNS in, and out
export {
  ingestInput,
  type IngestRequest,
  type IngestOutcome,
  type IngestProgress,
} from "./flows/ingest.js";
export {
  listenDnstapIngest,
  type DnstapListenRequest,
  type DnstapListenOutcome,
} from "./flows/dnstap-listen.js";
export { INGEST_FORMATS, type IngestFormat } from "./flows/ingest-formats.js";
export type { IngestNote, WrongFormat } from "./flows/ingest-notes.js";
export type { IngestStats } from "./passive/ingest.js";
export { pdnsSearch, pdnsSummary, type PdnsRequest } from "./passive/search.js";

// Registration data
export {
  lookupRegistration,
  type RegistrationLookup,
  type RegistrationLookupOptions,
} from "./registration/lookup.js";
export type { RegistrationRecord } from "./model/registration.js";

// Lookalikes
export { generate as generateLookalikes, type Candidate } from "./lookalike/generate.js";
export { BrandMatcher, type Hit as LookalikeHit } from "./lookalike/match.js";
export {
  matchStream,
  raiseLookalikeHits,
  type MatchStreamOptions,
  type MatchSummary,
  type MatchProgress,
} from "./flows/lookalike-match.js";

// Moving a store to another backend (SQLite → ClickHouse, say), counted on both sides
export {
  migrateStore,
  type MigrateOptions,
  type MigrateProgress,
  type MigrateResult,
} from "./flows/migrate.js";

// Monitoring the watchlist
export {
  createMonitor,
  type Monitor,
  type MonitorOptions,
  type MonitorEvent,
  type MonitorRun,
} from "./flows/monitor.js";
export type { PassReport } from "./monitor/pass.js";
export { endpointOf, type Endpoint } from "./dns/client/endpoint.js";

// Alerts
export type { Alert } from "./model/alert.js";
