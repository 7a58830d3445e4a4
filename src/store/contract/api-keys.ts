// API keys: a small mutable table (the "state" side of a composed store).

/**
 * What an API key may do: `read` queries; `admin` also manages (later admin endpoints).
 * A key that belongs to a user acts as that user, `read` capping it at reader: see
 * keyRole in src/store/roles.ts. A key made before users existed has no user and
 * keeps its own role (read as reader, admin as admin).
 */
export type ApiKeyRole = "read" | "admin";

export const API_KEY_ROLES: readonly ApiKeyRole[] = ["read", "admin"];

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  /** Short, non-secret, unique; also the key's second part (src/api/keys.ts). */
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The user it belongs to (./users.ts); absent on a key made before users existed. */
  user?: string;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds; a revoked key no longer authenticates. */
  revokedAt?: number;
}

/** A stored key: its info and the SHA-256 of the key (64 lowercase hex digits). */
export interface StoredApiKey extends ApiKeyInfo {
  hash: string;
}

/** A small table of API keys, looked up by id; the caller compares the hash. */
export interface ApiKeyStore {
  /**
   * Adds a key; DnsightError "INPUT" when a field is invalid, the id is taken, or its
   * user does not exist (a backend with users checks in the same step).
   */
  addApiKey(key: StoredApiKey): Promise<void>;
  /** The key with this id, revoked or not. */
  getApiKey(id: string): Promise<StoredApiKey | undefined>;
  /** Every key, revoked ones included, oldest first (ties by id). */
  listApiKeys(): Promise<ApiKeyInfo[]>;
  /** Marks the key revoked at `at`; false when no key has that id (revoking twice is true). */
  revokeApiKey(id: string, at: number): Promise<boolean>;
}
