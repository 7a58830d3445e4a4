import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import { assertApiKey, assertRevokeTime } from "../check.js";
import type { ApiKeyInfo, ApiKeyRole, ApiKeyStore, StoredApiKey } from "../types.js";

// API keys in SQLite (migration 5), with the user each belongs to (migration 11): a
// handful of rows, looked up by primary key.

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  owner: string | null;
}

function info(r: KeyRow): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    ...(r.owner !== null ? { user: r.owner } : {}),
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
    `INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at, owner)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const userExists = db.prepare("SELECT 1 FROM users WHERE name = ?");
  // The owner is looked up in the insert's transaction: no foreign key (migration 11).
  const add = db.transaction((k: StoredApiKey) => {
    if (k.user !== undefined && userExists.get(k.user) === undefined)
      throw new DnsightError("INPUT", `API key ${k.id}: no user named ${k.user}`);
    insert.run(k.id, k.name, k.role, k.hash, k.createdAt, k.revokedAt ?? null, k.user ?? null);
  });
  const byId = db.prepare("SELECT * FROM api_keys WHERE id = ?");
  const all = db.prepare("SELECT * FROM api_keys ORDER BY created_at, id");
  // The first revocation time stands: revoking again changes nothing.
  const revoke = db.prepare(
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
  );
  return {
    async addApiKey(k) {
      ensureOpen("add API key");
      assertApiKey(k);
      try {
        add(k);
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
      assertRevokeTime(at);
      try {
        return revoke.run(at, id).changes > 0;
      } catch (e) {
        throw fail(`revoke API key ${id}`, e);
      }
    },
  };
}
