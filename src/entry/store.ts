// `dnsight/store`: the store contract and its opening by URL, for code that
// reads or writes dnsight's data (a backend of its own, an export).
export {
  openStore,
  parseStoreUrl,
  resolveStoreUrl,
  DEFAULT_DB,
  type BackendLocation,
  type DataLocation,
  type StoreLocation,
  type StoreOpenOptions,
} from "../store/open.js";
export * from "../store/types.js";
// For a backend of one's own: the core fills summarize and scan, composes two stores,
// and asks for optional parts (UNSUPPORTED when absent).
export { completeStore, type StoreBackend } from "../store/derive.js";
export { composeStores } from "../store/compose.js";
export { requirePart, type StorePart } from "../store/require-part.js";
// The observation shape lives in model/ (no imports of its own); the contract's users need it.
export {
  OBSERVATION_SOURCES,
  type Observation,
  type ObservationSource,
} from "../model/observation.js";
