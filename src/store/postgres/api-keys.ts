import { DnsightError } from "../../errors.js";
import { assertApiKey, assertRevokeTime } from "../check.js";
import type { ApiKeyInfo, ApiKeyRole, ApiKeyStore } from "../types.js";
import { pgCode, UNIQUE_VIOLATION, unstorable, type Db } from "./_db.js";

// API keys in PostgreSQL, with the user each belongs to. The owner is no foreign key
// (a removed user's keys stay listed, revoked): a key for a user locks that user's
// row FOR SHARE while it goes in, so a removal waits and then revokes it too.

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  owner: string | null;
}

const info = (r: KeyRow): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  ...(r.owner !== null ? { user: r.owner } : {}),
  createdAt: r.created_at,
  ...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {}),
});

export function pgApiKeys(db: Db): ApiKeyStore {
  return {
    async addApiKey(k) {
      assertApiKey(k);
      try {
        await db.tx(`add API key ${k.id}`, async (sql) => {
          if (k.user !== undefined) {
            const u = await sql.query("SELECT 1 FROM users WHERE name = $1 FOR SHARE", [k.user]);
            if (u.rowCount === 0)
              throw new DnsightError("INPUT", `API key ${k.id}: no user named ${k.user}`);
          }
          await sql.query(
            `INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at, owner)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [k.id, k.name, k.role, k.hash, k.createdAt, k.revokedAt ?? null, k.user ?? null],
          );
        });
      } catch (e) {
        if (pgCode(e) === UNIQUE_VIOLATION)
          throw new DnsightError("INPUT", `an API key with id ${k.id} exists already`, {
            cause: e,
          });
        throw e;
      }
    },
    async getApiKey(id) {
      if (unstorable(id)) return undefined;
      const [r] = await db.run<KeyRow>(
        `get API key ${id}`,
        "SELECT * FROM api_keys WHERE id = $1",
        [id],
      );
      return r && { ...info(r), hash: r.hash };
    },
    async listApiKeys() {
      const rows = await db.run<KeyRow>(
        "list API keys",
        "SELECT * FROM api_keys ORDER BY created_at, id",
      );
      return rows.map(info);
    },
    async revokeApiKey(id, at) {
      assertRevokeTime(at);
      if (unstorable(id)) return false;
      // The first revocation time stands: revoking again changes nothing.
      const r = await db.run(
        `revoke API key ${id}`,
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING 1",
        [at, id],
      );
      return r.length > 0;
    },
  };
}
