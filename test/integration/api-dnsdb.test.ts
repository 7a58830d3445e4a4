import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DnsightError } from "../../src/errors.js";
import type { Observation } from "../../src/model/observation.js";
import { pdnsSearch, pdnsSummary } from "../../src/passive/search.js";
import type { Store } from "../../src/store/types.js";
import { inProcessRig, lines, T, type ApiRig } from "../unit/api/_server.js";

// DNSDB API v2, called in-process (the server `dnsight serve` runs, fed in-memory
// streams): endpoints, SAF framing, keys, limits, time fences and summaries against
// a temp SQLite store. api-socket.test.ts asks the same over a socket on loopback.

type Obj = Record<string, unknown>;

/** Checks SAF framing: begin first, exactly one terminal line last. Returns the objs and the end. */
function saf(body: Obj[]): { objs: Obj[]; end: Obj } {
  assert.deepEqual(body[0], { cond: "begin" });
  const terminal = body.filter((l) => ["succeeded", "limited", "failed"].includes(String(l.cond)));
  assert.equal(terminal.length, 1, `one terminal line in ${JSON.stringify(body)}`);
  assert.equal(body.filter((l) => l.cond === "begin").length, 1);
  const end = body[body.length - 1]!;
  assert.equal(end, terminal[0]);
  const objs = body.slice(1, -1).map((l) => {
    assert.deepEqual(Object.keys(l), ["obj"]);
    return l.obj as Obj;
  });
  return { objs, end };
}

async function query(rig: ApiRig, path: string): Promise<{ objs: Obj[]; end: Obj }> {
  const res = await rig.get(path);
  assert.equal(res.status, 200, path);
  assert.equal(res.headers.get("content-type"), "application/x-ndjson");
  return saf(await lines(res));
}

const L = "/dnsdb/v2/lookup";

