import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { parseStoreUrl, type DataLocation } from "../store/open.js";

// Which data a store URL names, for `dnsight migrate`: to refuse copying a store onto
// itself however the two URLs are spelt (a relative path, sqlite:, file:, a symlink),
// and to name the source in the target's checkpoints without its password.

/** The data side of `url` as one canonical string; no password in it. */
export function dataIdentity(url: string): string {
  const where = parseStoreUrl(url);
  return identify(where.backend === "composed" ? where.data : where);
}

function identify(where: DataLocation): string {
  if (where.backend === "sqlite") {
    if (where.path === ":memory:") return "sqlite::memory:";
    const abs = resolve(where.path);
    return `sqlite:${existsSync(abs) ? realpathSync(abs) : abs}`;
  }
  const u = new URL(where.url);
  u.password = "";
  u.username = "";
  // The host as the URL parser normalised it (lowercase); the default port spelt out.
  return `clickhouse://${u.hostname}:${u.port === "" ? "8123" : u.port}${u.pathname}`;
}
