import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import {
  API_KEY_ROLES,
  type ApiKeyInfo,
  type ApiKeyRole,
  type ApiKeyStore,
  type StoredApiKey,
} from "../types.js";

// API keys in SQLite (migration 5): a handful of rows, looked up by primary key.

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

function check(k: StoredApiKey): void {
  const bad = (why: string): never => {
    throw new DnsightError("INPUT", `API key ${JSON.stringify(k.id)}: ${why}`);
  };
  if (typeof k.id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(k.id))
    bad("the id must be 1-64 letters, digits, - or _");
  if (typeof k.name !== "string" || k.name.length > 200) bad("the name must be text (≤ 200)");
  if (!API_KEY_ROLES.includes(k.role)) bad(`unknown role ${JSON.stringify(k.role)}`);
  if (typeof k.hash !== "string" || !/^[0-9a-f]{64}$/.test(k.hash))
    bad("the hash must be 64 lowercase hex digits (SHA-256)");
  if (!Number.isSafeInteger(k.createdAt) || k.createdAt < 0)
    bad("createdAt must be whole epoch seconds");
  if (k.revokedAt !== undefined && (!Number.isSafeInteger(k.revokedAt) || k.revokedAt < 0))
    bad("revokedAt must be whole epoch seconds");
}

function info(r: KeyRow): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    ...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {}),
  };
}

export function sqliteApiKeys(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): ApiKeyStore {
  const insert = db.prepare(
    "INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const byId = db.prepare("SELECT * FROM api_keys WHERE id = ?");
  const all = db.prepare("SELECT * FROM api_keys ORDER BY created_at, id");
  // The first revocation time stands: revoking again changes nothing.
  const revoke = db.prepare(
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
  );
  return {
    async addApiKey(k) {
      ensureOpen("add API key");
      check(k);
      try {
        insert.run(k.id, k.name, k.role, k.hash, k.createdAt, k.revokedAt ?? null);
      } catch (e) {
        if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY")
          throw new DnsightError("INPUT", `an API key with id ${k.id} exists already`, {
            cause: e,
          });
        throw fail(`add API key ${k.id}`, e);
      }
    },
    async getApiKey(id) {
      ensureOpen("get API key");
      try {
        const r = byId.get(id) as KeyRow | undefined;
        return r && { ...info(r), hash: r.hash };
      } catch (e) {
        throw fail(`get API key ${id}`, e);
      }
    },
    async listApiKeys() {
      ensureOpen("list API keys");
      try {
        return (all.all() as KeyRow[]).map(info);
      } catch (e) {
        throw fail("list API keys", e);
      }
    },
    async revokeApiKey(id, at) {
      ensureOpen("revoke API key");
      if (!Number.isSafeInteger(at) || at < 0)
        throw new DnsightError("INPUT", "revokeApiKey: the time must be whole epoch seconds");
      try {
        return revoke.run(at, id).changes > 0;
      } catch (e) {
        throw fail(`revoke API key ${id}`, e);
      }
    },
  };
}
