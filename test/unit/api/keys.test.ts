import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { checkApiKey, hashApiKey, newApiKey } from "../../../src/api/keys.js";
import { openStore } from "../../../src/store/open.js";
import { cli } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const dir = makeTmpDir("keys", { after });

describe("API keys", () => {
  it("are random, prefixed, 32 random bytes, and stored only as SHA-256", () => {
    const a = newApiKey("a", "read", 1_700_000_000.7);
    const b = newApiKey("a", "read");
    assert.notEqual(a.key, b.key);
    assert.match(a.key, /^dns_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(a.key.slice(17), "base64url").length, 32);
    assert.equal(a.stored.id, a.key.slice(4, 16));
    assert.equal(a.stored.hash, hashApiKey(a.key));
    assert.equal(a.stored.createdAt, 1_700_000_000);
    assert.equal(JSON.stringify(a.stored).includes(a.key.slice(17)), false);
  });

  it("check: valid, unknown, malformed, tampered, revoked", async () => {
    const store = await openStore(join(dir.path, "check.db"));
    try {
      const keys = store.apiKeys!;
      const { key, stored } = newApiKey("ops", "admin");
      await keys.addApiKey(stored);
      assert.deepEqual(await checkApiKey(keys, key), {
        ok: true,
        key: { id: stored.id, name: "ops", role: "admin", createdAt: stored.createdAt },
      });
      assert.deepEqual(await checkApiKey(keys, "hello"), { ok: false, why: "malformed" });
      const other = newApiKey("x", "read").key;
      assert.deepEqual(await checkApiKey(keys, other), { ok: false, why: "unknown" });
      const last = key.at(-1) === "A" ? "B" : "A";
      assert.deepEqual(await checkApiKey(keys, key.slice(0, -1) + last), {
        ok: false,
        why: "unknown",
      });
      await keys.revokeApiKey(stored.id, stored.createdAt + 1);
      assert.deepEqual(await checkApiKey(keys, key), { ok: false, why: "revoked" });
    } finally {
      await store.close();
    }
  });
});

describe("dnsight apikey", () => {
  const db = join(dir.path, "cli.db");
  const env = { ...process.env, DNSIGHT_DB: db };

  it("create prints only the key; list shows id, role, name, never the key; revoke", async () => {
    const made = await cli(["apikey", "create", "--name", "soc laptop", "--role", "admin"], {
      env,
    });
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /^dns_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    const key = made.stdout.trim();
    const id = key.slice(4, 16);
    assert.match(made.stderr, new RegExp(`created API key ${id} \\(admin, soc laptop\\)`));
    const plain = await cli(["apikey", "create"], { env });
    assert.equal(plain.status, 0);

    const list = await cli(["apikey", "list"], { env });
    assert.equal(list.status, 0);
    assert.equal(list.stdout.includes(key.slice(17)), false);
    const lines = list.stdout.trim().split("\n");
    assert.equal(lines.length, 2);
    // Both were created in the same second or so: ties are in id order, so find by id.
    const mine = lines.find((l) => l.startsWith(`${id}\t`));
    assert.match(mine ?? "", /^[0-9a-f]{12}\tadmin\t\d{4}-\d\d-\d\dT[\d:]+Z\tactive\tsoc laptop$/);
    const other = lines.find((l) => l !== mine);
    assert.match(other ?? "", /\tread\t.*\tactive\t-$/);

    assert.equal((await cli(["apikey", "revoke", id], { env })).status, 0);
    const json = await cli(["apikey", "list", "--json"], { env });
    const first = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>)
      .find((k) => k.id === id)!;
    assert.match(first.revoked ?? "", /Z$/);
    // Revoking it again is not a quiet success: it says when it was revoked.
    const twice = await cli(["apikey", "revoke", id], { env });
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, new RegExp(`API key ${id} was already revoked at ${first.revoked}`));

    const missing = await cli(["apikey", "revoke", "000000000000"], { env });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no API key with id "000000000000"/);
    const badRole = await cli(["apikey", "create", "--role", "root"], { env });
    assert.equal(badRole.status, 2);
  });
});
