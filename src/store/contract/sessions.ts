// Web UI login sessions: a small mutable table beside the users (./users.ts).

/** A session as the store gives it back: never its token. */
export interface SessionInfo {
  /** The user it belongs to. */
  user: string;
  /** Epoch seconds, as are the others. */
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
}

/**
 * At most this many sessions per user: a new one ends the least recently used, so a
 * script that logs in on every request cannot grow the table without bound.
 */
export const MAX_SESSIONS_PER_USER = 20;

/**
 * Sessions, found by their token: 32 random bytes, base64url (newSessionToken in
 * src/store/session-token.ts), sent in a cookie. A backend keeps only its SHA-256
 * (sessionTokenHash), so a copy of the database logs nobody in; a token is 256
 * random bits, so a plain hash is enough. A session past `expiresAt` is as good as
 * gone: no call finds or touches it, and purgeExpiredSessions deletes it.
 */
export interface SessionStore {
  /**
   * Stores a new session; DnsightError "INPUT" when a field is invalid, the token
   * is in use, or the user does not exist or is disabled.
   */
  createSession(token: string, session: SessionInfo): Promise<void>;
  /** The session, unless unknown or expired at `at`. */
  getSession(token: string, at: number): Promise<SessionInfo | undefined>;
  /** Marks it used at `at`, now expiring at `expiresAt` (sliding); false when unknown or expired. */
  touchSession(token: string, at: number, expiresAt: number): Promise<boolean>;
  /** Logs out; false when unknown. */
  deleteSession(token: string): Promise<boolean>;
  /** Ends every session of `user`; how many there were. */
  deleteUserSessions(user: string): Promise<number>;
  /** Deletes the sessions expired at `at`; how many. */
  purgeExpiredSessions(at: number): Promise<number>;
  /**
   * The secret kept under `name` (the key of the web UI's CSRF tokens, say), made by
   * `make` and stored the first time it is asked for: every process on this state gets
   * the same bytes, so several servers on different machines agree. Optional: the
   * SQLite state keeps its secret in a file beside the database instead.
   */
  sharedSecret?(name: string, make: () => Buffer): Promise<Buffer>;
}
