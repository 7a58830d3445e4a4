// /api/v1/alerts: the alert store's list (what `dnsight alerts` prints) with its
// filters plus severity, paged by a (lastSeen, id) cursor that neither repeats nor
// skips an alert when new ones arrive between pages; one alert by id.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { alertPage } from "../../../src/api/v1/alert-pages.js";
import { alertFromFinding } from "../../../src/detect/alert.js";
import type { Alert } from "../../../src/model/alert.js";
import type { Finding, Severity } from "../../../src/model/finding.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { answerChecker, fetchDoc, operations } from "./_v1.js";

const SEV: Severity[] = ["low", "medium", "high", "critical"];
const TECH = ["T1584.002", "T1583.001", "T1584", "T1665"] as const;

const finding = (i: number): Finding => ({
  rule: "dns.ns-changed",
  technique: TECH[i % 4]!,
  dataComponents: ["DC0103"],
  entity: `e${i % 3}.example.com`,
  key: `k${i}`,
  severity: SEV[i % 4]!,
  confidence: 80,
  summary: `finding ${i} <img src=x onerror=alert(1)>`,
  evidence: [{ source: "active", what: "NS set", before: ["a"], after: ["b"] }],
});

/** Every three alerts share a lastSeen, so ties are ordered by id. */
const at = (i: number): Date => new Date(Date.UTC(2026, 10, 1, 0, Math.floor(i / 3)));

async function pages(rig: ApiRig, query: string): Promise<Alert[]> {
  const out: Alert[] = [];
  let url: string | undefined = `/api/v1/alerts?${query}`;
  while (url !== undefined) {
    const res = await rig.get(url);
    assert.equal(res.status, 200, url);
    const page = (await res.json()) as { alerts: Alert[]; next?: string };
    out.push(...page.alerts);
    const link = /^<([^>]+)>; rel="next"$/.exec(res.headers.get("link") ?? "");
    assert.equal(link !== null, page.next !== undefined);
    url = link?.[1];
  }
  return out;
}

describe("/api/v1/alerts", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig();
    for (let i = 0; i < 25; i++)
      await rig.store.alerts!.upsertAlert(alertFromFinding(finding(i), at(i)));
    const some = await rig.store.alerts!.listAlerts({ limit: 3 });
    await rig.store.alerts!.setAlertStatus(some[1]!.id, "closed");
  });
  after(() => rig.close());

  it("pages through every alert in the store's order, in the documented shape", async () => {
    const all = await rig.store.alerts!.listAlerts();
    assert.equal(all.length, 25);
    assert.deepEqual(await pages(rig, "limit=4"), all);
    const doc = await fetchDoc(rig);
    const op = operations(doc).find((o) => o.path === "/alerts")!;
    const res = await rig.get("/api/v1/alerts?limit=2");
    answerChecker(doc)(op, 200, "application/json", await res.json());
  });

  it("filters as the CLI does (technique takes sub-techniques), plus severity", async () => {
    const store = rig.store.alerts!;
    const since = at(12).toISOString();
    const cases: Array<[string, () => Promise<Alert[]>]> = [
      ["technique=T1584", () => store.listAlerts({ techniques: ["T1584"] })],
      ["technique=t1665,T1583.001", () => store.listAlerts({ techniques: ["T1665", "T1583.001"] })],
      ["status=closed", () => store.listAlerts({ statuses: ["closed"] })],
      ["status=open,acknowledged", () => store.listAlerts({ statuses: ["open", "acknowledged"] })],
      [`since=${since}`, () => store.listAlerts({ since })],
      ["entity=E1.example.com.", () => store.listAlerts({ entity: "e1.example.com" })],
      [
        "severity=high,critical",
        async () =>
          (await store.listAlerts()).filter((a) => ["high", "critical"].includes(a.severity)),
      ],
      [
        "severity=low&technique=T1584",
        async () =>
          (await store.listAlerts({ techniques: ["T1584"] })).filter((a) => a.severity === "low"),
      ],
    ];
    for (const [q, want] of cases) {
      const expected = await want();
      assert.ok(expected.length > 0, q);
      assert.deepEqual(await pages(rig, `${q}&limit=2`), expected, q);
    }
  });

  it("a page after new and re-seen alerts neither repeats nor skips one", async () => {
    const res = await rig.get("/api/v1/alerts?limit=5");
    const first = (await res.json()) as { alerts: Alert[]; next: string };
    const before = await rig.store.alerts!.listAlerts();
    // A new alert and one of the first page seen again: both go to the top.
    await rig.store.alerts!.upsertAlert(alertFromFinding(finding(100), at(200)));
    await rig.store.alerts!.upsertAlert(alertFromFinding(finding(24), at(201)));
    const rest = await pages(rig, `limit=5&cursor=${first.next}`);
    assert.deepEqual(
      rest.map((a) => a.id),
      before.slice(5).map((a) => a.id),
    );
  });

  it("refuses a bad filter or cursor, naming it", async () => {
    for (const [q, name] of [
      ["technique=lateral", "technique"],
      ["severity=urgent", "severity"],
      ["status=done", "status"],
      ["since=whenever", "since"],
      ["limit=501", "limit"],
    ] as const) {
      const res = await rig.get(`/api/v1/alerts?${q}`);
      assert.equal(res.status, 400, q);
      const p = (await res.json()) as { errors: Array<{ name: string }> };
      assert.deepEqual(
        p.errors.map((e) => e.name),
        [name],
        q,
      );
    }
    const res = await rig.get("/api/v1/alerts?cursor=bm9wZQ");
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { detail: string }).detail, /"cursor"/);
  });

  it("gives one alert by id, evidence and hostile text as stored, and 404 for none", async () => {
    const [a] = await rig.store.alerts!.listAlerts({ limit: 1 });
    const res = await rig.get(`/api/v1/alerts/${encodeURIComponent(a!.id)}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), { ...a, notes: [] });
    const none = await rig.get("/api/v1/alerts/nope");
    assert.equal(none.status, 404);
    assert.equal(none.headers.get("content-type"), "application/problem+json");
  });

  it("looks at a bounded window of alerts and says so when there were more", async () => {
    const store = rig.store.alerts!;
    const page = await alertPage(store, {
      filter: {},
      severities: ["critical"],
      limit: 50,
      window: 8,
    });
    const newest8 = (await store.listAlerts({ limit: 8 })).filter((a) => a.severity === "critical");
    assert.deepEqual(page.alerts, newest8);
    assert.match(page.limited ?? "", /only the newest 8 alerts/);
    const whole = await alertPage(store, { filter: {}, limit: 50, window: 1000 });
    assert.equal(whole.limited, undefined);
    assert.equal(whole.alerts.length, 26);
  });
});
