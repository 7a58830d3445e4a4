import { DnsightError } from "../../errors.js";
import { assertSession, assertSessionTime, assertUserName } from "../check.js";
import { sessionTokenHash } from "../session-token.js";
import { MAX_SESSIONS_PER_USER, type SessionStore } from "../types.js";
import { pgCode, UNIQUE_VIOLATION, type Db } from "./_db.js";
import { sessionKeyOf as keyOf, toSessionInfo as info, type SessionRow } from "../state-rows.js";

// Login sessions in PostgreSQL, by the SHA-256 of their token, as in SQLite. A new
// session locks its user's row (FOR NO KEY UPDATE): a disable, password change or
// removal of that user waits for it and then ends it too, and two logins of one user
// trim to MAX_SESSIONS_PER_USER one after the other.

export function pgSessions(db: Db): SessionStore {
  return {
    async createSession(token, s) {
      assertSession(token, s);
      try {
        await db.tx(`create a session for ${s.user}`, async (sql) => {
          const u = await sql.query(
            "SELECT 1 FROM users WHERE name = $1 AND NOT disabled FOR NO KEY UPDATE",
            [s.user],
          );
          if (u.rowCount === 0)
            throw new DnsightError("INPUT", `session: no enabled user named ${s.user}`);
          // Keeps the user's MAX - 1 most recently used, making room for the new one.
          await sql.query(
            `DELETE FROM sessions WHERE user_name = $1 AND token_hash NOT IN
               (SELECT token_hash FROM sessions WHERE user_name = $1
                ORDER BY last_used_at DESC, token_hash LIMIT ${MAX_SESSIONS_PER_USER - 1})`,
            [s.user],
          );
          await sql.query(
            `INSERT INTO sessions (token_hash, user_name, created_at, expires_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5)`,
            [sessionTokenHash(token), s.user, s.createdAt, s.expiresAt, s.lastUsedAt],
          );
        });
      } catch (e) {
        if (pgCode(e) === UNIQUE_VIOLATION)
          throw new DnsightError("INPUT", "session: that token is in use", { cause: e });
        throw e;
      }
    },
    async getSession(token, at) {
      assertSessionTime(at);
      const key = keyOf(token);
      if (key === undefined) return undefined;
      const [r] = await db.run<SessionRow>(
        "get session",
        "SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        [key, at],
      );
      return r && info(r);
    },
    async touchSession(token, at, expiresAt) {
      assertSessionTime(at);
      assertSessionTime(expiresAt);
      const key = keyOf(token);
      if (key === undefined) return false;
      const r = await db.run(
        "touch session",
        `UPDATE sessions SET last_used_at = $1, expires_at = $2
         WHERE token_hash = $3 AND expires_at > $1 RETURNING 1`,
        [at, expiresAt, key],
      );
      return r.length > 0;
    },
    async deleteSession(token) {
      const key = keyOf(token);
      if (key === undefined) return false;
      const r = await db.run(
        "delete session",
        "DELETE FROM sessions WHERE token_hash = $1 RETURNING 1",
        [key],
      );
      return r.length > 0;
    },
    async deleteUserSessions(user) {
      assertUserName(user);
      const r = await db.run(
        `end the sessions of ${user}`,
        "DELETE FROM sessions WHERE user_name = $1 RETURNING 1",
        [user],
      );
      return r.length;
    },
    async purgeExpiredSessions(at) {
      assertSessionTime(at);
      const r = await db.run(
        "purge expired sessions",
        "DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1",
        [at],
      );
      return r.length;
    },
  };
}
