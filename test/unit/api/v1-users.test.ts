// /api/v1/users (admin): add, list, change and remove users on the store calls of
// `dnsight user`; a disabled or removed user's sessions end and their keys stop.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApiKey } from "../../../src/api/keys.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn, PASSWORD, sessionHeaders, signIn, type Login } from "./_session.js";
import { call, named } from "./_admin.js";

describe("/api/v1/users", () => {
  let rig: ApiRig;
  let admin: Record<string, string>;
  let adam: Login;
  before(async () => {
    rig = await inProcessRig();
    admin = { "x-api-key": rig.adminKey };
    adam = await signIn(rig, "adam", "admin");
    await addUser(rig, "rita", "reader");
  });
  after(() => rig.close());

  it("adds a user who can then log in, lists users, never their hashes", async () => {
    const made = await call(rig, "POST", "/users", admin, {
      name: "bob",
      role: "analyst",
      password: PASSWORD,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.name, "bob");
    assert.equal(made.body.role, "analyst");
    assert.equal(made.body.disabled, false);
    assert.equal(typeof made.body.createdAt, "number");
    const bob = await logIn(rig, "bob");
    assert.equal(bob.body.role, "analyst");
    const list = await call(rig, "GET", "/users", admin);
    assert.equal(list.status, 200);
    const users = list.body.users as Array<Record<string, unknown>>;
    assert.deepEqual(
      users.map((u) => `${String(u.name)}:${String(u.role)}`),
      ["adam:admin", "bob:analyst", "rita:reader"],
    );
    assert.ok(users.every((u) => !("passwordHash" in u)));
    const again = await call(rig, "POST", "/users", admin, {
      name: "bob",
      role: "reader",
      password: PASSWORD,
    });
    assert.equal(again.status, 409, "the name is taken");
  });

  it("answers a bad body 400, naming each field", async () => {
    const bad = await call(rig, "POST", "/users", admin, {
      name: "Bob Smith",
      role: "root",
      password: "short",
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(named(bad), ["name", "password", "role"]);
    assert.match(bad.body.detail!, /shorter than 8 characters/);
    assert.deepEqual(
      named(await call(rig, "POST", "/users", admin, { name: "x", password: PASSWORD })),
      ["role"],
    );
    assert.deepEqual(
      named(
        await call(rig, "POST", "/users", admin, {
          name: "x",
          role: "reader",
          password: PASSWORD,
          admin: true,
        }),
      ),
      ["admin"],
    );
    const empty = await call(rig, "PATCH", "/users/rita", admin, {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.detail!, /give role, disabled or password/);
    assert.deepEqual(named(await call(rig, "PATCH", "/users/rita", admin, { disabled: "yes" })), [
      "disabled",
    ]);
    assert.equal(
      (await call(rig, "PATCH", "/users/nobody", admin, { role: "reader" })).status,
      404,
    );
  });

  it("refuses every caller below admin, and a cookie without its CSRF token", async () => {
    const rita = await logIn(rig, "rita");
    const body = { name: "eve", role: "admin", password: PASSWORD };
    const callers: Array<Record<string, string>> = [
      { "x-api-key": rig.key },
      sessionHeaders(rita),
      { cookie: adam.cookie },
    ];
    for (const h of callers) {
      assert.equal((await call(rig, "POST", "/users", h, body)).status, 403, JSON.stringify(h));
      assert.equal((await call(rig, "DELETE", "/users/rita", h)).status, 403);
    }
    assert.equal((await call(rig, "GET", "/users", { cookie: rita.cookie })).status, 403);
    const ok = await call(rig, "POST", "/users", sessionHeaders(adam), body);
    assert.equal(ok.status, 201, "an admin's cookie with its token");
  });

  it("changes role, disables (sessions end, keys stop) and enables; a new password ends sessions", async () => {
    await addUser(rig, "carl", "reader");
    const { key, stored } = newApiKey("carl's", "admin");
    stored.user = "carl";
    await rig.store.apiKeys!.addApiKey(stored);
    const carlKey = { "x-api-key": key };
    const carl = await logIn(rig, "carl");
    const promoted = await call(rig, "PATCH", "/users/carl", admin, { role: "admin" });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, "admin");
    assert.equal(
      (await call(rig, "GET", "/users", carlKey)).status,
      200,
      "the key acts as admin now",
    );
    assert.equal((await call(rig, "GET", "/users", { cookie: carl.cookie })).status, 200);

    const off = await call(rig, "PATCH", "/users/carl", admin, { disabled: true });
    assert.equal(off.status, 200);
    assert.equal(off.body.disabled, true);
    assert.equal((await call(rig, "GET", "/alerts", { cookie: carl.cookie })).status, 401);
    assert.equal((await call(rig, "GET", "/alerts", carlKey)).status, 403);
    assert.equal((await call(rig, "PATCH", "/users/carl", admin, { disabled: false })).status, 200);
    assert.equal((await call(rig, "GET", "/alerts", carlKey)).status, 200, "the key works again");

    const again = await logIn(rig, "carl");
    const pw = await call(rig, "PATCH", "/users/carl", admin, { password: "a new long password" });
    assert.equal(pw.status, 200);
    assert.equal((await call(rig, "GET", "/alerts", { cookie: again.cookie })).status, 401);
    await logIn(rig, "carl", "a new long password");
  });

  it("keeps the last enabled admin (409), removes others: sessions end, keys revoked", async () => {
    await addUser(rig, "solo", "admin");
    // Three admins now (adam, carl, solo): make carl and solo go, then adam is the last.
    for (const name of ["carl", "solo"])
      assert.equal((await call(rig, "DELETE", `/users/${name}`, admin)).status, 204);
    const eve = await call(rig, "GET", "/users", admin);
    for (const u of eve.body.users as Array<{ name: string; role: string }>)
      if (u.role === "admin" && u.name !== "adam")
        assert.equal((await call(rig, "DELETE", `/users/${u.name}`, admin)).status, 204);
    for (const change of [{ role: "reader" }, { disabled: true }]) {
      const refused = await call(rig, "PATCH", "/users/adam", admin, change);
      assert.equal(refused.status, 409, JSON.stringify(change));
      assert.match(refused.body.detail!, /last enabled admin/);
    }
    assert.equal((await call(rig, "DELETE", "/users/adam", admin)).status, 409);
    const still = await call(rig, "GET", "/users", { cookie: adam.cookie });
    assert.equal(still.status, 200, "adam is still an admin, logged in");

    await addUser(rig, "dora", "reader");
    const { key, stored } = newApiKey("dora's", "read");
    stored.user = "dora";
    await rig.store.apiKeys!.addApiKey(stored);
    const dora = await logIn(rig, "dora");
    assert.equal((await call(rig, "DELETE", "/users/dora", admin)).status, 204);
    assert.equal((await call(rig, "GET", "/alerts", { cookie: dora.cookie })).status, 401);
    assert.equal((await call(rig, "GET", "/alerts", { "x-api-key": key })).status, 403);
    assert.equal((await rig.store.apiKeys!.getApiKey(stored.id))?.revokedAt !== undefined, true);
    assert.equal((await call(rig, "DELETE", "/users/dora", admin)).status, 404);
    assert.deepEqual(named(await call(rig, "DELETE", "/users/NOT%20A%20NAME", admin)), ["name"]);
  });
});
