import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ipNumber } from "../../../src/net/ip-number.js";
import { parsePdnsQuery } from "../../../src/passive/query.js";
import type { ObservationSearch, SearchTarget, Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, prng, withStore } from "./_helpers.js";

// Passive-DNS search: every query form against a brute-force model over the same
// rows (what a search must return, computed the slow, obvious way), then paging.

const T = 1_700_000_000;

const ROWS: Observation[] = [
  obs({ rrname: "example.com", rrtype: "A", rdata: "192.0.2.1" }),
  obs({
    rrname: "www.example.com",
    rrtype: "A",
    rdata: "192.0.2.2",
    timeFirst: T - 500,
    timeLast: T - 400,
  }),
  obs({ rrname: "www.example.com", rrtype: "AAAA", rdata: "2001:db8::1" }),
  obs({ rrname: "a.b.example.com", rrtype: "CNAME", rdata: "edge.cdn.example.net." }),
  obs({ rrname: "badexample.com", rrtype: "A", rdata: "192.0.2.255" }),
  // "-" sorts before "." and "/": the edges of the reversed-name and prefix ranges.
  obs({ rrname: "www.example-shop.com", rrtype: "A", rdata: "192.0.2.3" }),
  obs({ rrname: "example-shop.com", rrtype: "CNAME", rdata: "www.example-shop.net." }),
  obs({ rrname: "example.org", rrtype: "NS", rdata: "NS1.Example.NET." }),
  obs({ rrname: "example.com.evil", rrtype: "A", rdata: "198.51.100.1" }),
  obs({ rrname: "example.com", rrtype: "MX", rdata: "10 mail.example.net." }),
  obs({ rrname: "_sip._tcp.example.com", rrtype: "SRV", rdata: "0 5 5060 sip.example.net." }),
  obs({
    rrname: "example.com",
    rrtype: "SOA",
    rdata: "ns1.example.net. hostmaster.example.com. 1 2 3 4 5",
  }),
  obs({ rrname: "svc.example.com", rrtype: "HTTPS", rdata: "1 . alpn=h2" }),
  obs({ rrname: "alias.example.com", rrtype: "HTTPS", rdata: "0 pool.example.net." }),
  obs({ rrname: "v4.example.com", rrtype: "A", rdata: "10.0.0.0" }),
  obs({ rrname: "v4.example.com", rrtype: "A", rdata: "10.255.255.255" }),
  obs({ rrname: "v4.example.com", rrtype: "A", rdata: "11.0.0.0" }),
  obs({ rrname: "v6.example.com", rrtype: "AAAA", rdata: "::ffff:10.0.0.1" }),
  obs({ rrname: "txt.example.com", rrtype: "TXT", rdata: '"192.0.2.1 example.net"' }),
  obs({
    rrname: "example.com",
    rrtype: "A",
    rdata: "192.0.2.1",
    sensorId: "s2",
    bailiwick: "com",
    timeFirst: T + 100,
    timeLast: T + 900,
  }),
];

/** The rrtype and rdata name the contract expects to be indexed, by the obvious rule. */
function rdataTarget(o: Observation): string | undefined {
  const f = o.rdata.split(" ");
  const pick: Record<string, string | undefined> = {
    CNAME: f[0],
    NS: f[0],
    SOA: f[0],
    MX: f[1],
    SRV: f[3],
    HTTPS: f[1],
  };
  const n = pick[o.rrtype];
  return n === undefined || n === "." ? undefined : n.toLowerCase().replace(/\.$/, "");
}

function matches(t: SearchTarget, o: Observation): boolean {
  if (t.on === "ip") {
    if (o.rrtype !== (t.version === 4 ? "A" : "AAAA")) return false;
    const a = ipNumber(o.rdata);
    return a !== undefined && a.version === t.version && a.value >= t.first && a.value <= t.last;
  }
  const name = t.on === "rrname" ? o.rrname : rdataTarget(o);
  if (name === undefined) return false;
  const m = t.match;
  if (m.kind === "name") return name === m.name;
  if (m.kind === "below") return name.endsWith(`.${m.suffix}`);
  return name.startsWith(`${m.labels}.`);
}

