// Who may do what (src/store/roles.ts): an API key acts for its user within its own
// role's ceiling; a key from before users existed keeps its role.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keyRole, roleAtLeast, storedKeyRole } from "../../../src/store/roles.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { ApiKeyInfo, ApiKeyRole, UserInfo, UserRole } from "../../../src/store/types.js";

const key = (role: ApiKeyRole, over: Partial<ApiKeyInfo> = {}): ApiKeyInfo => ({
  id: "0123456789ab",
  name: "k",
  role,
  createdAt: 1,
  ...over,
});
const owner = (role: UserRole, over: Partial<UserInfo> = {}): UserInfo => ({
  name: "alice",
  role,
  createdAt: 1,
  disabled: false,
  ...over,
});

describe("roles", () => {
  it("ranks reader < analyst < admin", () => {
    assert.ok(roleAtLeast("admin", "analyst") && roleAtLeast("analyst", "analyst"));
    assert.ok(!roleAtLeast("reader", "analyst") && !roleAtLeast("analyst", "admin"));
  });

  it("a key without a user keeps its own role: read is reader, admin is admin", () => {
    assert.equal(keyRole(key("read"), undefined), "reader");
    assert.equal(keyRole(key("admin"), undefined), "admin");
  });

  it("a user's key acts as the user, a read key never above reader", () => {
    const cases: Array<[ApiKeyRole, UserRole, UserRole]> = [
      ["admin", "admin", "admin"],
      ["admin", "analyst", "analyst"],
      ["admin", "reader", "reader"],
      ["read", "admin", "reader"],
      ["read", "analyst", "reader"],
      ["read", "reader", "reader"],
    ];
    for (const [k, u, want] of cases)
      assert.equal(keyRole(key(k, { user: "alice" }), owner(u)), want, `${k} key of ${u}`);
  });

  it("a revoked key, or one whose user is gone, disabled or someone else, may do nothing", () => {
    const owned = key("admin", { user: "alice" });
    assert.equal(keyRole(key("admin", { revokedAt: 5 }), undefined), undefined);
    assert.equal(keyRole(owned, undefined), undefined, "user removed");
    assert.equal(keyRole(owned, owner("admin", { disabled: true })), undefined);
    assert.equal(keyRole(owned, owner("admin", { name: "bob" })), undefined);
  });

  it("reads the key's user from the store as it is now", async () => {
    const s = await openSqliteStore(":memory:");
    try {
      const hash = `$scrypt$ln=15,r=8,p=1$${"A".repeat(22)}$${"B".repeat(43)}`;
      await s.users!.addUser({ ...owner("analyst"), passwordHash: hash });
      await s.users!.addUser({ ...owner("admin", { name: "root" }), passwordHash: hash });
      const owned = key("admin", { user: "alice" });
      assert.equal(await storedKeyRole(s, owned), "analyst");
      await s.users!.setUserRole("alice", "reader");
      assert.equal(await storedKeyRole(s, owned), "reader", "demoted since");
      await s.users!.setUserDisabled("alice", true);
      assert.equal(await storedKeyRole(s, owned), undefined, "disabled since");
      assert.equal(await storedKeyRole(s, key("read")), "reader", "no user: its own role");
      assert.equal(await storedKeyRole({}, owned), undefined, "a store without users");
    } finally {
      await s.close();
    }
  });
});
