import type Database from "better-sqlite3";
import { guardedRun } from "./_guarded.js";
import { DnsightError } from "../../errors.js";
import {
  assertPasswordHash,
  assertRevokeTime,
  assertUser,
  assertUserName,
  assertUserRole,
} from "../check.js";
import type { StoredUser, UserInfo, UserStore } from "../types.js";

// Users in SQLite (migration 11). Every change that could take away the last enabled
// admin runs its check and its write in one transaction, as do the sessions and keys
// that go with a user.

interface UserRow {
  name: string;
  role: UserInfo["role"];
  password_hash: string;
  created_at: number;
  disabled: 0 | 1;
}

const info = (r: UserRow): UserInfo => ({
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  disabled: r.disabled === 1,
});

export function sqliteUsers(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): UserStore {
  const insert = db.prepare(
    "INSERT INTO users (name, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, ?)",
  );
  const byName = db.prepare("SELECT * FROM users WHERE name = ?");
  const all = db.prepare("SELECT * FROM users ORDER BY name");
  const otherAdmins = db.prepare(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND name <> ?",
  );
  const setRole = db.prepare("UPDATE users SET role = ? WHERE name = ?");
  const setHash = db.prepare("UPDATE users SET password_hash = ? WHERE name = ?");
  const setDisabled = db.prepare("UPDATE users SET disabled = ? WHERE name = ?");
  const del = db.prepare("DELETE FROM users WHERE name = ?");
  const endSessions = db.prepare("DELETE FROM sessions WHERE user_name = ?");
  const revokeKeys = db.prepare(
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE owner = ?",
  );

  /** The user, after refusing a change that leaves no enabled admin (`staysAdmin` false). */
  const guarded = (name: string, staysAdmin: (u: UserRow) => boolean): UserRow | undefined => {
    const u = byName.get(name) as UserRow | undefined;
    if (u === undefined || u.role !== "admin" || u.disabled === 1 || staysAdmin(u)) return u;
    if ((otherAdmins.get(name) as { n: number }).n === 0)
      throw new DnsightError(
        "INPUT",
        `${name} is the last enabled admin: make another admin first`,
      );
    return u;
  };
  const changeRole = db.transaction((name: string, role: UserInfo["role"]) => {
    if (!guarded(name, () => role === "admin")) return false;
    return setRole.run(role, name).changes > 0;
  });
  const changeHash = db.transaction((name: string, hash: string) => {
    if (setHash.run(hash, name).changes === 0) return false;
    endSessions.run(name);
    return true;
  });
  const changeDisabled = db.transaction((name: string, disabled: boolean) => {
    if (!guarded(name, () => !disabled)) return false;
    setDisabled.run(disabled ? 1 : 0, name);
    if (disabled) endSessions.run(name);
    return true;
  });
  const remove = db.transaction((name: string, at: number) => {
    if (!guarded(name, () => false)) return false;
    endSessions.run(name);
    revokeKeys.run(at, name);
    return del.run(name).changes > 0;
  });

  const run = guardedRun(ensureOpen, fail);
  return {
    async addUser(u: StoredUser) {
      ensureOpen("add user");
      assertUser(u);
      try {
        insert.run(u.name, u.role, u.passwordHash, u.createdAt, u.disabled ? 1 : 0);
      } catch (e) {
        if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY")
          throw new DnsightError("INPUT", `a user named ${u.name} exists already`, { cause: e });
        throw fail(`add user ${u.name}`, e);
      }
    },
    async getUser(name) {
      return run(`get user ${name}`, () => {
        const r = byName.get(name) as UserRow | undefined;
        return r && { ...info(r), passwordHash: r.password_hash };
      });
    },
    async listUsers() {
      return run("list users", () => (all.all() as UserRow[]).map(info));
    },
    async setUserRole(name, role) {
      assertUserName(name);
      assertUserRole(role);
      return run(`set the role of user ${name}`, () => changeRole(name, role));
    },
    async setUserPassword(name, hash) {
      assertUserName(name);
      assertPasswordHash(hash);
      return run(`set the password of user ${name}`, () => changeHash(name, hash));
    },
    async setUserDisabled(name, disabled) {
      assertUserName(name);
      if (typeof disabled !== "boolean")
        throw new DnsightError("INPUT", "setUserDisabled: disabled must be true or false");
      return run(`${disabled ? "disable" : "enable"} user ${name}`, () =>
        changeDisabled(name, disabled),
      );
    },
    async removeUser(name, at) {
      assertUserName(name);
      assertRevokeTime(at);
      return run(`remove user ${name}`, () => remove(name, at));
    },
  };
}