function model(s: ObservationSearch): string[] {
  return ROWS.filter(
    (o) =>
      matches(s.target, o) &&
      (s.rrtype === undefined || o.rrtype === s.rrtype) &&
      (s.timeLastAfter === undefined || o.timeLast >= s.timeLastAfter) &&
      (s.timeFirstBefore === undefined || o.timeFirst <= s.timeFirstBefore) &&
      (s.timeFirstAfter === undefined || o.timeFirst >= s.timeFirstAfter) &&
      (s.timeLastBefore === undefined || o.timeLast <= s.timeLastBefore),
  )
    .map(show)
    .sort();
}

const show = (o: Observation): string => `${o.rrname} ${o.rrtype} ${o.rdata} ${o.sensorId ?? ""}`;

function target(q: string, rdata = false): SearchTarget {
  const p = parsePdnsQuery(q);
  if (p.kind === "ip") return { on: "ip", version: p.version, first: p.first, last: p.last };
  return { on: rdata ? "rdata" : "rrname", match: p };
}

async function all(s: Store, search: ObservationSearch): Promise<string[]> {
  return (await s.searchObservations(search)).rows.map(show).sort();
}

export function searchTests(f: StoreFactory): void {
  const seeded = (fn: (s: Store) => Promise<void>) =>
    withStore(f, async (s) => {
      await s.writeObservations(ROWS);
      await fn(s);
    });

  it("answers every query form as the brute-force model does", () =>
    seeded(async (s) => {
      const cases: Array<[string, boolean]> = [
        ["example.com", false],
        ["*.example.com", false],
        ["example.*", false],
        ["www.example.*", false],
        ["*.com", false],
        ["nothing.example", false],
        ["example.net", true],
        ["*.example.net", true],
        ["edge.*", true],
        ["ns1.example.net", true],
        ["192.0.2.1", false],
        ["192.0.2.0/24", false],
        ["10.0.0.0,8", false],
        ["10.0.0.0-11.0.0.0", false],
        ["::ffff:10.0.0.0/120", false],
        ["2001:db8::/32", false],
      ];
      for (const [q, rdata] of cases) {
        const t = target(q, rdata);
        assert.deepEqual(
          await all(s, { target: t }),
          model({ target: t }),
          `${q}${rdata ? " --rdata" : ""}`,
        );
      }
      // Names in rdata are found whatever their case; "." (no target) is not a name.
      assert.equal((await all(s, { target: target("ns1.example.net", true) })).length, 2);
      assert.deepEqual(await all(s, { target: target("svc.example.com", true) }), []);
    }));

  it("filters by rrtype and by time fences with DNSDB's bounds", () =>
    seeded(async (s) => {
      const t = target("*.example.com");
      for (const extra of [
        { rrtype: "AAAA" },
        { timeLastAfter: T },
        { timeFirstBefore: T - 450 },
        { timeFirstAfter: T + 1, timeLastBefore: T + 1000 },
      ]) {
        const search = { target: t, ...extra };
        assert.deepEqual(await all(s, search), model(search), JSON.stringify(extra));
      }
    }));

  it("pages with a cursor without repeats or gaps, also while rows merge in between", () =>
    seeded(async (s) => {
      for (const q of ["*.example.com", "example.com", "192.0.2.0/24", "example.*"]) {
        const t = target(q);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 50; page++) {
          const r = await s.searchObservations({
            target: t,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...r.rows.map(show));
          // A merge into a row already shown must not bring it back on a later page.
          if (r.rows[0])
            await s.writeObservations([{ ...r.rows[0], timeFirst: T, timeLast: T, count: 1 }]);
          if (!r.next) break;
          cursor = r.next;
        }
        assert.deepEqual([...seen].sort(), model({ target: t }), q);
        assert.equal(new Set(seen).size, seen.length, `${q}: a row came twice`);
      }
    }));

  it("scanMax bounds the rows read per call; the pages still add up to the whole answer", () =>
    seeded(async (s) => {
      const cases: ObservationSearch[] = [
        { target: target("*.example.com"), rrtype: "A" },
        { target: target("*.example.com"), timeLastAfter: T },
        { target: target("example.com"), rrtype: "A" },
        { target: target("192.0.2.0/24"), timeFirstBefore: T },
        { target: target("*.example.net", true) },
      ];
      for (const search of cases) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let call = 0; call < 100; call++) {
          const r = await s.searchObservations({
            ...search,
            limit: 2,
            scanMax: 2,
            ...(cursor ? { cursor } : {}),
          });
          assert.ok(r.rows.length <= 2);
          seen.push(...r.rows.map(show));
          if (!r.next) break;
          cursor = r.next;
        }
        const what = JSON.stringify(search, (_k, v: unknown) =>
          typeof v === "bigint" ? String(v) : v,
        );
        assert.deepEqual(seen.sort(), model(search), what);
      }
      await assert.rejects(
        s.searchObservations({ target: target("*.example.com"), offset: 1, scanMax: 5 }),
        /offset and scanMax/,
      );
    }));

  it("refuses a cursor from another kind of query", () =>
    seeded(async (s) => {
      const r = await s.searchObservations({ target: target("*.example.com"), limit: 1 });
      assert.ok(r.next);
      await assert.rejects(
        s.searchObservations({ target: target("192.0.2.0/24"), cursor: r.next }),
        /cursor does not belong/,
      );
    }));

  it("summarizes count, results and time bounds", () =>
    seeded(async (s) => {
      const t = target("example.com");
      const sum = await s.summarizeObservations({ target: t });
      const rows = ROWS.filter((o) => o.rrname === "example.com");
      assert.deepEqual(sum, {
        count: rows.reduce((n, o) => n + o.count, 0),
        numResults: rows.length,
        timeFirst: Math.min(...rows.map((o) => o.timeFirst)),
        timeLast: Math.max(...rows.map((o) => o.timeLast)),
      });
      assert.deepEqual(await s.summarizeObservations({ target: target("nothing.example") }), {
        count: 0,
        numResults: 0,
      });
    }));

  it("scans every row in key order, in batches", () =>
    withStore(f, async (s) => {
      const rand = prng(7);
      const rows = Array.from({ length: 250 }, (_, i) =>
        obs({ rrname: `n${Math.floor(rand() * 1e6)}-${i}.example`, rdata: `192.0.2.${i % 256}` }),
      );
      await s.writeObservations(rows);
      const batches: Observation[][] = [];
      for await (const b of s.scanObservations(100)) batches.push(b);
      assert.deepEqual(
        batches.map((b) => b.length),
        [100, 100, 50],
      );
      const names = batches.flat().map((o) => o.rrname);
      // A scan derived from search (src/store/derive.ts) goes by reversed name.
      const by = f.derivedScan ? (n: string) => n.split(".").reverse().join(".") : (n: string) => n;
      assert.deepEqual(
        names,
        [...rows.map((o) => o.rrname)].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0)),
      );
    }));

  it("keeps a checkpoint with its batch, and only with it", () =>
    withStore(f, async (s) => {
      assert.equal(await s.readCheckpoint("in.log"), undefined);
      await s.writeObservations([obs()], { input: "in.log", offset: 100 });
      assert.deepEqual(await s.readCheckpoint("in.log"), { input: "in.log", offset: 100 });
      // A batch refused as a whole leaves the checkpoint where it was.
      await assert.rejects(
        s.writeObservations([obs({ rrname: "ok.example" }), obs({ count: -1 })], {
          input: "in.log",
          offset: 200,
        }),
      );
      assert.deepEqual(await s.readCheckpoint("in.log"), { input: "in.log", offset: 100 });
      assert.deepEqual(await s.queryObservations({ rrname: "ok.example" }), []);
      // A checkpoint alone (the rest of the input had nothing to store) moves it.
      await s.writeObservations([], { input: "in.log", offset: 300 });
      assert.equal((await s.readCheckpoint("in.log"))?.offset, 300);
    }));
}
