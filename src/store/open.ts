import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DnsightError } from "../errors.js";
import { composeStores } from "./compose.js";
import { completeStore } from "./derive.js";
import type { StateStore, Store } from "./types.js";

// Backends are picked by URL (DESIGN.md "Storage"): a plain path, `sqlite:PATH` or a
// `file:` URL is SQLite; `clickhouse://HOST:PORT/DB` is ClickHouse (observations and
// registration snapshots only: give it a state= store for the rest). A URL with a
// scheme may name a second store for the small mutable state (alerts, outbox,
// watchlist, API keys) in a `state` query parameter, its value a store URL or path,
// percent-encoded where it holds & or %:
//   sqlite:/var/lib/dnsight/data.db?state=/var/lib/dnsight/state.db
//   clickhouse://ch:8123/dnsight?state=sqlite:/var/lib/dnsight/state.db
//   sqlite:/var/lib/dnsight/data.db?state=postgres://db.internal/dnsight
// `postgres://` (or `postgresql://`, libpq's URL) keeps only that state, so it is
// refused as the data side.
// Backends are imported only when opened, so a command that never touches the store
// never loads the native SQLite module.

export const DEFAULT_DB = "./dnsight.db";

/** Where a backend that keeps observations is. */
export type DataLocation =
  { backend: "sqlite"; path: string } | { backend: "clickhouse"; url: string };

/** One backend's location: a data backend, or one that keeps only the mutable state. */
export type BackendLocation = DataLocation | { backend: "postgres"; url: string };

export type StoreLocation =
  | DataLocation
  /** Observations and snapshots in `data`, the mutable state in `state` (src/store/compose.ts). */
  | { backend: "composed"; data: DataLocation; state: BackendLocation };

/**
 * `--db` if given, else $DNSIGHT_DB, else ./dnsight.db; empty values count as unset.
 * `--state` (else $DNSIGHT_STATE), when given, becomes the URL's state= parameter.
 */
export function resolveStoreUrl(
  dbOption: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  stateOption?: string,
): string {
  const set = (v: string | undefined): v is string => v !== undefined && v !== "";
  const url = set(dbOption) ? dbOption : set(env.DNSIGHT_DB) ? env.DNSIGHT_DB : DEFAULT_DB;
  const state = set(stateOption) ? stateOption : env.DNSIGHT_STATE;
  return set(state) ? withState(url, state) : url;
}

/** `url` with `state` as its state= parameter; refused when it has one already. */
function withState(url: string, state: string): string {
  if (splitState(url).state !== undefined)
    throw new DnsightError(
      "USAGE",
      "the state store is given twice: as --state (or $DNSIGHT_STATE) and in the database URL's state= parameter",
    );
  let data = url;
  if (schemeOf(url) === undefined) {
    // A plain path keeps "?" as part of its name: only the sqlite: form takes parameters.
    if (url.includes("?"))
      throw new DnsightError(
        "USAGE",
        `give the database as sqlite:PATH to use --state with "${url}"`,
      );
    data = `sqlite:${url}`;
  }
  return `${data}${data.includes("?") ? "&" : "?"}state=${encodeURIComponent(state)}`;
}

/** Parses a store URL without opening anything. */
export function parseStoreUrl(url: string): StoreLocation {
  if (url === "") throw new DnsightError("USAGE", "empty database URL");
  const { data, state } = splitState(url);
  if (state === undefined) return dataSide(parseBackendUrl(data));
  if (state === "") throw new DnsightError("USAGE", "no store in the state= parameter");
  if (splitState(state).state !== undefined)
    throw new DnsightError("USAGE", "the state= store cannot have a state= store of its own");
  return {
    backend: "composed",
    data: dataSide(parseBackendUrl(data)),
    state: parseBackendUrl(state),
  };
}

/** The location, unless its backend keeps no observations (the URL is not echoed: a password). */
function dataSide(where: BackendLocation): DataLocation {
  if (where.backend !== "postgres") return where;
  throw new DnsightError(
    "USAGE",
    "a postgres:// store keeps only the shared state (users, keys, alerts, watches, audit log): " +
      "give it as the state of a data store, as in sqlite:PATH?state=postgres://HOST/DB",
  );
}

