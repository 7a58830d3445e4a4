// Logging in, from an attacker's side: a wrong password, an unknown name and a
// disabled user are one 401 after the same work; every attempt is audited without
// the password; attempts are rationed per name and per address (429 + Retry-After);
// the body is JSON, capped, and only this route (of the read-only API) takes one.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_SCRYPT } from "../../../src/util/password.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, PASSWORD, postLogin } from "./_session.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function timed(f: () => Promise<Response>): Promise<{ ms: number; res: Response }> {
  const t0 = performance.now();
  const res = await f();
  await res.clone().text();
  return { ms: performance.now() - t0, res };
}

describe("POST /api/v1/session, attacked", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ loginPerUser: 1000, loginPerAddress: 1000 });
    // The real cost: the dummy hash of an unknown name is made with these parameters.
    await addUser(rig, "alice", "analyst", DEFAULT_SCRYPT);
    await addUser(rig, "dis", "reader", DEFAULT_SCRYPT);
    await rig.store.users!.setUserDisabled("dis", true);
  });
  after(() => rig.close());

  it("gives a wrong password, an unknown user and a disabled user one 401, in the same time", async () => {
    const cases = {
      wrong: () => postLogin(rig, "alice", "not the password"),
      unknown: () => postLogin(rig, "mallory", "not the password"),
      disabled: () => postLogin(rig, "dis", PASSWORD),
    };
    const times: Record<string, number[]> = { wrong: [], unknown: [], disabled: [] };
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++)
      for (const [k, f] of Object.entries(cases)) {
        const { ms, res } = await timed(f);
        assert.equal(res.status, 401, k);
        assert.equal(res.headers.get("set-cookie"), null);
        const p = (await res.json()) as { detail: string; instance: string };
        bodies.add(JSON.stringify(p));
        times[k]!.push(ms);
      }
    assert.equal(bodies.size, 1, [...bodies].join("\n"));
    assert.match([...bodies][0]!, /"wrong user name or password"/);
    const [w, u, d] = [median(times.wrong!), median(times.unknown!), median(times.disabled!)];
    // Each costs a full scrypt (tens of ms); skipping it for an unknown name would be ~1 ms.
    assert.ok(w > 10, `wrong ${w}`);
    for (const [k, t] of Object.entries({ unknown: u, disabled: d }))
      assert.ok(
        t > w / 2 && t < w * 2,
        `${k} ${t.toFixed(1)} ms vs wrong password ${w.toFixed(1)} ms`,
      );
  });

  it("audits each login and logout, the attempted name as actor, never the password", async () => {
    const ok = await postLogin(rig, "alice");
    const token = /dnsight_session=([^;]+)/.exec(ok.headers.get("set-cookie")!)![1]!;
    const { csrfToken } = (await ok.json()) as { csrfToken: string };
    await postLogin(rig, "nobody\u0007", "hunter2hunter2");
    const out = await rig.request("/api/v1/session", {
      method: "DELETE",
      headers: { cookie: `dnsight_session=${token}`, "x-csrf-token": csrfToken },
    });
    assert.equal(out.status, 204);
    const { entries } = await rig.store.audit!.queryAudit({ limit: 1000 });
    const text = JSON.stringify(entries);
    for (const secret of [PASSWORD, "hunter2hunter2", "not the password", token])
      assert.ok(!text.includes(secret), secret);
    const seen = (actor: string, action: string, outcome: string) =>
      entries.some((e) => e.actor === actor && e.action === action && e.outcome === outcome);
    assert.ok(seen("user:alice", "session.login", "ok"));
    assert.ok(seen("user:alice", "session.login", "denied"));
    assert.ok(seen("user:mallory", "session.login", "denied"));
    assert.ok(seen("user:dis", "session.login", "denied"));
    assert.ok(seen("user:nobody?", "session.login", "denied"), "control characters made printable");
    assert.ok(seen("user:alice", "session.logout", "ok"));
  });

  it("takes a body on the login only, as JSON, capped at 16 KiB", async () => {
    const send = (path: string, init: { method: string; body: string; type?: string }) =>
      rig.request(path, {
        method: init.method,
        headers: { "content-type": init.type ?? "application/json", "x-api-key": rig.key },
        body: init.body,
      });
    const problem = async (res: Response) =>
      (await res.json()) as { detail: string; errors?: unknown[] };
    const form = await send("/api/v1/session", {
      method: "POST",
      body: "user=a",
      type: "application/x-www-form-urlencoded",
    });
    assert.equal(form.status, 415);
    const big = await send("/api/v1/session", {
      method: "POST",
      body: JSON.stringify({ user: "alice", password: "x".repeat(17_000) }),
    });
    assert.equal(big.status, 413);
    assert.equal(big.headers.get("content-type"), "application/problem+json");
    const bad = await send("/api/v1/session", { method: "POST", body: "{" });
    assert.equal(bad.status, 400);
    const missing = await send("/api/v1/session", {
      method: "POST",
      body: JSON.stringify({ user: "alice" }),
    });
    assert.equal(missing.status, 400);
    assert.match((await problem(missing)).detail, /body field "password": is required/);
    const extra = await send("/api/v1/session", {
      method: "POST",
      body: JSON.stringify({ user: "a", password: "b", admin: true }),
    });
    assert.equal(extra.status, 400);
    // Routes without a body still refuse one unread.
    for (const [method, path] of [
      ["GET", "/api/v1/session"],
      ["GET", "/api/v1/alerts"],
      ["DELETE", "/api/v1/session"],
      ["POST", "/api/v1/alerts"],
    ] as const) {
      const res = await send(path, { method, body: "{}" });
      assert.equal(res.status, 413, `${method} ${path}`);
      await res.body?.cancel();
    }
  });
});

describe("POST /api/v1/session, rate-limited", () => {
  it("answers 429 with Retry-After past the name's attempts, the right password too, before hashing", async () => {
    const rig = await inProcessRig({ loginPerUser: 3, loginPerAddress: 100, loginWindow: 300 });
    try {
      await addUser(rig, "alice", "reader");
      for (let i = 0; i < 3; i++)
        assert.equal((await postLogin(rig, "alice", "guess " + i)).status, 401);
      const res = await postLogin(rig, "alice");
      assert.equal(res.status, 429);
      // One attempt per 100 s: the next comes within that (a little has refilled).
      const wait = Number(res.headers.get("retry-after"));
      assert.ok(wait > 90 && wait <= 100, String(wait));
      assert.match(((await res.json()) as { detail: string }).detail, /too many login attempts/);
      // Case does not make another name.
      assert.equal((await postLogin(rig, "ALICE")).status, 429);
      // Another name is not held back by alice's bucket.
      await addUser(rig, "bob", "reader");
      assert.equal((await postLogin(rig, "bob")).status, 200);
      // The refused attempts were not audited (a flood cannot fill the log).
      const { entries } = await rig.store.audit!.queryAudit({ actor: "user:alice" });
      assert.equal(entries.length, 3);
    } finally {
      await rig.close();
    }
  });

  it("answers 429 past the address's attempts, whatever names it tries", async () => {
    const rig = await inProcessRig({ loginPerUser: 100, loginPerAddress: 4, loginWindow: 60 });
    try {
      for (let i = 0; i < 4; i++) assert.equal((await postLogin(rig, `user${i}`)).status, 401);
      const res = await postLogin(rig, "user9");
      assert.equal(res.status, 429);
      const wait = Number(res.headers.get("retry-after"));
      assert.ok(wait > 10 && wait <= 15, String(wait));
    } finally {
      await rig.close();
    }
  });
});