describe("DNSDB API v2", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ now: () => T + 1100, offsetMax: 100, pageSize: 7 });
  });
  after(() => rig.close());

  it("ping and rate_limit", async () => {
    assert.deepEqual(await (await rig.get("/dnsdb/v2/ping")).json(), { ping: "ok" });
    const rate = (await (await rig.get("/dnsdb/v2/rate_limit")).json()) as { rate: Obj };
    // The default quota: 600 queries a minute per key, as a burst limit.
    assert.equal(rate.rate.limit, 600);
    assert.equal(rate.rate.burst_size, 600);
    assert.equal(rate.rate.burst_window, 60);
    assert.equal(typeof rate.rate.remaining, "number");
    assert.equal(rate.rate.results_max, 100_000);
    assert.equal(rate.rate.offset_max, 100);
  });

  it("401 without a key (with a challenge), 403 with a wrong or revoked one, 404 off the map", async () => {
    const none = await rig.get("/dnsdb/v2/lookup/rrset/name/www.example.com", {});
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Basic realm="dnsight"/);
    assert.deepEqual(await none.json(), {
      cond: "failed",
      msg: "an API key is required (X-API-Key header or HTTP Basic)",
    });
    const wrong = await rig.get("/dnsdb/v2/ping", { "x-api-key": "dns_000000000000_nope" });
    assert.equal(wrong.status, 403);
    assert.deepEqual(await wrong.json(), { cond: "failed", msg: "API key not valid" });
    const { key, id } = await rig.addKey("read");
    assert.equal((await rig.get("/dnsdb/v2/ping", { "x-api-key": key })).status, 200);
    await rig.store.apiKeys!.revokeApiKey(id, T);
    const revoked = await rig.get("/dnsdb/v2/ping", { "x-api-key": key });
    assert.equal(revoked.status, 403);
    assert.match(((await revoked.json()) as Obj).msg as string, /revoked/);
    // Nothing about paths is told before the key is checked.
    assert.equal((await rig.get("/dnsdb/v2/nowhere", {})).status, 401);
    assert.equal((await rig.get("/dnsdb/v2/nowhere")).status, 404);
    assert.equal((await rig.get("/dnsdb/v2/lookup/rrset/name")).status, 404);
    assert.equal((await rig.get("/somewhere/else")).status, 404);
    const post = await rig.request("/dnsdb/v2/ping", {
      method: "POST",
      headers: { "x-api-key": rig.key },
    });
    assert.equal(post.status, 405);
  });

  it("rrset lookups: one record per (rrname, rrtype, bailiwick), names with the trailing dot", async () => {
    const { objs, end } = await query(rig, `${L}/rrset/name/www.example.com`);
    assert.deepEqual(end, { cond: "succeeded" });
    // Rows come in (rrtype, rdata, bailiwick) order: a record opens with its first row.
    assert.deepEqual(objs, [
      {
        count: 7,
        time_first: T,
        time_last: T + 300,
        rrname: "www.example.com.",
        rrtype: "A",
        bailiwick: "example.com.",
        rdata: ["192.0.2.1", "192.0.2.2"],
      },
      {
        count: 1,
        time_first: T + 1000,
        time_last: T + 1000,
        rrname: "www.example.com.",
        rrtype: "A",
        bailiwick: "com.",
        rdata: ["192.0.2.9"],
      },
      {
        count: 1,
        time_first: T,
        time_last: T + 10,
        rrname: "www.example.com.",
        rrtype: "AAAA",
        bailiwick: "example.com.",
        rdata: ["2001:db8::1"],
      },
    ]);
    const typed = await query(rig, `${L}/rrset/name/www.example.com/AAAA`);
    assert.deepEqual(
      typed.objs.map((r) => r.rrtype),
      ["AAAA"],
    );
    const baili = await query(rig, `${L}/rrset/name/www.example.com/ANY/com`);
    assert.deepEqual(
      baili.objs.map((r) => r.rdata),
      [["192.0.2.9"]],
    );
    const trailing = await query(rig, `${L}/rrset/name/www.example.com/A/com.`);
    assert.equal(trailing.objs.length, 1);
  });

  it("wildcards left and right; zone rows carry zone_time_*", async () => {
    const below = await query(rig, `${L}/rrset/name/${encodeURIComponent("*.example.com")}`);
    const names = below.objs.map((r) => `${String(r.rrname)} ${String(r.rrtype)}`);
    assert.deepEqual(names.sort(), [
      "a.b.example.com. CNAME",
      "mail.example.com. MX",
      "www.example.com. A",
      "www.example.com. A",
      "www.example.com. AAAA",
    ]);
    const mx = below.objs.find((r) => r.rrtype === "MX")!;
    assert.deepEqual(mx, {
      count: 2,
      zone_time_first: T,
      zone_time_last: T + 10,
      rrname: "mail.example.com.",
      rrtype: "MX",
      rdata: ["10 mx.example.net."],
    });
    const right = await query(rig, `${L}/rrset/name/www.example.*`);
    assert.equal(right.objs.length, 3);
  });

  it("rdata lookups: one record per (rrname, rrtype, rdata), rdata a string", async () => {
    const byName = await query(rig, `${L}/rdata/name/edge.cdn.example.net`);
    assert.deepEqual(byName.objs, [
      {
        count: 4,
        time_first: T,
        time_last: T + 5,
        rrname: "a.b.example.com.",
        rrtype: "CNAME",
        rdata: "edge.cdn.example.net.",
      },
    ]);
    const typed = await query(rig, `${L}/rdata/name/ns1.example.net/NS`);
    assert.deepEqual(
      typed.objs.map((r) => r.rrname),
      ["example.com."],
    );
    assert.equal((await query(rig, `${L}/rdata/name/ns1.example.net/A`)).objs.length, 0);
    for (const q of ["192.0.2.0,24", "192.0.2.1-192.0.2.9", "192.0.2.0%2F24"]) {
      const ip = await query(rig, `${L}/rdata/ip/${q}`);
      assert.deepEqual(
        ip.objs.map((r) => [r.rdata, r.count]),
        [
          ["192.0.2.1", 7],
          ["192.0.2.2", 3],
          ["192.0.2.9", 1],
          ...(q.startsWith("192.0.2.0") ? [["192.0.2.77", 1]] : []),
        ],
        q,
      );
    }
    const one = await query(rig, `${L}/rdata/ip/2001:db8::1`);
    assert.deepEqual(
      one.objs.map((r) => r.rrname),
      ["www.example.com."],
    );
  });

  it("limit cuts with `limited`; offset skips records; 416 past offset_max", async () => {
    const bulk = `${L}/rrset/name/${encodeURIComponent("*.bulk.example.org")}`;
    const cut = await query(rig, `${bulk}?limit=10`);
    assert.equal(cut.objs.length, 10);
    assert.equal(cut.end.cond, "limited");
    assert.equal(typeof cut.end.msg, "string");
    const exact = await query(rig, `${bulk}?limit=30`);
    assert.equal(exact.objs.length, 30);
    assert.deepEqual(exact.end, { cond: "succeeded" });
    const all = await query(rig, `${bulk}?limit=0`);
    assert.equal(all.objs.length, 30);
    const defaults = await query(rig, bulk);
    assert.equal(defaults.objs.length, 30);
    const tail = await query(rig, `${bulk}?offset=25&limit=10`);
    assert.deepEqual(
      tail.objs.map((r) => r.rrname),
      all.objs.slice(25).map((r) => r.rrname),
    );
    assert.equal(tail.end.cond, "succeeded");
    const page = await query(rig, `${bulk}?offset=5&limit=5`);
    assert.deepEqual(page.objs, all.objs.slice(5, 10));
    assert.equal(page.end.cond, "limited");
    const far = await rig.get(`${bulk}?offset=101`);
    assert.equal(far.status, 416);
    assert.match(((await far.json()) as Obj).msg as string, /offset_max/);
    // read to its end: the offset is walked after the head is sent, and its log line
    // must not land in a later test's
    const at = await rig.get(`${bulk}?offset=100`);
    assert.equal(at.status, 200);
    await at.text();
  });

  it("time fences: the four bounds, and negative times relative to now", async () => {
    const www = `${L}/rrset/name/www.example.com/A`;
    const lastAfter = await query(rig, `${www}?time_last_after=${T + 250}`);
    assert.deepEqual(
      lastAfter.objs.map((r) => [r.rdata, r.count]),
      [
        [["192.0.2.1"], 2],
        [["192.0.2.9"], 1],
      ],
    );
    // now is T+1100: -200 is T+900.
    const recent = await query(rig, `${www}?time_first_after=-200`);
    assert.deepEqual(
      recent.objs.map((r) => r.rdata),
      [["192.0.2.9"]],
    );
    const store: Store = rig.store;
    const cases: Array<[string, { after?: number; before?: number; strict?: boolean }]> = [
      [`time_last_after=${T + 150}`, { after: T + 150 }],
      [`time_first_before=${T + 20}`, { before: T + 20 }],
      [
        `time_last_after=${T + 150}&time_first_before=${T + 20}`,
        { after: T + 150, before: T + 20 },
      ],
      [
        `time_first_after=${T + 5}&time_last_before=${T + 250}`,
        { after: T + 5, before: T + 250, strict: true },
      ],
      [`time_first_after=${T}`, { after: T, strict: true }],
      [`time_last_before=${T + 100}`, { before: T + 100, strict: true }],
    ];
    for (const [params, fence] of cases) {
      const got = await query(rig, `${L}/rdata/ip/192.0.2.0,24?${params}`);
      const want = await pdnsSearch(store, { query: "192.0.2.0/24", fence });
      const merged = new Map<string, number>();
      for (const o of want.rows) merged.set(o.rdata, (merged.get(o.rdata) ?? 0) + o.count);
      assert.deepEqual(
        got.objs.map((r) => [r.rdata, r.count]),
        [...merged],
        params,
      );
    }
  });

  it("summarize: count, num_results and the time span; limited by limit or max_count", async () => {
    const S = "/dnsdb/v2/summarize/rrset/name/www.example.com";
    const whole = await query(rig, S);
    const want = await pdnsSummary(rig.store, { query: "www.example.com" });
    assert.deepEqual(whole.objs, [
      { count: 12, num_results: 5, time_first: T, time_last: T + 1000 },
    ]);
    assert.equal(want.count, 12);
    assert.deepEqual(whole.end, { cond: "succeeded" });
    const capped = await query(rig, `${S}?max_count=6`);
    assert.equal(capped.end.cond, "limited");
    assert.ok((capped.objs[0]!.count as number) >= 6);
    assert.ok((capped.objs[0]!.num_results as number) < 5);
    const two = await query(rig, `${S}?limit=2`);
    assert.equal(two.objs[0]!.num_results, 2);
    assert.equal(two.end.cond, "limited");
    const fenced = await query(rig, `${S}?time_first_after=${T + 900}`);
    assert.deepEqual(fenced.objs, [
      { count: 1, num_results: 1, time_first: T + 1000, time_last: T + 1000 },
    ]);
    const none = await query(rig, "/dnsdb/v2/summarize/rrset/name/nothing.example");
    assert.deepEqual(none.objs, [{ count: 0, num_results: 0 }]);
    const ip = await query(rig, "/dnsdb/v2/summarize/rdata/ip/192.0.2.77");
    assert.equal(ip.objs[0]!.num_results, 1);
  });

  it("humantime gives ISO 8601 times", async () => {
    const { objs } = await query(rig, `${L}/rdata/name/edge.cdn.example.net?humantime=true`);
    assert.equal(objs[0]!.time_first, "2023-11-14T22:13:20Z");
    assert.equal(objs[0]!.time_last, "2023-11-14T22:13:25Z");
  });

  it("bad queries are 400 with a one-line message; raw forms 501; no results is an empty stream", async () => {
    const cases: Array<[string, number, RegExp]> = [
      [`${L}/rrset/name/www.example.com/BOGUS`, 400, /unknown record type "BOGUS"/],
      [`${L}/rrset/name/www.example.com?limit=ten`, 400, /limit must be a whole number/],
      [`${L}/rrset/name/www.example.com?time_last_after=yesterday`, 400, /time_last_after/],
      [`${L}/rrset/name/a*b.example.com`, 400, /wildcard/],
      [`${L}/rrset/name/192.0.2.1`, 400, /wants a name/],
      [`${L}/rdata/ip/www.example.com`, 400, /rdata\/ip wants an address/],
      [`${L}/rrset/name/www.example.com/A,AAAA`, 400, /one record type/],
      [`${L}/rrset/name/%E0%A4%A`, 400, /URL encoding/],
      [`${L}/rrset/name/www.example.com?max_count=3`, 400, /max_count/],
      [`${L}/rrset/raw/0377777700/A`, 501, /raw/],
    ];
    for (const [path, status, msg] of cases) {
      const res = await rig.get(path);
      assert.equal(res.status, status, path);
      const body = (await res.json()) as Obj;
      assert.equal(body.cond, "failed");
      assert.match(body.msg as string, msg, path);
      assert.equal(String(body.msg).includes("\n"), false);
    }
    const empty = await query(rig, `${L}/rrset/name/nothing.example`);
    assert.deepEqual(empty, { objs: [], end: { cond: "succeeded" } });
    // swclient, version, aggr and unknown parameters are accepted.
    const extra = await query(
      rig,
      `${L}/rrset/name/example.com?swclient=test&version=1&aggr=f&whatever=1`,
    );
    assert.equal(extra.objs.length, 1);
  });

  it("logs one line per request: method, path, status, ms, rows; never the key", async () => {
    rig.log.length = 0;
    await (await rig.get(`${L}/rrset/name/www.example.com?limit=2`)).text();
    await (await rig.get(`${L}/rrset/name/www.example.com`, {})).text();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(rig.log.length, 2, rig.log.join("\n"));
    assert.match(
      rig.log[0]!,
      /^GET \/dnsdb\/v2\/lookup\/rrset\/name\/www\.example\.com 200 \d+ms 2 rows$/,
    );
    assert.match(rig.log[1]!, / 401 \d+ms 0 rows$/);
    for (const l of rig.log) assert.equal(l.includes(rig.key), false);
  });
});

