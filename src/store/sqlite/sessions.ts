import type Database from "better-sqlite3";
import { guardedRun } from "./_guarded.js";
import { DnsightError } from "../../errors.js";
import { assertSession, assertSessionTime, assertUserName } from "../check.js";
import { sessionTokenHash } from "../session-token.js";
import { MAX_SESSIONS_PER_USER, type SessionInfo, type SessionStore } from "../types.js";
import { sessionKeyOf as keyOf, toSessionInfo as info, type SessionRow } from "../state-rows.js";

// Login sessions in SQLite (migration 11), by the SHA-256 of their token. A token
// that is not one of ours (a cookie anybody may send) is simply not found.

export function sqliteSessions(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): SessionStore {
  const enabledUser = db.prepare("SELECT 1 FROM users WHERE name = ? AND disabled = 0");
  const insert = db.prepare(
    `INSERT INTO sessions (token_hash, user_name, created_at, expires_at, last_used_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  // Keeps the user's MAX - 1 most recently used, making room for the new one.
  const trim = db.prepare(
    `DELETE FROM sessions WHERE user_name = ? AND token_hash NOT IN
       (SELECT token_hash FROM sessions WHERE user_name = ?
        ORDER BY last_used_at DESC, token_hash LIMIT ${MAX_SESSIONS_PER_USER - 1})`,
  );
  const get = db.prepare("SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?");
  const touch = db.prepare(
    "UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE token_hash = ? AND expires_at > ?",
  );
  const del = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const delUser = db.prepare("DELETE FROM sessions WHERE user_name = ?");
  const purge = db.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  const create = db.transaction((hash: string, s: SessionInfo) => {
    if (enabledUser.get(s.user) === undefined)
      throw new DnsightError("INPUT", `session: no enabled user named ${s.user}`);
    trim.run(s.user, s.user);
    insert.run(hash, s.user, s.createdAt, s.expiresAt, s.lastUsedAt);
  });

  const run = guardedRun(ensureOpen, fail);
  return {
    async createSession(token, s) {
      assertSession(token, s);
      return run(`create a session for ${s.user}`, () => {
        try {
          create(sessionTokenHash(token), s);
        } catch (e) {
          if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY")
            throw new DnsightError("INPUT", "session: that token is in use", { cause: e });
          throw e;
        }
      });
    },
    async getSession(token, at) {
      assertSessionTime(at);
      const key = keyOf(token);
      return run("get session", () => {
        const r = key === undefined ? undefined : (get.get(key, at) as SessionRow | undefined);
        return r && info(r);
      });
    },
    async touchSession(token, at, expiresAt) {
      assertSessionTime(at);
      assertSessionTime(expiresAt);
      const key = keyOf(token);
      return run("touch session", () =>
        key === undefined ? false : touch.run(at, expiresAt, key, at).changes > 0,
      );
    },
    async deleteSession(token) {
      const key = keyOf(token);
      return run("delete session", () => (key === undefined ? false : del.run(key).changes > 0));
    },
    async deleteUserSessions(user) {
      assertUserName(user);
      return run(`end the sessions of ${user}`, () => delUser.run(user).changes);
    },
    async purgeExpiredSessions(at) {
      assertSessionTime(at);
      return run("purge expired sessions", () => purge.run(at).changes);
    },
  };
}
