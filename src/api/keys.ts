import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { DnsightError } from "../errors.js";
import { requirePart } from "../store/require-part.js";
import { keyRole } from "../store/roles.js";
import type {
  ApiKeyInfo,
  ApiKeyRole,
  ApiKeyStore,
  Store,
  StoredApiKey,
  UserRole,
} from "../store/types.js";

// API keys: `dns_<id>_<secret>`. The id (12 hex digits) is not secret: it names the
// key in `apikey list` / `revoke` and lets a request's key be found by primary key,
// so the secret itself is only ever compared, in constant time, against the stored
// SHA-256. The secret is 32 random bytes (256 bits), so a plain hash is enough: no
// password stretching is needed for a value nobody chose.

export const API_KEY_PREFIX = "dns_";
const KEY_RE = /^dns_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const hashApiKey = (key: string): string =>
  createHash("sha256").update(key, "utf8").digest("hex");

/** A fresh key and what the store keeps of it. */
export function newApiKey(
  name: string,
  role: ApiKeyRole,
  now = Date.now() / 1000,
): { key: string; stored: StoredApiKey } {
  const id = randomBytes(6).toString("hex");
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString("base64url")}`;
  return { key, stored: { id, name, role, hash: hashApiKey(key), createdAt: Math.floor(now) } };
}

export type KeyCheck =
  { ok: true; key: ApiKeyInfo } | { ok: false; why: "malformed" | "unknown" | "revoked" };

/** Checks a presented key against the store. */
export async function checkApiKey(keys: ApiKeyStore, presented: string): Promise<KeyCheck> {
  const m = KEY_RE.exec(presented);
  if (!m) return { ok: false, why: "malformed" };
  const stored = await keys.getApiKey(m[1]!);
  const given = Buffer.from(hashApiKey(presented), "hex");
  // Compare even when the id is unknown, so both paths cost the same.
  const expected = Buffer.from(stored?.hash ?? "00".repeat(32), "hex");
  const equal = expected.length === given.length && timingSafeEqual(expected, given);
  if (!stored || !equal) return { ok: false, why: "unknown" };
  if (stored.revokedAt !== undefined) return { ok: false, why: "revoked" };
  const { hash: _hash, ...info } = stored;
  return { ok: true, key: info };
}

/**
 * Stores a key made by newApiKey (`dnsight apikey create`, POST /apikeys), refusing
 * with DnsightError "INPUT" a user who does not exist or is disabled; what the key
 * may do now.
 */
export async function storeApiKey(
  store: Store,
  stored: StoredApiKey,
): Promise<UserRole | undefined> {
  const keys = requirePart(store, "apiKeys");
  const owner =
    stored.user === undefined ? undefined : await requirePart(store, "users").getUser(stored.user);
  if (stored.user !== undefined && (owner === undefined || owner.disabled))
    throw new DnsightError("INPUT", `no enabled user named ${stored.user}`);
  await keys.addApiKey(stored);
  return keyRole(stored, owner);
}
