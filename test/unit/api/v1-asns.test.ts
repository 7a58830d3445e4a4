// /api/v1/asns/{asn}: the prefixes the offline IP → AS table gives an AS and the names
// passive DNS saw on addresses inside them (a real SQLite store holding rows inside
// Google's AS15169 and outside it); every spelling of the number, and a 400 naming
// the parameter for anything else.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { FIXTURE, inProcessRig, T, type ApiRig } from "./_server.js";
import { answerChecker, fetchDoc, operations, type Doc } from "./_v1.js";

const o = (rrname: string, rrtype: string, rdata: string, over: Partial<Observation> = {}) =>
  ({
    rrname,
    rrtype,
    rdata,
    timeFirst: T,
    timeLast: T,
    count: 1,
    source: "passive",
    ...over,
  }) as Observation;

/** Rows on Google's addresses (v4 in two of its prefixes, v6), and on Cloudflare's. */
export const AS_ROWS: Observation[] = [
  ...FIXTURE,
  o("dns.google", "A", "8.8.8.8", { timeLast: T + 50, count: 4, sensorId: "s1" }),
  o("dns.google", "A", "8.8.8.8", {
    timeFirst: T - 10,
    timeLast: T + 20,
    count: 2,
    sensorId: "s2",
  }),
  o("dns.google", "A", "8.8.4.4", { timeLast: T + 40 }),
  o("dns.google", "AAAA", "2001:4860:4860::8888", { timeLast: T + 30 }),
  o("example.com", "A", "8.8.8.8", { timeLast: T + 100 }),
  o("one.one.one.one", "A", "1.1.1.1", { timeLast: T + 500 }),
  o("dns.google", "TXT", '"8.8.8.8"', { timeLast: T + 900 }),
];

describe("/api/v1/asns/{asn}", () => {
  let rig: ApiRig;
  let doc: Doc;
  let check: ReturnType<typeof answerChecker>;
  const get = async (path: string, status = 200): Promise<Record<string, unknown>> => {
    const res = await rig.get(`/api/v1${path}`);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
    const op = operations(doc).find((x) => x.path === "/asns/{asn}")!;
    check(op, status, res.headers.get("content-type")!, body);
    return body;
  };

  before(async () => {
    rig = await inProcessRig({}, AS_ROWS);
    doc = await fetchDoc(rig);
    check = answerChecker(doc);
  });
  after(() => rig.close());

  it("gives the AS's name, country and prefixes, and the names seen inside them only", async () => {
    const body = await get("/asns/AS15169");
    assert.equal(body.asn, 15169);
    assert.match(body.name as string, /google/i);
    assert.equal(body.country, "US");
    const p = body.prefixes as {
      cidrs: string[];
      count: number;
      truncated: boolean;
      searched: number;
    };
    assert.ok(p.cidrs.includes("8.8.8.0/24"), p.cidrs.slice(0, 5).join(" "));
    assert.ok(p.cidrs.includes("8.8.4.0/24"));
    assert.ok(p.cidrs.some((c) => c.startsWith("2001:4860:")));
    assert.equal(p.count, p.cidrs.length);
    assert.equal(p.truncated, false);
    assert.equal(p.searched, Math.min(p.count, 256));
    assert.deepEqual(body.names, [
      { name: "example.com", type: "A", ip: "8.8.8.8", firstSeen: T, lastSeen: T + 100, count: 1 },
      {
        name: "dns.google",
        type: "A",
        ip: "8.8.8.8",
        firstSeen: T - 10,
        lastSeen: T + 50,
        count: 6,
      },
      { name: "dns.google", type: "A", ip: "8.8.4.4", firstSeen: T, lastSeen: T + 40, count: 1 },
      {
        name: "dns.google",
        type: "AAAA",
        ip: "2001:4860:4860::8888",
        firstSeen: T,
        lastSeen: T + 30,
        count: 1,
      },
    ]);
    assert.equal(body.truncated, false);
  });

  it("takes 15169, AS15169 and as15169 alike", async () => {
    const a = await get("/asns/15169");
    assert.deepEqual(await get("/asns/as15169"), a);
    assert.deepEqual(await get("/asns/AS15169"), a);
  });

  it("caps the names with limit and says truncated", async () => {
    const body = await get("/asns/15169?limit=1");
    assert.deepEqual(
      (body.names as Array<{ name: string }>).map((n) => n.name),
      ["example.com"],
    );
    assert.equal(body.truncated, true);
  });

  it("finds names on another AS's addresses in that AS (Cloudflare's 1.1.1.1)", async () => {
    const body = await get("/asns/13335");
    assert.deepEqual(
      (body.names as Array<{ name: string; ip: string }>).map((n) => [n.name, n.ip]),
      [["one.one.one.one", "1.1.1.1"]],
    );
  });

  it("answers an AS that announces nothing with empty lists", async () => {
    assert.deepEqual(await get("/asns/64500"), {
      asn: 64500,
      name: null,
      country: null,
      prefixes: { cidrs: [], count: 0, truncated: false, searched: 0 },
      names: [],
      truncated: false,
    });
  });

  it("400s anything but an AS number, and a bad limit, naming the parameter", async () => {
    for (const [path, name] of [
      ["/asns/no-such-asn", "asn"],
      ["/asns/AS-1", "asn"],
      ["/asns/4294967296", "asn"],
      ["/asns/AS%2015169", "asn"],
      ["/asns/8.8.8.8", "asn"],
      ["/asns/15169?limit=1001", "limit"],
      ["/asns/15169?colour=red", "colour"],
    ] as const) {
      const body = (await get(path, 400)) as { errors: Array<{ name: string }> };
      assert.ok(
        body.errors.some((e) => e.name === name),
        `${path}: ${JSON.stringify(body)}`,
      );
    }
  });
});
