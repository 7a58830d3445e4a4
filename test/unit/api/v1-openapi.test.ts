// The OpenAPI 3.1 document of /api/v1 (generated from the route definitions) is
// valid, documents every route the server answers, and the docs page renders it with
// no script at all under a strict Content-Security-Policy.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { compileErrors, validate } from "@readme/openapi-parser";
import { esc } from "../../../src/api/v1/docs-page.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { fetchDoc, operations, type Doc } from "./_v1.js";

describe("/api/v1/openapi.json and /api/v1/docs", () => {
  let rig: ApiRig;
  let doc: Doc;
  before(async () => {
    rig = await inProcessRig();
    doc = await fetchDoc(rig);
  });
  after(() => rig.close());

  it("is a valid OpenAPI 3.1 document (@readme/openapi-parser)", async () => {
    assert.equal(doc.openapi, "3.1.0");
    // A copy: validate() dereferences in place. No external $ref is fetched.
    const result = await validate(structuredClone(doc) as never, {
      resolve: { external: false },
    });
    assert.equal(result.valid, true, result.valid ? "" : compileErrors(result));
  });

  it("documents the routes, each with its access, security and error answers", () => {
    const ops = operations(doc).map((o) => `${o.method} ${o.path} ${o.access}`);
    assert.deepEqual(ops.sort(), [
      "DELETE /apikeys/{id} admin",
      "DELETE /jobs/{id} analyst",
      "DELETE /session session",
      "DELETE /users/{name} admin",
      "DELETE /watches/{name} analyst",
      "GET /alerts reader",
      "GET /alerts/export reader",
      "GET /alerts/{id} reader",
      "GET /apikeys admin",
      "GET /asns/{asn} reader",
      "GET /audit admin",
      "GET /domains/{name} reader",
      "GET /domains/{name}/subdomains reader",
      "GET /health public",
      "GET /ips/{ip} reader",
      "GET /ips/{ip}/neighbours reader",
      "GET /jobs reader",
      "GET /jobs/{id} reader",
      "GET /lookalikes/{domain} reader",
      "GET /lookup/{name} reader",
      "GET /lookup/{name}/authoritative reader",
      "GET /monitor reader",
      "GET /pdns/search reader",
      "GET /pdns/suggest reader",
      "GET /pdns/summary reader",
      "GET /pdns/timeline reader",
      "GET /registration/{name} reader",
      "GET /registration/{name}/diffs reader",
      "GET /registration/{name}/snapshots reader",
      "GET /registrations reader",
      "GET /session session",
      "GET /users admin",
      "GET /watches reader",
      "PATCH /users/{name} admin",
      "POST /alerts/{id}/acknowledge analyst",
      "POST /alerts/{id}/close analyst",
      "POST /alerts/{id}/reopen analyst",
      "POST /apikeys admin",
      "POST /jobs/ingest analyst",
      "POST /jobs/resolve analyst",
      "POST /lookalikes/match reader",
      "POST /monitor/check analyst",
      "POST /session public",
      "POST /users admin",
      "POST /watches analyst",
    ]);
    for (const op of operations(doc)) {
      if (op.access === "public") {
        assert.deepEqual(op.security, []);
        continue;
      }
      if (op.access === "session") {
        assert.deepEqual(op.security, [{ cookieAuth: [] }]);
        assert.ok(op.responses["401"]?.content?.["application/problem+json"], op.path);
        continue;
      }
      assert.deepEqual(op.security, [{ apiKey: [] }, { basic: [] }, { cookieAuth: [] }], op.path);
      for (const s of ["400", "401", "403", "429", "503"])
        assert.ok(op.responses[s]?.content?.["application/problem+json"], `${op.path} ${s}`);
    }
    assert.equal(doc.servers[0]!.url, "/api/v1");
    // Client generators name their methods by operationId: one each, none shared.
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => (o as { operationId?: string }).operationId),
    );
    assert.ok(ids.every((id) => typeof id === "string" && id !== ""));
    assert.equal(new Set(ids).size, ids.length);
  });

  it("documents the session: cookie auth as a security scheme, the login body and its answers", () => {
    const schemes = (doc.components as { securitySchemes?: Record<string, unknown> })
      .securitySchemes;
    assert.deepEqual(
      { ...(schemes?.cookieAuth as object), description: undefined },
      { type: "apiKey", in: "cookie", name: "dnsight_session", description: undefined },
    );
    const login = doc.paths["/session"]!.post as unknown as {
      requestBody: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
      responses: Record<string, unknown>;
    };
    assert.equal(login.requestBody.required, true);
    const ref = login.requestBody.content["application/json"]!.schema.$ref;
    const schema = doc.components.schemas[ref.split("/").pop()!] as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), ["password", "user"]);
    assert.deepEqual(schema.required.sort(), ["password", "user"]);
    assert.equal(schema.additionalProperties, false);
    for (const s of ["200", "400", "401", "403", "413", "415", "429"])
      assert.ok(login.responses[s], s);
    const logout = doc.paths["/session"]!.delete as unknown as {
      responses: Record<string, unknown>;
    };
    assert.ok(logout.responses["204"] && logout.responses["403"]);
  });

  it("names every query parameter the search takes, with its bounds", () => {
    const search = operations(doc).find((o) => o.path === "/pdns/search")!;
    const names = search.parameters.map((p) => p.name).sort();
    assert.deepEqual(names, [
      "after",
      "bailiwick",
      "before",
      "cursor",
      "limit",
      "query",
      "rdata",
      "rrtype",
      "sensor",
      "strict",
    ]);
    const limit = search.parameters.find((p) => p.name === "limit")!;
    assert.deepEqual(
      [
        (limit.schema as Record<string, unknown>).minimum,
        (limit.schema as Record<string, unknown>).maximum,
      ],
      [1, 1000],
    );
    assert.equal(search.parameters.find((p) => p.name === "query")!.required, true);
  });

  it("serves the docs page: every operation, no script, a strict CSP, a same-origin stylesheet", async () => {
    const res = await rig.get("/api/v1/docs", {});
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/html/);
    const csp = res.headers.get("content-security-policy")!;
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src|https?:/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assert.doesNotMatch(html, /<script|\son\w+=|javascript:|style=/i);
    assert.doesNotMatch(html, /https?:\/\//, "no resource from another origin");
    for (const op of operations(doc)) assert.ok(html.includes(`/api/v1${op.path}`), op.path);
    assert.ok(html.includes(">query</code>"));
    assert.ok(html.includes("the session cookie (log in with POST /session)"));
    const css = await rig.get("/api/v1/docs.css", {});
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type")!, /^text\/css/);
    assert.match(await css.text(), /body\{/);
  });

  it("escapes what it renders", () => {
    assert.equal(
      esc(`<img src=x onerror="alert('x')">&`),
      "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;",
    );
  });
});
