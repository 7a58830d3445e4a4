// Every route the OpenAPI document lists, called with no key, a malformed key, a
// revoked key, a read key and an admin key, and with a reader's, an admin's and an
// ended session cookie: 401 without credentials or with an ended session (with a
// challenge), 403 for a wrong or revoked key and for a role below the route's, never
// a 500, and every answer in the shape the document gives for its status.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn } from "./_session.js";
import { answerChecker, fetchDoc, operations, type Doc, type Op } from "./_v1.js";

/** A call of `op` with its required parameters filled from the document's examples. */
function target(op: Op): string {
  const path = op.path.replace(/\{([^{}]+)\}/g, "no-such-$1");
  const q = new URLSearchParams();
  for (const p of op.parameters)
    if (p.in === "query" && p.required)
      q.set(p.name, String(p.example ?? p.schema?.example ?? "x"));
  const qs = q.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ""}`;
}

describe("/api/v1 access, route by route", () => {
  let rig: ApiRig;
  let doc: Doc;
  const keys: Record<string, Record<string, string>> = {};
  before(async () => {
    rig = await inProcessRig();
    doc = await fetchDoc(rig);
    const revoked = await rig.addKey("admin");
    await rig.store.apiKeys!.revokeApiKey(revoked.id, Math.floor(Date.now() / 1000));
    keys.none = {};
    keys.malformed = { "x-api-key": "not-a-key" };
    keys.revoked = { "x-api-key": revoked.key };
    keys.read = { "x-api-key": rig.key };
    keys.admin = { "x-api-key": rig.adminKey };
    // HTTP Basic with the key as password, as the DNSDB endpoints take it.
    keys.basic = { authorization: `Basic ${Buffer.from(`u:${rig.adminKey}`).toString("base64")}` };
    await addUser(rig, "rita", "reader");
    await addUser(rig, "ann", "analyst");
    await addUser(rig, "adam", "admin");
    keys.readerCookie = { cookie: (await logIn(rig, "rita")).cookie };
    keys.analystCookie = { cookie: (await logIn(rig, "ann")).cookie };
    keys.adminCookie = { cookie: (await logIn(rig, "adam")).cookie };
    keys.endedCookie = { cookie: `dnsight_session=${"E".repeat(43)}` };
  });
  after(() => rig.close());

  /**
   * The status `who` must get from `op`, called with no body: 200 (or the
   * operation's other success, its lowest documented 2xx), 404 for an id that does
   * not exist (400 on a route documenting no 404: its path parameter has a pattern),
   * 400 where a body is required.
   */
  function expected(op: Op, who: string): number {
    const success = Object.keys(op.responses)
      .map(Number)
      .filter((s) => s >= 200 && s < 300)
      .sort((a, b) => a - b)[0];
    // The rig configures no DNS servers: a route that sends DNS queries answers 503.
    // "no-such-x" names nothing (404), or fails the pattern of a route with no 404 (/asns/{asn}).
    const ok = op.requestBody?.required
      ? 400
      : op["x-dnsight-active-dns"]
        ? 503
        : op.path.includes("{")
          ? op.responses["404"]
            ? 404
            : 400
          : (success ?? 200);
    const live = who.endsWith("Cookie") && who !== "endedCookie";
    // The login, called with no body: its body is required.
    if (op.method === "POST" && op.path === "/session") return 400;
    if (op.access === "public") return ok;
    if (op.access === "session") {
      if (!live) return 401;
      // A state change on the cookie without the CSRF token.
      return op.method === "GET" ? 200 : 403;
    }
    if (who === "none" || who === "endedCookie") return 401;
    if (who === "malformed" || who === "revoked") return 403;
    const rank = { reader: 0, analyst: 1, admin: 2 } as const;
    const callerRank =
      who === "read" || who === "readerCookie" ? 0 : who === "analystCookie" ? 1 : 2;
    if (callerRank < rank[op.access as keyof typeof rank]) return 403;
    // A state change on a cookie without the session's CSRF token.
    if (live && op.method !== "GET") return 403;
    return ok;
  }

  it("covers every documented operation, public ones among them and one admin-only", () => {
    const ops = operations(doc);
    assert.ok(ops.length >= 10);
    assert.ok(ops.some((o) => o.access === "public"));
    assert.ok(ops.some((o) => o.access === "admin"));
    assert.equal(ops.find((o) => o.path === "/health")?.access, "public");
    assert.equal(ops.find((o) => o.path === "/apikeys")?.access, "admin");
  });

  it("answers each caller as the route's access says, in the documented shape, never 500", async () => {
    const check = answerChecker(doc);
    const seen: string[] = [];
    for (const op of operations(doc))
      for (const who of Object.keys(keys)) {
        const url = target(op);
        const res = await rig.request(url, { method: op.method, headers: keys[who]! });
        const type = res.headers.get("content-type") ?? "";
        const body: unknown = res.status === 204 ? null : await res.json();
        const want = expected(op, who);
        assert.equal(res.status, want, `${who} ${op.method} ${url}: ${JSON.stringify(body)}`);
        if (res.status !== 204) check(op, res.status, type, body);
        if (res.status >= 400) {
          assert.equal(type, "application/problem+json");
          const p = body as { status: number; instance: string };
          assert.equal(p.status, res.status);
          assert.equal(p.instance, url.split("?")[0]);
        }
        if (res.status === 401) {
          // A browser (a cookie, the session routes) is not sent a Basic challenge.
          const page = who.endsWith("Cookie") || op.access === "session";
          assert.match(
            res.headers.get("www-authenticate") ?? "",
            page ? /^Cookie realm="dnsight"/ : /^Basic realm="dnsight"/,
          );
        }
        seen.push(`${res.status}`);
      }
    for (const s of ["200", "401", "403", "404"]) assert.ok(seen.includes(s), s);
  });

  it("tells a stranger nothing about the query: 401 before a bad parameter's 400", async () => {
    const res = await rig.get("/api/v1/pdns/search?limit=zero", {});
    assert.equal(res.status, 401);
    const ok = await rig.get("/api/v1/pdns/search?limit=zero");
    assert.equal(ok.status, 400);
  });
});
