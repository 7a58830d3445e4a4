// An API key with a user acts as that user is now (src/store/roles.ts): a disabled or
// removed user's keys stop working at once, and an admin key of a user demoted to
// reader reads but administers nothing. Keys from before users existed are unchanged.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApiKey } from "../../../src/api/keys.js";
import type { ApiKeyRole } from "../../../src/store/types.js";
import { hashPassword } from "../../../src/util/password.js";
import { inProcessRig, type ApiRig } from "./_server.js";

describe("API keys that belong to a user", () => {
  let rig: ApiRig;
  let hash: string;
  const ownedKey = async (user: string, role: ApiKeyRole): Promise<string> => {
    const { key, stored } = newApiKey(`${user}'s ${role} key`, role);
    await rig.store.apiKeys!.addApiKey({ ...stored, user });
    return key;
  };
  const add = (name: string, role: "admin" | "analyst" | "reader") =>
    rig.store.users!.addUser({
      name,
      role,
      createdAt: 1_800_000_000,
      disabled: false,
      passwordHash: hash,
    });
  before(async () => {
    rig = await inProcessRig();
    hash = await hashPassword("correct horse battery");
    await add("ada", "admin");
  });
  after(() => rig.close());

  const status = async (path: string, key: string): Promise<number> => {
    const res = await rig.get(path, { "x-api-key": key });
    await res.arrayBuffer();
    return res.status;
  };

  it("an admin key acts within its user's role", async () => {
    await add("rita", "admin");
    const key = await ownedKey("rita", "admin");
    assert.equal(await status("/api/v1/apikeys", key), 200);
    await rig.store.users!.setUserRole("rita", "reader");
    assert.equal(await status("/api/v1/apikeys", key), 403, "demoted: no admin routes");
    assert.equal(await status("/api/v1/alerts", key), 200, "still reads");
    assert.equal(await status("/dnsdb/v2/rate_limit", key), 200);
  });

  it("a disabled user's keys stop, on v1 and DNSDB alike, and work again when enabled", async () => {
    await add("dan", "analyst");
    const key = await ownedKey("dan", "read");
    assert.equal(await status("/api/v1/alerts", key), 200);
    await rig.store.users!.setUserDisabled("dan", true);
    assert.equal(await status("/api/v1/alerts", key), 403);
    assert.equal(await status("/dnsdb/v2/rate_limit", key), 403);
    await rig.store.users!.setUserDisabled("dan", false);
    assert.equal(await status("/api/v1/alerts", key), 200);
  });

  it("a read key stays read-only under an admin user; keys without a user keep their role", async () => {
    const key = await ownedKey("ada", "read");
    assert.equal(await status("/api/v1/apikeys", key), 403);
    assert.equal(await status("/api/v1/apikeys", rig.adminKey), 200);
    assert.equal(await status("/api/v1/apikeys", rig.key), 403);
    const listed = (await (
      await rig.get("/api/v1/apikeys", { "x-api-key": rig.adminKey })
    ).json()) as { keys: { name: string; user?: string }[] };
    assert.equal(listed.keys.find((k) => k.name === "ada's read key")?.user, "ada");
    assert.equal(listed.keys.find((k) => k.name === "test admin")?.user, undefined);
  });
});
