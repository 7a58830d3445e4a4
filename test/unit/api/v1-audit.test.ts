// The audit trail of /api/v1 and GET /audit (admin): every state-changing call of a
// known caller is one entry (who, operationId, path parameters, ok/denied/failed),
// any route's, and the log is read newest first with filters and cursor paging.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../../../src/api/app-env.js";
import { newApiKey } from "../../../src/api/keys.js";
import { errorProblem } from "../../../src/api/v1/app.js";
import { auditTrail } from "../../../src/api/v1/audit-log.js";
import { access, KEYED_ERRORS } from "../../../src/api/v1/route.js";
import type { AuditRecord } from "../../../src/store/types.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn, PASSWORD, sessionHeaders, signIn, type Login } from "./_session.js";
import { call, named } from "./_admin.js";
import { handlerCtx } from "./_ctx.js";

describe("/api/v1 audit trail and GET /audit", () => {
  let rig: ApiRig;
  let admin: Record<string, string>;
  let adam: Login;
  let aliceKey: { key: string; id: string };
  before(async () => {
    rig = await inProcessRig();
    admin = { "x-api-key": rig.adminKey };
    adam = await signIn(rig, "adam", "admin");
    await addUser(rig, "rita", "reader");
    const { key, stored } = newApiKey("alice", "admin");
    stored.user = "adam";
    await rig.store.apiKeys!.addApiKey(stored);
    aliceKey = { key, id: stored.id };
  });
  after(() => rig.close());

  const entries = async (q = ""): Promise<AuditRecord[]> => {
    const a = await call(rig, "GET", `/audit${q}`, admin);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    return a.body.entries as AuditRecord[];
  };

  it("records who did what to which and how it went; logins once, stranger calls never", async () => {
    const cookie = sessionHeaders(adam);
    const rita = await logIn(rig, "rita");
    assert.equal(
      (
        await call(rig, "POST", "/users", cookie, {
          name: "bob",
          role: "reader",
          password: PASSWORD,
        })
      ).status,
      201,
    );
    assert.equal((await call(rig, "PATCH", "/users/bob", cookie, { role: "analyst" })).status, 200);
    assert.equal(
      (await call(rig, "DELETE", "/users/nobody", { "x-api-key": aliceKey.key })).status,
      404,
    );
    const legacy = await call(rig, "POST", "/apikeys", admin, { name: "ops" });
    assert.equal(legacy.status, 201);
    assert.equal((await call(rig, "DELETE", "/users/bob", sessionHeaders(rita))).status, 403);
    assert.equal((await call(rig, "DELETE", "/users/bob", {})).status, 401);
    assert.equal(
      (await call(rig, "DELETE", "/users/bob", { "x-api-key": "dns_nope" })).status,
      403,
    );
    const log = (await entries()).filter((e) => e.action !== "queryAudit");
    const view = log.map(({ actor, action, target, outcome, detail }) => ({
      actor,
      action,
      target,
      outcome,
      detail,
    }));
    assert.deepEqual(view, [
      {
        actor: "user:rita",
        action: "deleteUser",
        target: "name=bob",
        outcome: "denied",
        detail: "403: this needs the admin role; rita is reader",
      },
      {
        actor: `key:${rig.adminKey.split("_")[1]}`,
        action: "createApiKey",
        target: String(legacy.body.id),
        outcome: "ok",
        detail: "role read, ops",
      },
      {
        actor: "user:adam",
        action: "deleteUser",
        target: "name=nobody",
        outcome: "failed",
        detail: `API key ${aliceKey.id}; 404: no user named nobody`,
      },
      {
        actor: "user:adam",
        action: "updateUser",
        target: "name=bob",
        outcome: "ok",
        detail: "role reader → analyst",
      },
      {
        actor: "user:adam",
        action: "createUser",
        target: "bob",
        outcome: "ok",
        detail: "role reader",
      },
      {
        actor: "user:rita",
        action: "session.login",
        target: undefined,
        outcome: "ok",
        detail: undefined,
      },
      {
        actor: "user:adam",
        action: "session.login",
        target: undefined,
        outcome: "ok",
        detail: undefined,
      },
    ]);
    assert.ok(log.every((e) => Number.isSafeInteger(e.at) && /^[0-9a-f]{16}$/.test(e.id)));
  });

  it("filters by user, action and outcome; pages by cursor with a Link header", async () => {
    assert.deepEqual(
      (await entries("?user=rita")).map((e) => e.action),
      ["deleteUser", "session.login"],
    );
    assert.deepEqual(
      (await entries("?action=createUser")).map((e) => e.target),
      ["bob"],
    );
    assert.deepEqual(
      (await entries("?outcome=denied")).map((e) => e.actor),
      ["user:rita"],
    );
    assert.equal((await entries("?since=2000-01-01&until=2000-01-02")).length, 0);
    const all = await entries("?user=adam");
    const first = await call(rig, "GET", "/audit?user=adam&limit=2", admin);
    const next = String(first.body.next);
    assert.equal(
      first.headers.get("link"),
      `</api/v1/audit?user=adam&limit=2&cursor=${encodeURIComponent(next)}>; rel="next"`,
    );
    const second = await call(rig, "GET", `/audit?user=adam&limit=2&cursor=${next}`, admin);
    assert.deepEqual(
      [...(first.body.entries as AuditRecord[]), ...(second.body.entries as AuditRecord[])],
      all.slice(0, 4),
    );
  });

  it("answers bad parameters 400 naming each, and callers below admin 403", async () => {
    const bad = await call(rig, "GET", "/audit?outcome=maybe&limit=0&cursor=zzz&since=soon", admin);
    assert.equal(bad.status, 400);
    assert.deepEqual(named(bad), ["cursor", "limit", "outcome", "since"]);
    const order = await call(rig, "GET", "/audit?since=1d&until=2d", admin);
    assert.equal(order.status, 400);
    assert.match(order.body.detail!, /"until": not after since/);
    const rita = await logIn(rig, "rita");
    assert.equal((await call(rig, "GET", "/audit", { cookie: rita.cookie })).status, 403);
    assert.equal((await call(rig, "GET", "/audit", { "x-api-key": rig.key })).status, 403);
  });

  it("covers any documented state-changing route with no help from it", async () => {
    // A route as another part of the API would define it: no audit call of its own.
    const app = new OpenAPIHono<ApiEnv>();
    auditTrail(app, "");
    app.openapi(
      createRoute({
        method: "post",
        path: "/things/{id}/poke",
        operationId: "pokeThing",
        ...access("analyst"),
        request: { params: z.object({ id: z.string() }) },
        responses: { 204: { description: "poked" }, ...KEYED_ERRORS },
      }),
      (c) => (c.req.valid("param").id === "bad" ? c.json({}, 400) : c.body(null, 204)),
    );
    app.onError((e, c) => errorProblem(e, c.env.ctx));
    const served = await inProcessRig();
    try {
      await addUser(served, "ann", "analyst");
      const { key, stored } = newApiKey("ann", "read");
      stored.user = "ann";
      await served.store.apiKeys!.addApiKey(stored);
      for (const [path, h] of [
        ["/things/a%20b/poke", { "x-api-key": served.adminKey }],
        ["/things/x/poke", { "x-api-key": key }],
      ] as const) {
        const ctx = handlerCtx(served.store, "POST", path, h);
        await app.request(path, { method: "POST", headers: h }, { ctx } as never);
      }
      const got = (await served.store.audit!.queryAudit()).entries.map(
        ({ actor, action, target, outcome }) => `${actor} ${action} ${target} ${outcome}`,
      );
      assert.deepEqual(got, [
        `user:ann pokeThing id=x denied`,
        `key:${served.adminKey.split("_")[1]} pokeThing id=a b ok`,
      ]);
    } finally {
      await served.close();
    }
  });
});
