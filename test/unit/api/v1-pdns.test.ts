// /api/v1/pdns/*: answers equal the library calls the CLI makes (pdnsSearch,
// pdnsSummary, pdnsTimeline over the same store), pages join up through `cursor` and
// the Link header, bad parameters are 400 problems naming them, the key's quota and
// the log line apply as on the DNSDB endpoints.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { pdnsSearch, pdnsSummary, type PdnsRequest } from "../../../src/passive/search.js";
import { pdnsTimeline } from "../../../src/passive/timeline.js";
import type { Observation } from "../../../src/model/observation.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";

interface Page {
  rows: Observation[];
  next?: string;
}

async function all(rig: ApiRig, query: string): Promise<{ rows: Observation[]; pages: number }> {
  const rows: Observation[] = [];
  let url: string | undefined = `/api/v1/pdns/search?${query}`;
  let pages = 0;
  while (url !== undefined) {
    const res = await rig.get(url);
    assert.equal(res.status, 200, url);
    const page = (await res.json()) as Page;
    rows.push(...page.rows);
    pages++;
    const link = res.headers.get("link");
    if (page.next === undefined) {
      assert.equal(link, null);
      url = undefined;
    } else {
      const m = /^<([^>]+)>; rel="next"$/.exec(link ?? "");
      assert.ok(m, `Link: ${link}`);
      assert.equal(new URL(m[1]!, "http://x").searchParams.get("cursor"), page.next);
      url = m[1]!;
    }
  }
  return { rows, pages };
}

describe("/api/v1/pdns", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig();
  });
  after(() => rig.close());

  it("search pages through every row with cursor and Link, as the library finds them", async () => {
    const lib = await pdnsSearch(rig.store, { query: "*.example.org" });
    assert.equal(lib.rows.length, 30);
    const { rows, pages } = await all(rig, "query=*.example.org&limit=7");
    assert.equal(pages, 5);
    assert.deepEqual(rows, lib.rows);
  });

  it("search takes the CLI's filters: rrtype, rdata, bailiwick, sensor, after/before/strict", async () => {
    const cases: Array<[string, PdnsRequest]> = [
      ["query=www.example.com&rrtype=AAAA", { query: "www.example.com", rrtype: "AAAA" }],
      ["query=*.example.net&rdata=true", { query: "*.example.net", rdata: true }],
      ["query=www.example.com&bailiwick=com.", { query: "www.example.com", bailiwick: "com." }],
      ["query=www.example.com&sensor=s2", { query: "www.example.com", sensorId: "s2" }],
      ["query=192.0.2.0/24", { query: "192.0.2.0/24" }],
      [
        `query=www.example.com&after=${T + 5}&before=${T + 250}&strict=true`,
        { query: "www.example.com", fence: { after: T + 5, before: T + 250, strict: true } },
      ],
      [
        `query=www.example.com&after=${new Date((T + 250) * 1000).toISOString()}`,
        { query: "www.example.com", fence: { after: T + 250 } },
      ],
    ];
    for (const [q, r] of cases) {
      const lib = await pdnsSearch(rig.store, r);
      assert.ok(lib.rows.length > 0, q);
      assert.deepEqual((await all(rig, q)).rows, lib.rows, q);
    }
  });

  it("refuses bad parameters with a 400 problem naming each one", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["limit=0&query=x.example", "limit", /at least 1/],
      ["limit=1001&query=x.example", "limit", /at most 1000/],
      ["limit=ten&query=x.example", "limit", /whole number/],
      ["", "query", /is required/],
      ["query=x.example&colour=blue", "colour", /not a parameter/],
      ["query=x.example&after=yesterday-ish", "after", /not a date/],
      ["query=x.example&rdata=maybe", "rdata", /./],
      ["query=x.example&cursor=", "cursor", /./],
    ];
    for (const [q, name, message] of cases) {
      const res = await rig.get(`/api/v1/pdns/search?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      const p = (await res.json()) as {
        detail: string;
        errors: Array<{ name: string; message: string }>;
      };
      const e = p.errors.find((x) => x.name === name);
      assert.ok(e, `${q}: ${JSON.stringify(p)}`);
      assert.match(e.message, message, q);
      assert.match(p.detail, new RegExp(`query parameter "${name}"`), q);
    }
    // The library's own refusals are problems too, with its message.
    const type = await rig.get("/api/v1/pdns/search?query=x.example&rrtype=NOPE");
    assert.equal(type.status, 400);
    assert.match(((await type.json()) as { detail: string }).detail, /unknown record type "NOPE"/);
    const cursor = await rig.get("/api/v1/pdns/search?query=x.example&cursor=bm9wZQ");
    assert.equal(cursor.status, 400);
  });

  it("summary equals pdnsSummary", async () => {
    for (const query of ["*.example.com", "www.example.com", "192.0.2.0/24", "nothing.example"]) {
      const res = await rig.get(`/api/v1/pdns/summary?query=${encodeURIComponent(query)}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), await pdnsSummary(rig.store, { query }), query);
    }
  });

  it("timeline equals pdnsTimeline with the route's caps", async () => {
    const res = await rig.get("/api/v1/pdns/timeline?query=www.example.com&interval=week");
    assert.equal(res.status, 200);
    const lib = await pdnsTimeline(
      rig.store,
      { query: "www.example.com" },
      {
        interval: "week",
        maxRows: 50_000,
        maxBuckets: 1000,
        maxSeries: 50,
        pageSize: 250,
        budgetMs: 10_000,
      },
    );
    assert.deepEqual(await res.json(), lib);
    assert.equal(lib.series.length, 4);
    const bad = await rig.get("/api/v1/pdns/timeline?query=www.example.com&interval=month");
    assert.equal(bad.status, 400);
  });

  it("logs one line per request: method, path without the query, status, rows", async () => {
    // Lines of earlier requests come when their connections close.
    await new Promise((r) => setTimeout(r, 50));
    rig.log.length = 0;
    await (await rig.get("/api/v1/pdns/search?query=www.example.com&limit=2")).text();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rig.log.length, 1);
    assert.match(rig.log[0]!, /^GET \/api\/v1\/pdns\/search 200 \d+ms 2 rows$/);
  });

  it("HEAD answers the headers of GET", async () => {
    const res = await rig.request("/api/v1/pdns/search?query=www.example.com&limit=1", {
      method: "HEAD",
      headers: { "x-api-key": rig.key },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("link") ?? "", /rel="next"/);
  });
});

