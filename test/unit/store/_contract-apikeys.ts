import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { StoredApiKey } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";
import { user } from "./_contract-users.js";

const T = 1_700_000_000;

function key(id: string, over: Partial<StoredApiKey> = {}): StoredApiKey {
  return { id, name: `key ${id}`, role: "read", hash: "ab".repeat(32), createdAt: T, ...over };
}

const isInput = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && pattern.test(e.message);

/** API keys: a small table keyed by id. Skipped by a backend without them. */
export function apiKeyTests(factory: StoreFactory): void {
  it("adds, gets and lists keys, oldest first, without the hash in the list", async () => {
    await withStore(factory, async (s) => {
      const keys = s.apiKeys;
      if (!keys) return;
      assert.deepEqual(await keys.listApiKeys(), []);
      await keys.addApiKey(key("bbb", { createdAt: T + 5, role: "admin", hash: "0".repeat(64) }));
      await keys.addApiKey(key("aaa"));
      await keys.addApiKey(key("ccc", { createdAt: T }));
      assert.deepEqual(await keys.getApiKey("bbb"), {
        id: "bbb",
        name: "key bbb",
        role: "admin",
        hash: "0".repeat(64),
        createdAt: T + 5,
      });
      assert.equal(await keys.getApiKey("zzz"), undefined);
      const list = await keys.listApiKeys();
      assert.deepEqual(
        list.map((k) => k.id),
        ["aaa", "ccc", "bbb"],
      );
      for (const k of list) assert.equal("hash" in k, false);
    });
  });

  it("revokes a key once: the first time stands, unknown ids are false", async () => {
    await withStore(factory, async (s) => {
      const keys = s.apiKeys;
      if (!keys) return;
      await keys.addApiKey(key("aaa"));
      assert.equal(await keys.revokeApiKey("aaa", T + 10), true);
      assert.equal(await keys.revokeApiKey("aaa", T + 20), true);
      assert.equal(await keys.revokeApiKey("nope", T + 10), false);
      assert.equal((await keys.getApiKey("aaa"))?.revokedAt, T + 10);
      assert.equal((await keys.listApiKeys())[0]?.revokedAt, T + 10);
    });
  });

  it("refuses a taken id and invalid fields, writing nothing", async () => {
    await withStore(factory, async (s) => {
      const keys = s.apiKeys;
      if (!keys) return;
      await keys.addApiKey(key("aaa"));
      await assert.rejects(keys.addApiKey(key("aaa", { name: "again" })), isInput(/exists/));
      await assert.rejects(
        keys.addApiKey(key("bbb", { role: "root" as "read" })),
        isInput(/unknown role/),
      );
      await assert.rejects(keys.addApiKey(key("ccc", { hash: "xyz" })), isInput(/hash/));
      await assert.rejects(keys.addApiKey(key("has space")), isInput(/id/));
      assert.deepEqual(
        (await keys.listApiKeys()).map((k) => k.name),
        ["key aaa"],
      );
    });
  });

  it("keeps the user a key belongs to, and refuses a user that does not exist", async () => {
    await withStore(factory, async (s) => {
      const { apiKeys: keys, users } = s;
      if (!keys || !users) return;
      await users.addUser(user("alice", "analyst"));
      await keys.addApiKey(key("owned", { user: "alice" }));
      await keys.addApiKey(key("legacy", { createdAt: T + 1 }));
      assert.equal((await keys.getApiKey("owned"))?.user, "alice");
      assert.deepEqual(
        (await keys.listApiKeys()).map((k) => `${k.id} ${k.user ?? "-"}`),
        ["owned alice", "legacy -"],
      );
      assert.equal("user" in (await keys.getApiKey("legacy"))!, false, "no user is absent");
      await assert.rejects(
        keys.addApiKey(key("ghost", { user: "nobody" })),
        isInput(/no user named nobody/),
      );
      await assert.rejects(keys.addApiKey(key("bad", { user: "Alice" })), isInput(/bad user name/));
      assert.equal(await keys.getApiKey("ghost"), undefined);
    });
  });

  it("keeps keys across a reopen", async () => {
    if (!factory.reopen) return;
    const s = await factory.open();
    if (!s.apiKeys) return void (await s.close());
    await s.apiKeys.addApiKey(key("aaa"));
    await s.close();
    const again = await factory.reopen(s);
    try {
      assert.equal((await again.apiKeys?.getApiKey("aaa"))?.hash, "ab".repeat(32));
    } finally {
      await again.close();
    }
  });
}
