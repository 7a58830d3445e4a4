import { DnsightError } from "../../errors.js";
import {
  assertPasswordHash,
  assertRevokeTime,
  assertUser,
  assertUserName,
  assertUserRole,
} from "../check.js";
import type { StoredUser, UserInfo, UserRole, UserStore } from "../types.js";
import { pgCode, UNIQUE_VIOLATION, unstorable, type Db, type Sql } from "./_db.js";

// Users in PostgreSQL. SQLite has one writer, so its check-then-write transactions
// cannot interleave; here several servers write at once, so every change that could
// take away the last enabled admin first takes one advisory lock (changes to users
// are rare: serialising them costs nothing), then locks the user's row FOR UPDATE,
// which makes a session or key being added for that user (FOR SHARE / NO KEY
// UPDATE) wait, so none slips in beside a removal.

interface UserRow {
  name: string;
  role: UserRole;
  password_hash: string;
  created_at: number;
  disabled: boolean;
}

const info = (r: UserRow): UserInfo => ({
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  disabled: r.disabled,
});

/** pg_advisory_xact_lock key of "the set of admins": "dnsusr" as a number. */
const ADMINS_LOCK = 0x646e73757372;

/**
 * The user, locked, after refusing a change that leaves no enabled admin (`staysAdmin`
 * false for it); undefined when there is no such user.
 */
async function guarded(
  sql: Sql,
  name: string,
  staysAdmin: (u: UserRow) => boolean,
): Promise<UserRow | undefined> {
  await sql.query("SELECT pg_advisory_xact_lock($1)", [ADMINS_LOCK]);
  const u = (await sql.query<UserRow>("SELECT * FROM users WHERE name = $1 FOR UPDATE", [name]))
    .rows[0];
  if (u === undefined || u.role !== "admin" || u.disabled || staysAdmin(u)) return u;
  const others = await sql.query(
    "SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND name <> $1 LIMIT 1",
    [name],
  );
  if (others.rowCount === 0)
    throw new DnsightError("INPUT", `${name} is the last enabled admin: make another admin first`);
  return u;
}

const endSessions = (sql: Sql, name: string) =>
  sql.query("DELETE FROM sessions WHERE user_name = $1", [name]);

export function pgUsers(db: Db): UserStore {
  return {
    async addUser(u: StoredUser) {
      assertUser(u);
      try {
        await db.run(
          `add user ${u.name}`,
          `INSERT INTO users (name, role, password_hash, created_at, disabled)
           VALUES ($1, $2, $3, $4, $5)`,
          [u.name, u.role, u.passwordHash, u.createdAt, u.disabled],
        );
      } catch (e) {
        if (pgCode(e) === UNIQUE_VIOLATION)
          throw new DnsightError("INPUT", `a user named ${u.name} exists already`, { cause: e });
        throw e;
      }
    },
    async getUser(name) {
      if (unstorable(name)) return undefined;
      const [r] = await db.run<UserRow>(`get user ${name}`, "SELECT * FROM users WHERE name = $1", [
        name,
      ]);
      return r && { ...info(r), passwordHash: r.password_hash };
    },
    async listUsers() {
      return (await db.run<UserRow>("list users", "SELECT * FROM users ORDER BY name")).map(info);
    },
    async setUserRole(name, role) {
      assertUserName(name);
      assertUserRole(role);
      return db.tx(`set the role of user ${name}`, async (sql) => {
        if (!(await guarded(sql, name, () => role === "admin"))) return false;
        await sql.query("UPDATE users SET role = $1 WHERE name = $2", [role, name]);
        return true;
      });
    },
    async setUserPassword(name, hash) {
      assertUserName(name);
      assertPasswordHash(hash);
      return db.tx(`set the password of user ${name}`, async (sql) => {
        const r = await sql.query("UPDATE users SET password_hash = $1 WHERE name = $2", [
          hash,
          name,
        ]);
        if (r.rowCount === 0) return false;
        await endSessions(sql, name);
        return true;
      });
    },
    async setUserDisabled(name, disabled) {
      assertUserName(name);
      if (typeof disabled !== "boolean")
        throw new DnsightError("INPUT", "setUserDisabled: disabled must be true or false");
      return db.tx(`${disabled ? "disable" : "enable"} user ${name}`, async (sql) => {
        if (!(await guarded(sql, name, () => !disabled))) return false;
        await sql.query("UPDATE users SET disabled = $1 WHERE name = $2", [disabled, name]);
        if (disabled) await endSessions(sql, name);
        return true;
      });
    },
    async removeUser(name, at) {
      assertUserName(name);
      assertRevokeTime(at);
      return db.tx(`remove user ${name}`, async (sql) => {
        if (!(await guarded(sql, name, () => false))) return false;
        await endSessions(sql, name);
        // The first revocation time stands.
        await sql.query(
          "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE owner = $2",
          [at, name],
        );
        await sql.query("DELETE FROM users WHERE name = $1", [name]);
        return true;
      });
    },
  };
}