/** A scheme is two or more letters before ":", so a Windows drive ("C:\x.db") is a path. */
const schemeOf = (url: string): string | undefined =>
  /^([a-z][a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase();

/** The URL without its state= parameter, and that parameter's value (decoded). */
function splitState(url: string): { data: string; state?: string } {
  const q = url.indexOf("?");
  // A plain path is a path, "?" and all.
  if (schemeOf(url) === undefined || q < 0) return { data: url };
  const params = url.slice(q + 1).split("&");
  const at = params.findIndex((p) => p.startsWith("state="));
  if (at < 0) return { data: url };
  let state: string;
  try {
    state = decodeURIComponent(params[at]!.slice("state=".length));
  } catch (e) {
    throw new DnsightError("USAGE", "bad percent-encoding in the state= parameter", { cause: e });
  }
  const rest = params.filter((_, i) => i !== at);
  return { data: url.slice(0, q) + (rest.length > 0 ? `?${rest.join("&")}` : ""), state };
}

function parseBackendUrl(url: string): BackendLocation {
  const scheme = schemeOf(url);
  if (scheme === undefined) return { backend: "sqlite", path: url };
  if (scheme === "sqlite" || scheme === "sqlite3") {
    // sqlite:PATH, and sqlite:///abs/path as other tools write it.
    let path = url.slice(scheme.length + 1);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") throw new DnsightError("USAGE", `no path in database URL "${url}"`);
    return { backend: "sqlite", path };
  }
  if (scheme === "file") {
    let path: string;
    try {
      path = url.startsWith("file://") ? fileURLToPath(url) : decodeURIComponent(url.slice(5));
    } catch (e) {
      throw new DnsightError("USAGE", `bad file URL "${url}": ${(e as Error).message}`, {
        cause: e,
      });
    }
    if (path === "") throw new DnsightError("USAGE", `no path in database URL "${url}"`);
    return { backend: "sqlite", path };
  }
  if (scheme === "clickhouse" || scheme === "clickhouses") return { backend: "clickhouse", url };
  if (scheme === "postgres" || scheme === "postgresql") return { backend: "postgres", url };
  throw new DnsightError(
    "USAGE",
    `unknown database URL scheme "${scheme}:" in "${url}" (use a path or sqlite:PATH)`,
  );
}

/** How a store waits for another writer, and how long it holds the lock itself. */
export interface StoreOpenOptions {
  /** Told how long a write (or the migration on open) has waited for another writer's lock. */
  onLockWait?: (waitedMs: number) => void;
  /** Longest such wait before "database is locked" (default 5 s; Infinity waits on). */
  lockTimeoutMs?: number;
  /** How long one commit of observations should hold the lock (default 250 ms). */
  commitMs?: number;
  /**
   * For commands that only read: a database that does not exist is an error naming
   * the path, not a new empty file made from a typo.
   */
  mustExist?: boolean;
}

/** Opens the store at `url` (see parseStoreUrl), creating and migrating it if needed. */
export async function openStore(url: string, options: StoreOpenOptions = {}): Promise<Store> {
  const where = parseStoreUrl(url);
  if (where.backend !== "composed") return openBackend(where, options);
  const data = await openBackend(where.data, options);
  try {
    return composeStores(data, await openStateBackend(where.state, options));
  } catch (e) {
    await data.close();
    throw e;
  }
}

async function openStateBackend(
  where: BackendLocation,
  options: StoreOpenOptions,
): Promise<StateStore> {
  if (where.backend !== "postgres") return openBackend(where, options);
  const { openPostgresState } = await import("./postgres/postgres-store.js");
  return openPostgresState(
    where.url,
    options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {},
  );
}

async function openBackend(where: DataLocation, options: StoreOpenOptions): Promise<Store> {
  if (where.backend === "clickhouse") {
    const { openClickHouseStore } = await import("./clickhouse/clickhouse-store.js");
    return completeStore(
      await openClickHouseStore(where.url, options.mustExist ? { mustExist: true } : {}),
    );
  }
  if (options.mustExist && where.path !== ":memory:" && !existsSync(where.path))
    throw new DnsightError(
      "INPUT",
      `no database at ${where.path}: nothing has been stored there (check --db or $DNSIGHT_DB)`,
    );
  const { openSqliteStore } = await import("./sqlite/sqlite-store.js");
  return completeStore(await openSqliteStore(where.path, options));
}
