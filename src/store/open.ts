import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DnsightError } from "../errors.js";
import type { Store } from "./types.js";

// Backends are picked by URL (DESIGN.md "Storage"): a plain path, `sqlite:PATH` or a
// `file:` URL is SQLite; `clickhouse://` is recognised and refused until that
// backend exists. Backends are
// imported only when opened, so a command that never touches the store never loads
// the native SQLite module.

export const DEFAULT_DB = "./dnsight.db";

export type StoreLocation =
  { backend: "sqlite"; path: string } | { backend: "clickhouse"; url: string };

/** `--db` if given, else $DNSIGHT_DB, else ./dnsight.db; empty values count as unset. */
export function resolveStoreUrl(
  dbOption: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (dbOption !== undefined && dbOption !== "") return dbOption;
  const fromEnv = env.DNSIGHT_DB;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return DEFAULT_DB;
}

/** Parses a store URL without opening anything. */
export function parseStoreUrl(url: string): StoreLocation {
  if (url === "") throw new DnsightError("USAGE", "empty database URL");
  // A scheme is two or more letters before ":", so a Windows drive ("C:\x.db") is a path.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase();
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
  if (where.backend === "clickhouse") {
    // The URL is not echoed: it may carry a password.
    throw new DnsightError(
      "USAGE",
      "this dnsight has no ClickHouse backend; --db takes a SQLite path",
    );
  }
  if (options.mustExist && where.path !== ":memory:" && !existsSync(where.path))
    throw new DnsightError(
      "INPUT",
      `no database at ${where.path}: nothing has been stored there (check --db or $DNSIGHT_DB)`,
    );
  const { openSqliteStore } = await import("./sqlite/sqlite-store.js");
  return openSqliteStore(where.path, options);
}
