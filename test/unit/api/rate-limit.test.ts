// Rate limits per key and per user, told in the RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers-09 on every answer of a keyed route: the v1
// routes (sessions and keys), and the DNSDB and CIRCL endpoints.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApiKey } from "../../../src/api/keys.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn } from "./_session.js";

const FIELD = /^"(key|user)";r=(\d+);t=(\d+)(?:, "(key|user)";r=(\d+);t=(\d+))?$/;

/** The RateLimit field as { policy: remaining }. */
function remaining(res: Response): Record<string, number> {
  const v = res.headers.get("ratelimit") ?? "";
  const m = FIELD.exec(v);
  assert.ok(m, `RateLimit: ${v}`);
  const out: Record<string, number> = { [m[1]!]: Number(m[2]) };
  if (m[4] !== undefined) out[m[4]] = Number(m[5]);
  return out;
}

describe("rate limits and the RateLimit fields", () => {
  let rig: ApiRig;
  let aliceKey: string;
  before(async () => {
    rig = await inProcessRig({ burstSize: 5, burstWindow: 60 });
    await addUser(rig, "alice", "analyst");
    const { key, stored } = newApiKey("alice's", "read");
    stored.user = "alice";
    await rig.store.apiKeys!.addApiKey(stored);
    aliceKey = key;
  });
  after(() => rig.close());

  it("a key's answer states the policy and what is left, errors included", async () => {
    const res = await rig.get("/api/v1/pdns/search?query=www.example.com");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("ratelimit-policy"), '"key";q=5;w=60');
    assert.deepEqual(remaining(res), { key: 4 });
    const bad = await rig.get("/api/v1/pdns/search?limit=zero");
    assert.equal(bad.status, 400);
    assert.deepEqual(remaining(bad), { key: 3 }, "a refused query is counted and told");
    const t = Number(/t=(\d+)/.exec(bad.headers.get("ratelimit")!)![1]);
    assert.ok(t >= 23 && t <= 24, `two tokens come back in 24 s, t=${t}`);
  });

  it("a user's key and sessions draw from one user bucket; 429 with Retry-After when it is empty", async () => {
    const { cookie } = await logIn(rig, "alice");
    const viaKey = await rig.get("/api/v1/alerts", { "x-api-key": aliceKey });
    assert.equal(viaKey.status, 200);
    assert.equal(viaKey.headers.get("ratelimit-policy"), '"key";q=5;w=60, "user";q=5;w=60');
    assert.deepEqual(remaining(viaKey), { key: 4, user: 4 });
    for (let i = 3; i >= 0; i--) {
      const res = await rig.get("/api/v1/alerts", { cookie });
      assert.equal(res.status, 200);
      assert.deepEqual(remaining(res), { user: i });
    }
    const over = await rig.get("/api/v1/alerts", { cookie });
    assert.equal(over.status, 429);
    assert.equal(over.headers.get("retry-after"), "12");
    assert.deepEqual(remaining(over), { user: 0 });
    assert.match(((await over.json()) as { detail: string }).detail, /for this user alice/);
    const keyToo = await rig.get("/api/v1/alerts", { "x-api-key": aliceKey });
    assert.equal(keyToo.status, 429, "the user's key shares the empty user bucket");
    assert.deepEqual(remaining(keyToo), { key: 4, user: 0 }, "nothing was taken");
  });

  it("the DNSDB and CIRCL endpoints carry the fields; dnsdb's own JSON is unchanged", async () => {
    const { key } = await rig.addKey("read");
    const h = { "x-api-key": key };
    const ping = await rig.get("/dnsdb/v2/ping", h);
    assert.deepEqual(await ping.json(), { ping: "ok" });
    assert.deepEqual(remaining(ping), { key: 5 }, "ping is free, and says so");
    const look = await rig.get("/dnsdb/v2/lookup/rrset/name/www.example.com", h);
    assert.equal(look.status, 200);
    await look.text();
    assert.deepEqual(remaining(look), { key: 4 });
    const circl = await rig.get("/pdns/query/www.example.com", h);
    await circl.text();
    assert.deepEqual(remaining(circl), { key: 3 });
    const unkeyed = await rig.get("/dnsdb/v2/ping", {});
    assert.equal(unkeyed.status, 401);
    assert.equal(unkeyed.headers.get("ratelimit"), null, "no key, no bucket");
  });

  it("no fields when the rate limit is off", async () => {
    const off = await inProcessRig({ burstSize: 0 });
    try {
      const res = await off.get("/api/v1/alerts");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("ratelimit"), null);
    } finally {
      await off.close();
    }
  });
});
