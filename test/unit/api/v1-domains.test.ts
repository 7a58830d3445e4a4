// /api/v1/domains/{name} and /domains/{name}/subdomains: the domain page's summary
// card (latest registration snapshot, what passive DNS saw last with AS and country,
// open alerts) and the names below it, paged; hostile stored text comes back as
// plain JSON strings; a name the store knows nothing of is a 404.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import type { Finding } from "../../../src/model/finding.js";
import { subdomainPage } from "../../../src/passive/subdomains.js";
import { storeReader } from "../../../src/passive/read-pages.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { HOSTILE, INTEL_ROWS, SNAPSHOTS } from "./_intel.js";

const finding = (key: string, entity = "example.com"): Finding => ({
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity,
  key,
  severity: "high",
  confidence: 80,
  summary: `NS changed ${HOSTILE}`,
  evidence: [{ source: "active", what: "NS set", before: ["a"], after: ["b"] }],
});

interface Card {
  name: string;
  registration: Record<string, unknown> | null;
  current: Record<string, Array<Record<string, unknown>>>;
  openAlerts: number;
}

describe("/api/v1/domains", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({}, INTEL_ROWS);
    await rig.store.registrations!.writeSnapshots(SNAPSHOTS);
    const alerts = rig.store.alerts!;
    await alerts.upsertAlert(alertFromFinding(finding("k1"), new Date(T * 1000)));
    await alerts.upsertAlert(alertFromFinding(finding("k2"), new Date(T * 1000)));
    const closed = await alerts.upsertAlert(alertFromFinding(finding("k3"), new Date(T * 1000)));
    await alerts.setAlertStatus(closed.alert.id, "closed");
    await alerts.upsertAlert(alertFromFinding(finding("k4", "other.org"), new Date(T * 1000)));
  });
  after(() => rig.close());

  it("gives the summary card: registration, current records with AS and country, open alerts", async () => {
    const res = await rig.get("/api/v1/domains/Example.COM.");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const card = (await res.json()) as Card;
    assert.equal(card.name, "example.com");
    // The newest snapshot: its registrar is hostile text, given back as it was stored.
    assert.deepEqual(card.registration, {
      registrar: HOSTILE,
      created: "1995-08-14T04:00:00Z",
      expires: "2027-08-13T04:00:00Z",
      updated: "2024-08-14T07:01:34Z",
      status: ["clientTransferProhibited https://icann.org/epp#clientTransferProhibited"],
      privacy: true,
      fetchedAt: T + 2 * 86_400,
    });
    // 192.0.2.50 was last seen a month before 8.8.8.8: replaced, not current.
    assert.equal(card.current.A!.length, 1);
    const a = card.current.A![0]!;
    assert.equal(a.value, "8.8.8.8");
    assert.equal(a.lastSeen, T + 100);
    assert.equal((a.asn as { number: number }).number, 15169);
    assert.equal(a.country, "US");
    assert.deepEqual(card.current.AAAA, [{ value: "2001:db8::53", lastSeen: T + 90 }]);
    assert.deepEqual(card.current.NS, [{ value: "ns1.example.net", lastSeen: T }]);
    assert.deepEqual(card.current.MX, [
      { value: "mx.example.net", preference: 10, lastSeen: T + 100 },
    ]);
    assert.equal(card.openAlerts, 2);
  });

  it("answers a name with only passive DNS, and one with only subdomains", async () => {
    const www = (await (await rig.get("/api/v1/domains/www.example.com")).json()) as Card;
    assert.equal(www.registration, null);
    assert.deepEqual(
      www.current.A!.map((r) => r.value),
      ["192.0.2.9", "192.0.2.1", "192.0.2.2"],
    );
    assert.equal(www.openAlerts, 0);
    const b = await rig.get("/api/v1/domains/b.example.com");
    assert.equal(b.status, 200);
    const card = (await b.json()) as Card;
    assert.deepEqual(card.current, { A: [], AAAA: [], NS: [], MX: [] });
  });

  it("404s a name the store knows nothing of, and a path that is not a name", async () => {
    for (const path of [
      "/api/v1/domains/nothing.example",
      "/api/v1/domains/nothing.example/subdomains",
      "/api/v1/domains/a..b",
      "/api/v1/domains/has%20space/subdomains",
    ]) {
      const res = await rig.get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
    }
  });

  it("lists subdomains once each with first/last seen and summed count", async () => {
    const res = await rig.get("/api/v1/domains/example.com/subdomains");
    assert.equal(res.status, 200);
    const page = (await res.json()) as { names: Array<Record<string, unknown>>; next?: string };
    assert.deepEqual(page.names, [
      { name: "2001:db8::1.example.com", firstSeen: T, lastSeen: T, count: 1 },
      { name: "a.b.example.com", firstSeen: T, lastSeen: T + 5, count: 4 },
      { name: "deep.a.b.example.com", firstSeen: T, lastSeen: T, count: 1 },
      { name: "mail.example.com", firstSeen: T, lastSeen: T + 10, count: 2 },
      { name: "shop.example.com", firstSeen: T + 5, lastSeen: T + 5000, count: 7 },
      { name: "www.example.com", firstSeen: T, lastSeen: T + 1000, count: 13 },
    ]);
    assert.equal(page.next, undefined);
  });

  it("pages subdomains with cursor and Link, through store pages that end mid-name", async () => {
    const whole = await subdomainPage(storeReader(rig.store), "example.com", {
      pageSize: 1000,
      maxRows: 10_000,
      limit: 1000,
    });
    // Tiny store pages (2 rows: www.example.com has 6 rows) and one name per page.
    for (const [pageSize, limit] of [
      [2, 1],
      [3, 2],
      [1, 4],
    ] as const) {
      const names: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = await subdomainPage(storeReader(rig.store), "example.com", {
          pageSize,
          maxRows: 10_000,
          limit,
          ...(cursor !== undefined ? { cursor } : {}),
        });
        names.push(...page.names);
        cursor = page.next;
      } while (cursor !== undefined);
      assert.deepEqual(names, whole.names, `${pageSize} ${limit}`);
    }
    let url: string | undefined = "/api/v1/domains/example.com/subdomains?limit=2";
    const names: unknown[] = [];
    while (url !== undefined) {
      const res = await rig.get(url);
      const page = (await res.json()) as { names: unknown[]; next?: string };
      names.push(...page.names);
      url = /^<([^>]+)>; rel="next"$/.exec(res.headers.get("link") ?? "")?.[1];
      assert.equal(url !== undefined, page.next !== undefined);
    }
    assert.deepEqual(names, whole.names);
  });

  it("400s bad query parameters, naming them", async () => {
    for (const [q, name] of [
      ["limit=0", "limit"],
      ["cursor=bm9wZQ", undefined],
      ["sort=name", "sort"],
    ] as const) {
      const res = await rig.get(`/api/v1/domains/example.com/subdomains?${q}`);
      assert.equal(res.status, 400, q);
      const p = (await res.json()) as { detail: string; errors?: Array<{ name: string }> };
      if (name !== undefined)
        assert.ok(
          p.errors?.some((e) => e.name === name),
          q,
        );
      else assert.match(p.detail, /cursor/);
    }
    const card = await rig.get("/api/v1/domains/example.com?limit=3");
    assert.equal(card.status, 400);
  });
});
