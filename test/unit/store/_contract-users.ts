import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { StoredUser, UserRole } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

const T = 1_700_000_000;
/** The shape src/util/password.ts makes; the store keeps it without checking the hash. */
export const HASH = `$scrypt$ln=15,r=8,p=1$${"A".repeat(22)}$${"B".repeat(43)}`;

export function user(name: string, role: UserRole = "reader", over: Partial<StoredUser> = {}) {
  return { name, role, passwordHash: HASH, createdAt: T, disabled: false, ...over };
}

export const isInput = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && pattern.test(e.message);

/** Users: a small table keyed by name. Skipped by a backend without them. */
export function userTests(factory: StoreFactory): void {
  it("adds, gets and lists users by name, without the hash in the list", () =>
    withStore(factory, async (s) => {
      const u = s.users;
      if (!u) return;
      assert.deepEqual(await u.listUsers(), []);
      await u.addUser(user("carol", "admin", { createdAt: T + 5 }));
      await u.addUser(user("alice", "analyst"));
      await u.addUser(user("bob@example.com", "reader", { disabled: true }));
      assert.deepEqual(await u.getUser("carol"), { ...user("carol", "admin"), createdAt: T + 5 });
      assert.equal(await u.getUser("nobody"), undefined);
      assert.equal(await u.getUser("Carol"), undefined, "names are not case-folded");
      const list = await u.listUsers();
      assert.deepEqual(
        list.map((x) => `${x.name} ${x.role} ${x.disabled}`),
        ["alice analyst false", "bob@example.com reader true", "carol admin false"],
      );
      for (const x of list) assert.equal("passwordHash" in x, false);
    }));

  it("refuses a taken name and invalid fields, writing nothing", () =>
    withStore(factory, async (s) => {
      const u = s.users;
      if (!u) return;
      await u.addUser(user("alice"));
      await assert.rejects(u.addUser(user("alice", "admin")), isInput(/exists already/));
      await assert.rejects(u.addUser(user("Bob")), isInput(/user "Bob".*a-z 0-9/));
      await assert.rejects(u.addUser(user("has space")), isInput(/user "has space"/));
      await assert.rejects(u.addUser(user("x".repeat(65))), isInput(/1-64/));
      await assert.rejects(u.addUser(user("bob", "root" as UserRole)), isInput(/unknown role/));
      await assert.rejects(
        u.addUser(user("bob", "reader", { passwordHash: "hunter2" })),
        isInput(/\$scrypt\$/),
      );
      await assert.rejects(
        u.addUser(user("bob", "reader", { createdAt: -1 })),
        isInput(/createdAt/),
      );
      assert.deepEqual(
        (await u.listUsers()).map((x) => `${x.name} ${x.role}`),
        ["alice reader"],
      );
    }));

  it("changes role, password and disabled; false for an unknown user", () =>
    withStore(factory, async (s) => {
      const u = s.users;
      if (!u) return;
      await u.addUser(user("alice", "reader"));
      assert.equal(await u.setUserRole("alice", "analyst"), true);
      const other = HASH.replace("B".repeat(43), "C".repeat(43));
      assert.equal(await u.setUserPassword("alice", other), true);
      assert.equal(await u.setUserDisabled("alice", true), true);
      assert.deepEqual(await u.getUser("alice"), {
        ...user("alice", "analyst"),
        passwordHash: other,
        disabled: true,
      });
      assert.equal(await u.setUserDisabled("alice", false), true);
      assert.equal((await u.getUser("alice"))?.disabled, false);
      assert.equal(await u.setUserRole("nobody", "admin"), false);
      assert.equal(await u.setUserPassword("nobody", other), false);
      assert.equal(await u.setUserDisabled("nobody", true), false);
      assert.equal(await u.removeUser("nobody", T), false);
      await assert.rejects(u.setUserRole("alice", "god" as UserRole), isInput(/unknown role/));
      assert.equal((await u.getUser("alice"))?.role, "analyst");
    }));

  it("never leaves no enabled admin where there was one", () =>
    withStore(factory, async (s) => {
      const u = s.users;
      if (!u) return;
      await u.addUser(user("root", "admin"));
      await u.addUser(user("ann", "analyst"));
      const last = isInput(/root is the last enabled admin/);
      await assert.rejects(u.setUserRole("root", "analyst"), last);
      await assert.rejects(u.setUserDisabled("root", true), last);
      await assert.rejects(u.removeUser("root", T), last);
      assert.equal(await u.setUserRole("root", "admin"), true, "an admin staying admin");
      // With a second enabled admin, the first may go; then the second is the last.
      await u.addUser(user("sue", "admin", { disabled: true }));
      await assert.rejects(u.removeUser("root", T), last, "a disabled admin does not count");
      assert.equal(await u.setUserDisabled("sue", false), true);
      assert.equal(await u.setUserRole("root", "reader"), true);
      await assert.rejects(u.removeUser("sue", T), isInput(/sue is the last enabled admin/));
      assert.equal(await u.removeUser("ann", T), true, "others come and go");
      assert.deepEqual(
        (await u.listUsers()).map((x) => `${x.name} ${x.role}`),
        ["root reader", "sue admin"],
      );
    }));

  it("removing a user revokes their API keys (kept listed) and ends their sessions", () =>
    withStore(factory, async (s) => {
      const { users: u, apiKeys: keys, sessions } = s;
      if (!u || !keys || !sessions) return;
      await u.addUser(user("alice", "analyst"));
      await u.addUser(user("bob", "reader"));
      const k = { name: "k", role: "admin" as const, hash: "ab".repeat(32), createdAt: T };
      await keys.addApiKey({ ...k, id: "alice1", user: "alice" });
      await keys.addApiKey({ ...k, id: "alice2", user: "alice", revokedAt: T + 1 });
      await keys.addApiKey({ ...k, id: "bob1", user: "bob" });
      await keys.addApiKey({ ...k, id: "legacy" });
      const tok = (c: string) => c.repeat(43);
      await sessions.createSession(tok("a"), {
        user: "alice",
        createdAt: T,
        expiresAt: T + 99,
        lastUsedAt: T,
      });
      await sessions.createSession(tok("b"), {
        user: "bob",
        createdAt: T,
        expiresAt: T + 99,
        lastUsedAt: T,
      });
      assert.equal(await u.removeUser("alice", T + 50), true);
      assert.equal(await u.getUser("alice"), undefined);
      const byId = new Map((await keys.listApiKeys()).map((x) => [x.id, x]));
      assert.equal(byId.get("alice1")?.revokedAt, T + 50);
      assert.equal(byId.get("alice1")?.user, "alice", "who had access stays on record");
      assert.equal(byId.get("alice2")?.revokedAt, T + 1, "the first revocation stands");
      assert.equal(byId.get("bob1")?.revokedAt, undefined);
      assert.equal(byId.get("legacy")?.revokedAt, undefined);
      assert.equal(await sessions.getSession(tok("a"), T), undefined);
      assert.equal((await sessions.getSession(tok("b"), T))?.user, "bob");
    }));

  it("keeps users across a reopen", async () => {
    if (!factory.reopen) return;
    const s = await factory.open();
    if (!s.users) return void (await s.close());
    await s.users.addUser(user("alice", "admin"));
    await s.close();
    const again = await factory.reopen(s);
    try {
      assert.deepEqual(await again.users?.getUser("alice"), user("alice", "admin"));
    } finally {
      await again.close();
    }
  });
}
