import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { cofLine } from "../../src/export/cof.js";
import { pdnsSearch } from "../../src/passive/search.js";
import { inProcessRig, type ApiRig } from "../unit/api/_server.js";

// CIRCL pDNS (GET /pdns/query/{q}), called in-process: COF lines, Basic or token auth.

const basic = (user: string, pass: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
});

describe("CIRCL pDNS", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ pageSize: 4 });
  });
  after(() => rig.close());

  it("answers COF lines, the same as pdnsSearch, with HTTP Basic (any user, the key as password)", async () => {
    for (const q of ["www.example.com", "192.0.2.0/24", "*.example.com"]) {
      const res = await rig.get(`/pdns/query/${encodeURIComponent(q)}`, basic("analyst", rig.key));
      assert.equal(res.status, 200, q);
      assert.equal(res.headers.get("content-type"), "application/x-ndjson");
      const want = (await pdnsSearch(rig.store, { query: q })).rows.map(cofLine).join("");
      assert.equal(await res.text(), want, q);
      assert.ok(want.length > 0);
    }
    const ip = await rig.get("/pdns/query/192.0.2.0/24", basic("", rig.key));
    const first = JSON.parse((await ip.text()).split("\n")[0]!) as Record<string, unknown>;
    assert.deepEqual(first.rdata, ["192.0.2.1"]);
  });

  it("takes the key as a bare Authorization token, or X-API-Key", async () => {
    const ways: Record<string, string>[] = [{ authorization: rig.key }, { "x-api-key": rig.key }];
    for (const headers of ways) {
      const res = await rig.get("/pdns/query/example.com", headers);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /"rrtype":"NS"/);
    }
  });

  it("401 with a Basic challenge without credentials; 403 with a wrong password", async () => {
    const none = await rig.get("/pdns/query/example.com", {});
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Basic /);
    assert.match(((await none.json()) as { error: string }).error, /API key is required/);
    const wrong = await rig.get("/pdns/query/example.com", basic("analyst", "secret"));
    assert.equal(wrong.status, 403);
    assert.deepEqual(await wrong.json(), { error: "API key not valid" });
  });

  it("a bad query is 400; no data is an empty 200", async () => {
    const bad = await rig.get("/pdns/query/a*b.example", basic("x", rig.key));
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /wildcard/);
    const empty = await rig.get("/pdns/query/nothing.example", basic("x", rig.key));
    assert.equal(empty.status, 200);
    assert.equal(await empty.text(), "");
  });

  it("stops at results_max", async () => {
    const small = await inProcessRig({ resultsMax: 5, pageSize: 2 });
    try {
      const res = await small.get(`/pdns/query/${encodeURIComponent("*.bulk.example.org")}`);
      assert.equal((await res.text()).trim().split("\n").length, 5);
    } finally {
      await small.close();
    }
  });
});
