// The web UI's session: POST /api/v1/session logs in (an HttpOnly, SameSite=Strict
// cookie and a CSRF token), GET shows it and slides its expiry, DELETE logs out; the
// read routes take the cookie as they take a key, with the user's current role, and
// a state-changing request on the cookie needs the CSRF token and our own Origin.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn, postLogin, type Login } from "./_session.js";

const IDLE = 3600;
const MAX = 5 * 3600;

describe("/api/v1/session", () => {
  let rig: ApiRig;
  let clock = 1_800_000_000;
  before(async () => {
    rig = await inProcessRig({
      now: () => clock,
      sessionIdleSeconds: IDLE,
      sessionMaxSeconds: MAX,
      loginPerUser: 1000,
      loginPerAddress: 1000,
    });
    await addUser(rig, "alice", "reader");
    await addUser(rig, "root", "admin");
    await addUser(rig, "ann", "analyst");
  });
  after(() => rig.close());

  const whoami = (l: Pick<Login, "cookie">) =>
    rig.request("/api/v1/session", { headers: { cookie: l.cookie } });

  it("logs in: the user, role and CSRF token, and a session cookie with the strict attributes", async () => {
    const res = await postLogin(rig, "alice");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ["csrfToken", "role", "user"]);
    assert.equal(body.user, "alice");
    assert.equal(body.role, "reader");
    assert.match(String(body.csrfToken), /^[A-Za-z0-9_-]{43}$/);
    const set = res.headers.get("set-cookie")!;
    assert.match(set, /^dnsight_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    // Plain HTTP here: no Secure (test/integration/api-session-tls.test.ts has TLS).
    assert.doesNotMatch(set, /Secure/);
  });

  it("answers GET with the same body for the cookie, 401 (no Basic challenge) without or with a bad one", async () => {
    const l = await logIn(rig, "root");
    const res = await whoami(l);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), l.body);
    for (const cookie of [undefined, "dnsight_session=nope", `dnsight_session=${"A".repeat(43)}`]) {
      const r = await rig.request("/api/v1/session", cookie ? { headers: { cookie } } : {});
      assert.equal(r.status, 401, String(cookie));
      assert.equal(r.headers.get("content-type"), "application/problem+json");
      // A Basic challenge would make a browser pop up its own dialog over the UI.
      assert.match(r.headers.get("www-authenticate")!, /^Cookie realm="dnsight"/);
      await r.body?.cancel();
    }
  });

  it("lets the cookie read the API with the user's role, as it is now", async () => {
    const reader = await logIn(rig, "alice");
    const admin = await logIn(rig, "root");
    const read = await rig.get("/api/v1/pdns/search?query=www.example.com", {
      cookie: reader.cookie,
    });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { rows: unknown[] }).rows.length, 5);
    const denied = await rig.get("/api/v1/apikeys", { cookie: reader.cookie });
    assert.equal(denied.status, 403);
    assert.match(
      ((await denied.json()) as { detail: string }).detail,
      /admin role; alice is reader/,
    );
    assert.equal((await rig.get("/api/v1/apikeys", { cookie: admin.cookie })).status, 200);
    // Promoted: the same session may now do more; demoted back: less.
    await rig.store.users!.setUserRole("alice", "admin");
    assert.equal((await rig.get("/api/v1/apikeys", { cookie: reader.cookie })).status, 200);
    await rig.store.users!.setUserRole("alice", "reader");
    assert.equal((await rig.get("/api/v1/apikeys", { cookie: reader.cookie })).status, 403);
  });

  it("refuses a disabled user's session, on the session route and the read routes", async () => {
    await addUser(rig, "dora", "reader");
    const l = await logIn(rig, "dora");
    await rig.store.users!.setUserDisabled("dora", true);
    const res = await whoami(l);
    assert.equal(res.status, 401);
    assert.match(res.headers.get("set-cookie")!, /^dnsight_session=; .*Max-Age=0/);
    const read = await rig.get("/api/v1/alerts", { cookie: l.cookie });
    assert.equal(read.status, 401);
  });

  it("ends an idle session, slides one in use, and ends any at its maximum age", async () => {
    const idle = await logIn(rig, "alice");
    const used = await logIn(rig, "alice");
    for (let i = 0; i < 4; i++) {
      clock += IDLE - 60;
      assert.equal((await whoami(used)).status, 200, `use ${i}`);
    }
    // Four idle periods less four minutes have passed: the unused session is gone.
    assert.equal((await whoami(idle)).status, 401);
    clock += 2 * (IDLE - 60);
    // Past five hours since login: gone however much it was used.
    assert.equal((await whoami(used)).status, 401);
  });

  it("protects logout: no token, a wrong token, a foreign Origin are 403; the right ones log out", async () => {
    const l = await logIn(rig, "alice");
    const del = (headers: Record<string, string>) =>
      rig.request("/api/v1/session", {
        method: "DELETE",
        headers: { cookie: l.cookie, ...headers },
      });
    const wrongs: Array<Record<string, string>> = [
      {},
      { "x-csrf-token": "x".repeat(43) },
      { "x-csrf-token": (await logIn(rig, "alice")).csrf },
      { "x-csrf-token": l.csrf, origin: "http://evil.example" },
      { "x-csrf-token": l.csrf, origin: "null" },
    ];
    for (const h of wrongs) {
      const res = await del(h);
      assert.equal(res.status, 403, JSON.stringify(h));
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      await res.body?.cancel();
      assert.equal((await whoami(l)).status, 200, "still logged in");
    }
    const res = await del({ "x-csrf-token": l.csrf, origin: "http://localhost" });
    assert.equal(res.status, 204);
    assert.equal(
      res.headers.get("set-cookie"),
      "dnsight_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
    );
    assert.equal((await whoami(l)).status, 401);
    assert.equal((await rig.get("/api/v1/alerts", { cookie: l.cookie })).status, 401);
    assert.equal((await del({ "x-csrf-token": l.csrf })).status, 401);
  });

  it("refuses a login from another site's page, takes one from ours", async () => {
    const evil = await postLogin(rig, "alice", undefined, { origin: "https://evil.example" });
    assert.equal(evil.status, 403);
    assert.doesNotMatch(evil.headers.get("set-cookie") ?? "", /dnsight_session=[A-Za-z0-9_-]/);
    const ours = await postLogin(rig, "alice", undefined, { origin: "http://localhost" });
    assert.equal(ours.status, 200);
  });

  it("takes an API key first, with no CSRF token, even beside a stale cookie", async () => {
    const res = await rig.get("/api/v1/alerts", {
      "x-api-key": rig.key,
      cookie: "dnsight_session=" + "B".repeat(43),
    });
    assert.equal(res.status, 200);
  });
});
