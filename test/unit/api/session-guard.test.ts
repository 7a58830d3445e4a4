// The guard of a state-changing route, before any exists in the API: a POST route
// of analyst access on a small app of its own, called with a session cookie and with
// API keys. The cookie needs X-CSRF-Token and our own Origin; a key needs neither,
// except HTTP Basic (a browser sends remembered Basic credentials by itself) from a
// foreign Origin; the role is the user's as it is now.
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { after, before, describe, it } from "node:test";
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../../../src/api/app-env.js";
import { DEFAULT_LIMITS, type RequestContext } from "../../../src/api/http.js";
import { Pacer } from "../../../src/api/pacer.js";
import { DEFAULT_QUOTA, KeyQuotas } from "../../../src/api/quota.js";
import { sessionConfig } from "../../../src/api/session/config.js";
import { csrfToken } from "../../../src/api/session/csrf.js";
import { errorProblem } from "../../../src/api/v1/app.js";
import { access } from "../../../src/api/v1/route.js";
import { newSessionToken } from "../../../src/store/session-token.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser } from "./_session.js";

const NOW = 1_800_000_000;

describe("a state-changing route of analyst access", () => {
  let rig: ApiRig;
  const config = sessionConfig({});
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: "post",
      path: "/act",
      ...access("analyst"),
      responses: {
        200: {
          description: "done",
          content: { "application/json": { schema: z.object({ by: z.string() }) } },
        },
      },
    }),
    (c) => c.json({ by: c.env.ctx.session?.user ?? `key:${c.env.ctx.key?.id}` }, 200),
  );
  app.onError((e, c) => errorProblem(e, c.env.ctx));
  const tokens: Record<string, string> = {};

  before(async () => {
    rig = await inProcessRig();
    for (const [name, role] of [
      ["ann", "analyst"],
      ["rob", "reader"],
    ] as const) {
      await addUser(rig, name, role);
      tokens[name] = newSessionToken();
      await rig.store.sessions!.createSession(tokens[name]!, {
        user: name,
        createdAt: NOW,
        lastUsedAt: NOW,
        expiresAt: NOW + 3600,
      });
    }
  });
  after(() => rig.close());

  async function post(
    headers: Record<string, string>,
  ): Promise<{ status: number; body: { by?: string; detail?: string } }> {
    const h = { host: "dnsight.test:8080", ...headers };
    const ctx: RequestContext = {
      // Only the headers, method and socket of node's request are read.
      req: { headers: h, method: "POST", socket: {} } as unknown as IncomingMessage,
      // The guard sets the RateLimit fields on node's response.
      res: { setHeader: () => undefined } as never,
      url: new URL("http://dnsight.test:8080/act"),
      store: rig.store,
      limits: DEFAULT_LIMITS,
      dns: { servers: [], nsPort: 53 },
      now: NOW + 10,
      deadline: Infinity,
      quotas: new KeyQuotas(DEFAULT_QUOTA),
      sessions: config,
      pacer: new Pacer(),
      rows: 0,
    };
    const res = await app.request("/act", { method: "POST", headers: h }, { ctx } as never);
    return { status: res.status, body: (await res.json()) as { by?: string; detail?: string } };
  }
  const cookie = (name: string) => `dnsight_session=${tokens[name]}`;
  const csrf = (name: string) => csrfToken(config.secret, tokens[name]!);

  it("takes an analyst's cookie with the session's token, from our origin or no Origin", async () => {
    assert.deepEqual(await post({ cookie: cookie("ann"), "x-csrf-token": csrf("ann") }), {
      status: 200,
      body: { by: "ann" },
    });
    const ours = await post({
      cookie: cookie("ann"),
      "x-csrf-token": csrf("ann"),
      origin: "http://dnsight.test:8080",
    });
    assert.equal(ours.status, 200);
  });

  it("refuses the cookie without the token, with another session's, or from another origin: 403", async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { "x-csrf-token": "" },
      { "x-csrf-token": csrf("rob") },
      { "x-csrf-token": csrf("ann"), origin: "http://dnsight.test:8081" },
      { "x-csrf-token": csrf("ann"), origin: "https://dnsight.test:8080" },
    ];
    for (const h of cases) {
      const r = await post({ cookie: cookie("ann"), ...h });
      assert.equal(r.status, 403, JSON.stringify(h));
      assert.match(r.body.detail!, /X-CSRF-Token|cross-origin/i);
    }
  });

  it("refuses a reader's session (403) and an ended one (401)", async () => {
    const r = await post({ cookie: cookie("rob"), "x-csrf-token": csrf("rob") });
    assert.equal(r.status, 403);
    assert.match(r.body.detail!, /analyst role; rob is reader/);
    const ended = await post({ cookie: `dnsight_session=${newSessionToken()}` });
    assert.equal(ended.status, 401);
  });

  it("takes an admin API key with no token; refuses Basic credentials from a foreign origin", async () => {
    assert.equal((await post({ "x-api-key": rig.adminKey })).status, 200);
    assert.equal(
      (await post({ "x-api-key": rig.adminKey, origin: "http://evil.example" })).status,
      200,
    );
    assert.equal((await post({ "x-api-key": rig.key })).status, 403, "a read key stays read-only");
    const basic = `Basic ${Buffer.from(`u:${rig.adminKey}`).toString("base64")}`;
    assert.equal((await post({ authorization: basic })).status, 200);
    assert.equal((await post({ authorization: basic, origin: "http://evil.example" })).status, 403);
  });
});
