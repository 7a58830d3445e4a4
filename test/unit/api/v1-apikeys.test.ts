// /api/v1/apikeys (admin): create (the key shown once, acting as its user within its
// role), list (never the key), revoke (it stops at once, stays listed).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn, sessionHeaders, signIn, type Login } from "./_session.js";
import { call, named } from "./_admin.js";

describe("/api/v1/apikeys", () => {
  let rig: ApiRig;
  let admin: Record<string, string>;
  let adam: Login;
  before(async () => {
    rig = await inProcessRig();
    admin = { "x-api-key": rig.adminKey };
    adam = await signIn(rig, "adam", "admin");
    await addUser(rig, "ann", "analyst");
  });
  after(() => rig.close());

  it("creates a key for the caller's user by default; it works, as a read key", async () => {
    const made = await call(rig, "POST", "/apikeys", sessionHeaders(adam), {
      name: "adam's script",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.headers.get("cache-control"), "no-store");
    const { id, key, name, role, user, createdAt } = made.body;
    assert.match(String(key), new RegExp(`^dns_${String(id)}_`));
    assert.deepEqual({ name, role, user }, { name: "adam's script", role: "read", user: "adam" });
    assert.equal(typeof createdAt, "number");
    const h = { "x-api-key": String(key) };
    assert.equal((await call(rig, "GET", "/alerts", h)).status, 200);
    assert.equal((await call(rig, "GET", "/users", h)).status, 403, "a read key stays read-only");
    const list = await call(rig, "GET", "/apikeys", admin);
    const listed = (list.body.keys as Array<Record<string, unknown>>).find((k) => k.id === id);
    assert.deepEqual(listed, { id, name, role, user, createdAt });
  });

  it("an admin key for a user acts as that user; a key of an old admin key has no user", async () => {
    const made = await call(rig, "POST", "/apikeys", admin, {
      name: "ann",
      role: "admin",
      user: "ann",
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.user, "ann");
    const h = { "x-api-key": String(made.body.key) };
    assert.equal((await call(rig, "GET", "/users", h)).status, 403, "ann is an analyst");
    const own = await call(rig, "POST", "/apikeys", admin, { name: "ops" });
    assert.equal(own.status, 201);
    assert.equal("user" in own.body, false);
  });

  it("answers a bad body 400 naming the field, an unknown user included", async () => {
    assert.deepEqual(named(await call(rig, "POST", "/apikeys", admin, { role: "root" })), [
      "name",
      "role",
    ]);
    assert.deepEqual(
      named(await call(rig, "POST", "/apikeys", admin, { name: "x", user: "No One" })),
      ["user"],
    );
    assert.deepEqual(named(await call(rig, "POST", "/apikeys", admin, { name: "x".repeat(201) })), [
      "name",
    ]);
    const nobody = await call(rig, "POST", "/apikeys", admin, { name: "x", user: "nobody" });
    assert.equal(nobody.status, 400);
    assert.match(nobody.body.detail!, /"user": no enabled user named nobody/);
    const none = await call(rig, "POST", "/apikeys", admin);
    assert.equal(none.status, 400);
  });

  it("refuses callers below admin", async () => {
    const ann = await logIn(rig, "ann");
    const callers: Array<Record<string, string>> = [{ "x-api-key": rig.key }, sessionHeaders(ann)];
    for (const h of callers) {
      assert.equal((await call(rig, "POST", "/apikeys", h, { name: "x" })).status, 403);
      assert.equal((await call(rig, "DELETE", "/apikeys/no-such-id", h)).status, 403);
      assert.equal((await call(rig, "GET", "/apikeys", h)).status, 403);
    }
  });

  it("revokes: the key stops at once and stays listed; twice is fine; unknown is 404", async () => {
    const made = await call(rig, "POST", "/apikeys", admin, { name: "temp" });
    const id = String(made.body.id);
    const h = { "x-api-key": String(made.body.key) };
    assert.equal((await call(rig, "GET", "/alerts", h)).status, 200);
    assert.equal((await call(rig, "DELETE", `/apikeys/${id}`, admin)).status, 204);
    const refused = await call(rig, "GET", "/alerts", h);
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail!, /revoked/);
    const at = (await rig.store.apiKeys!.getApiKey(id))?.revokedAt;
    assert.equal(typeof at, "number");
    assert.equal((await call(rig, "DELETE", `/apikeys/${id}`, admin)).status, 204);
    assert.equal(
      (await rig.store.apiKeys!.getApiKey(id))?.revokedAt,
      at,
      "the first revocation's time stays",
    );
    assert.equal((await call(rig, "DELETE", "/apikeys/0123456789ab", admin)).status, 404);
  });
});