describe("DNSDB API v2 streaming", () => {
  it("an error after the stream began ends it with one `failed` line", async () => {
    const rig = await inProcessRig({ pageSize: 5 });
    try {
      const real = rig.store.searchObservations.bind(rig.store);
      // The second page fails, as a store going away mid-answer would.
      rig.store.searchObservations = async (s) => {
        if (s.cursor !== undefined) throw new DnsightError("STORE", "sqlite: disk I/O error");
        return real(s);
      };
      const res = await rig.get(`${L}/rrset/name/${encodeURIComponent("*.bulk.example.org")}`);
      assert.equal(res.status, 200);
      const { objs, end } = saf(await lines(res));
      assert.equal(objs.length, 4, "the fifth name's RRset was still open");
      // The client is told the store failed; what failed goes to the server's log only.
      assert.deepEqual(end, {
        cond: "failed",
        msg: "the store is not available; try again later",
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.match(rig.log.join("\n"), /200 \d+ms 4 rows \(sqlite: disk I\/O error\)$/);
    } finally {
      await rig.close();
    }
  });

  it("rdata lookups in key order: one triple's rows from several sensors make one record", async () => {
    const mx = (rrname: string, rdata: string, sensorId: string): Observation => ({
      rrname,
      rrtype: "MX",
      rdata,
      sensorId,
      timeFirst: T,
      timeLast: T,
      count: 1,
      source: "passive",
    });
    const rig = await inProcessRig({ pageSize: 100 }, []);
    try {
      // Written apart, so that the order rows were stored in is not the key order.
      await rig.store.writeObservations([mx("b.example.com", "10 mx.example.net.", "s1")]);
      await rig.store.writeObservations([mx("a.example.com", "20 mx.example.net.", "s1")]);
      await rig.store.writeObservations([mx("b.example.com", "10 mx.example.net.", "s2")]);
      const { objs } = await query(rig, `${L}/rdata/name/mx.example.net`);
      assert.deepEqual(
        objs.map((r) => [r.rrname, r.rdata, r.count]),
        [
          ["b.example.com.", "10 mx.example.net.", 2],
          ["a.example.com.", "20 mx.example.net.", 1],
        ],
      );
    } finally {
      await rig.close();
    }
  });

  it("streams page by page: many rows, small pages, every record once, in order", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      rrname: `h${String(i).padStart(5, "0")}.big.example`,
      rrtype: "A",
      rdata: `10.0.${i >> 8}.${i & 255}`,
      timeFirst: T,
      timeLast: T,
      count: 1,
      source: "passive" as const,
    }));
    const rig = await inProcessRig({ pageSize: 100 }, rows);
    try {
      let pages = 0;
      const real = rig.store.searchObservations.bind(rig.store);
      rig.store.searchObservations = async (s) => {
        pages++;
        assert.equal(s.limit, 100);
        return real(s);
      };
      const { objs, end } = await query(
        rig,
        `${L}/rrset/name/${encodeURIComponent("*.big.example")}?limit=0`,
      );
      assert.equal(end.cond, "succeeded");
      assert.equal(objs.length, 2500);
      assert.equal(new Set(objs.map((r) => r.rrname)).size, 2500);
      assert.ok(pages >= 25, `${pages} pages`);
    } finally {
      await rig.close();
    }
  });
});