describe("/api/v1 quotas and failures", () => {
  it("shares the key's rate with the DNSDB endpoints: 429 problem with Retry-After", async () => {
    const rig = await inProcessRig({ burstSize: 2, burstWindow: 60 });
    try {
      assert.equal((await rig.get("/dnsdb/v2/lookup/rrset/name/www.example.com")).status, 200);
      assert.equal((await rig.get("/api/v1/pdns/search?query=www.example.com")).status, 200);
      const res = await rig.get("/api/v1/pdns/search?query=www.example.com");
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get("retry-after")) >= 1);
      assert.match(
        ((await res.json()) as { detail: string }).detail,
        /rate limit: 2 queries per 60 s/,
      );
      // Health needs no key and takes no token.
      assert.equal((await rig.get("/api/v1/health", {})).status, 200);
    } finally {
      await rig.close();
    }
  });

  it("a store that fails is a 503 problem with a generic line; the detail goes to the log", async () => {
    const rig = await inProcessRig();
    const real = rig.store.searchObservations.bind(rig.store);
    try {
      rig.store.searchObservations = () =>
        Promise.reject(new DnsightError("STORE", "disk I/O error at /secret/path/api.db"));
      const res = await rig.get("/api/v1/pdns/search?query=www.example.com");
      assert.equal(res.status, 503);
      const p = (await res.json()) as { detail: string };
      assert.equal(p.detail, "the store is not available; try again later");
      await new Promise((r) => setTimeout(r, 20));
      assert.match(rig.log.at(-1)!, /503 .*\(disk I\/O error at \/secret\/path\/api\.db\)$/);
    } finally {
      rig.store.searchObservations = real;
      await rig.close();
    }
  });
});
