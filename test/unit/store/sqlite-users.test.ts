// SQLite specifics of users, sessions and the audit log (migration 11): keys made
// before it keep their powers, sessions keep no token, every audit query is a range
// scan of one index with no sort step.
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { checkApiKey, newApiKey } from "../../../src/api/keys.js";
import { keyRole } from "../../../src/store/roles.js";
import { newSessionToken, sessionTokenHash } from "../../../src/store/session-token.js";
import { auditSql } from "../../../src/store/sqlite/audit.js";
import { migrate, MIGRATIONS } from "../../../src/store/sqlite/migrations.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { registerFunctions } from "../../../src/store/sqlite/_functions.js";
import type { AuditQuery } from "../../../src/store/types.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { user } from "./_contract-users.js";

const dir = makeTmpDir("sqlite-users", { after });
const T = 1_700_000_000;

describe("sqlite users, sessions and audit log", () => {
  it("keeps API keys made before migration 11 working, with their own roles", async () => {
    const path = join(dir.path, "v10.db");
    const db = new Database(path);
    registerFunctions(db);
    migrate(db, MIGRATIONS.slice(0, 10));
    const insert = db.prepare(
      "INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)",
    );
    const made = (["read", "admin"] as const).map((role) => {
      const { key, stored } = newApiKey(`old ${role}`, role, T);
      insert.run(stored.id, stored.name, stored.role, stored.hash, stored.createdAt);
      return { key, role };
    });
    db.close();
    const store = await openSqliteStore(path);
    try {
      const roles = [];
      for (const { key, role } of made) {
        const check = await checkApiKey(store.apiKeys!, key);
        assert.ok(check.ok, `the ${role} key still authenticates`);
        assert.equal(check.key.role, role);
        assert.equal(check.key.user, undefined);
        roles.push(keyRole(check.key, undefined));
      }
      assert.deepEqual(roles, ["reader", "admin"]);
      // And a key can now be given to a user.
      await store.users!.addUser(user("alice", "analyst"));
      const { stored } = newApiKey("new", "admin", T);
      await store.apiKeys!.addApiKey({ ...stored, user: "alice" });
      assert.equal((await store.apiKeys!.getApiKey(stored.id))?.user, "alice");
    } finally {
      await store.close();
    }
  });

  it("stores the SHA-256 of a session token, never the token", async () => {
    const path = join(dir.path, "tokens.db");
    const store = await openSqliteStore(path);
    const token = newSessionToken();
    try {
      await store.users!.addUser(user("alice"));
      await store.sessions!.createSession(token, {
        user: "alice",
        createdAt: T,
        expiresAt: T + 60,
        lastUsedAt: T,
      });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare("SELECT * FROM sessions").all() as Array<Record<string, unknown>>;
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.token_hash, sessionTokenHash(token));
      assert.ok(!JSON.stringify(rows).includes(token));
    } finally {
      db.close();
    }
  });

  it("answers every audit query form from one index, newest first, without a sort step", async () => {
    const path = join(dir.path, "audit-plan.db");
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    const forms: Array<[AuditQuery, RegExp]> = [
      [{}, /SCAN audit_log/],
      [
        { since: 1, until: 2, cursor: `5.${"0".repeat(16)}` },
        /SEARCH audit_log USING PRIMARY KEY \(at>\? AND at<\?\)/,
      ],
      [{ actor: "user:a", since: 1 }, /USING INDEX audit_log_actor \(actor=\? AND at>\?\)/],
      [
        { actor: "user:a", cursor: `5.${"0".repeat(16)}` },
        /USING INDEX audit_log_actor \(actor=\? AND/,
      ],
      [{ action: "user.add", until: 9 }, /USING INDEX audit_log_action \(action=\? AND at<\?\)/],
      [{ actor: "user:a", action: "user.add" }, /USING INDEX audit_log_actor \(actor=\?\)/],
    ];
    try {
      for (const [q, pattern] of forms) {
        const { sql, params } = auditSql(q);
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 10) as Array<{
          detail: string;
        }>;
        const details = plan.map((p) => p.detail).join(" | ");
        assert.match(details, pattern, JSON.stringify(q));
        assert.doesNotMatch(details, /TEMP B-TREE/, JSON.stringify(q));
      }
    } finally {
      db.close();
    }
  });
});
