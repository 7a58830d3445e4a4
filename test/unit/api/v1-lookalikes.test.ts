// /api/v1/lookalikes/{domain}: generated candidates (lookalike/generate.ts) with what
// the store knows of each, found ones first; POST /lookalikes/match: the hits of
// `dnsight lookalike match`'s flow over the names sent, no alert raised; a body of
// 10,000 names is taken (past the usual 16 KiB), one name more is a 400.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateCapped } from "../../../src/lookalike/generate.js";
import { BrandMatcher } from "../../../src/lookalike/match.js";
import type { Observation } from "../../../src/model/observation.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { HOSTILE, INTEL_ROWS, record } from "./_intel.js";
import { answerChecker, fetchDoc, operations, type Doc } from "./_v1.js";

const row = (rrname: string, timeLast: number, count = 1): Observation => ({
  rrname,
  rrtype: "A",
  rdata: "192.0.2.66",
  timeFirst: T,
  timeLast,
  count,
  source: "passive",
});

interface Candidate {
  name: string;
  fuzzers: string[];
  seen: { count: number; lastSeen: number } | null;
  registered: boolean;
}

describe("/api/v1/lookalikes", () => {
  let rig: ApiRig;
  let doc: Doc;
  before(async () => {
    rig = await inProcessRig({}, [
      ...INTEL_ROWS,
      row("examp1e.com", T + 10, 3),
      row("examp1e.com", T + 20, 2),
      row("example-login.com", T + 500),
    ]);
    await rig.store.registrations!.writeSnapshots([
      { key: "exarnple.com", fetchedAt: T, record: record({ domain: "exarnple.com" }), raw: "" },
      // Available is not registered.
      {
        key: "cxample.com",
        fetchedAt: T,
        record: record({ domain: "cxample.com", status: "available" }),
        raw: "",
      },
    ]);
    doc = await fetchDoc(rig);
  });
  after(() => rig.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    rig.request("/api/v1/lookalikes/match", {
      method: "POST",
      headers: { "x-api-key": rig.key, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("lists candidates, the seen and registered ones first", async () => {
    const res = await rig.get("/api/v1/lookalikes/Example.com?limit=5");
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      candidates: Candidate[];
      generated: number;
      found: number;
      truncated: boolean;
    };
    answerChecker(doc)(
      operations(doc).find((o) => o.path === "/lookalikes/{domain}")!,
      200,
      "application/json",
      body,
    );
    const lib = generateCapped("example.com", { max: 10_000 }).candidates;
    assert.equal(body.generated, lib.length);
    assert.equal(body.found, 3);
    assert.equal(body.truncated, true);
    assert.deepEqual(
      body.candidates.slice(0, 3).map((c) => [c.name, c.seen, c.registered]),
      [
        ["example-login.com", { count: 1, lastSeen: T + 500 }, false],
        ["examp1e.com", { count: 5, lastSeen: T + 20 }, false],
        ["exarnple.com", null, true],
      ],
    );
    // Then the rest in generation order.
    const rest = lib
      .map((c) => c.domain)
      .filter((n) => !["example-login.com", "examp1e.com", "exarnple.com"].includes(n));
    assert.deepEqual(
      body.candidates.slice(3).map((c) => c.name),
      rest.slice(0, 2),
    );
    const found = (await (await rig.get("/api/v1/lookalikes/example.com?found=true")).json()) as {
      candidates: Candidate[];
      truncated: boolean;
    };
    assert.equal(found.candidates.length, 3);
    assert.equal(found.truncated, false);
  });

  it("404s a path that is not a domain, 400s a bad parameter", async () => {
    assert.equal((await rig.get("/api/v1/lookalikes/no-such-domain")).status, 404);
    assert.equal((await rig.get(`/api/v1/lookalikes/${encodeURIComponent(HOSTILE)}`)).status, 404);
    const res = await rig.get("/api/v1/lookalikes/example.com?limit=10001");
    assert.equal(res.status, 400);
    assert.equal(
      ((await res.json()) as { errors: Array<{ name: string }> }).errors[0]!.name,
      "limit",
    );
  });

  it("matches names as the library does, no alert raised", async () => {
    const names = [
      "examp1e.com",
      "example.com",
      "paypa1-login.com",
      "login.examp1e.net",
      "-bad-",
      "harmless.org",
    ];
    const res = await post({ brands: ["example.com", "paypal.com"], names });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as {
      hits: Array<Record<string, unknown>>;
      names: number;
      badNames: number;
    };
    answerChecker(doc)(
      operations(doc).find((o) => o.path === "/lookalikes/match")!,
      200,
      "application/json",
      body,
    );
    const m = new BrandMatcher(["example.com", "paypal.com"]);
    const want = names.filter((n) => n !== "-bad-").flatMap((n) => m.match(n));
    assert.ok(want.length >= 3);
    assert.deepEqual(
      body.hits,
      want.map((h) => ({ ...h, technique: "T1583.001" })),
    );
    assert.equal(body.names, 5);
    assert.equal(body.badNames, 1);
    assert.deepEqual(await rig.store.alerts!.listAlerts(), []);
  });

  it("takes owned names and minScore", async () => {
    const names = ["examp1e.com", "exampleusercontent.com", "examp1eusercontent.com"];
    const owned = [{ name: "exampleusercontent.com" }];
    const res = await post({ brands: ["example.com"], owned, names, minScore: 0.9 });
    const body = (await res.json()) as { hits: Array<{ name: string }> };
    const m = new BrandMatcher(["example.com"], { owned, minScore: 0.9 });
    assert.deepEqual(
      body.hits.map((h) => h.name),
      names.flatMap((n) => m.match(n)).map((h) => h.name),
    );
    assert.ok(!body.hits.some((h) => h.name === "exampleusercontent.com"));
  });

  it("takes 10,000 names (more than 16 KiB), refuses one more, and a body past 1 MiB", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `n${i}-examp1e.com`);
    const ok = await post({ brands: ["example.com"], names: many });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { names: number }).names, 10_000);
    const over = await post({ brands: ["example.com"], names: [...many, "one-more.com"] });
    assert.equal(over.status, 400);
    assert.equal(
      ((await over.json()) as { errors: Array<{ name: string }> }).errors[0]!.name,
      "names",
    );
    const huge = await post({ brands: ["example.com"], names: ["a".repeat(1024 * 1024)] });
    assert.equal(huge.status, 413);
  });

  it("400s a body that is not a match request, naming the field", async () => {
    for (const [body, name] of [
      [{ names: ["a.com"] }, "brands"],
      [{ brands: [], names: [] }, "brands"],
      [{ brands: ["example.com"], names: ["has space.com"] }, "names"],
      [{ brands: ["example.com"], names: [], colour: 1 }, "colour"],
      [{ brands: ["example.com"], names: [], minScore: 2 }, "minScore"],
    ] as const) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const p = (await res.json()) as { errors: Array<{ name: string; in: string }> };
      assert.equal(p.errors[0]!.name, name, JSON.stringify(p));
      assert.equal(p.errors[0]!.in, "body");
    }
    assert.equal((await post("{not json")).status, 400);
    // A brand the matcher cannot read is the library's INPUT error: a 400 too.
    const bad = await post({
      brands: ["example.com"],
      owned: [{ name: "x.org", brand: "nobrand.com" }],
      names: [],
    });
    assert.equal(bad.status, 400);
  });
});
