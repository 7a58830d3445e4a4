// GET /api/v1/alerts/export: the alerts of the list's filters or of picked ids, as a
// STIX 2.1 bundle (valid against the OASIS schemas, the bundle `dnsight alerts
// --format stix` makes of the same alerts) or as the CLI's CSV, as an attachment;
// refused whole past its cap, never cut.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { alertCsvRow, alertsCsvHeader } from "../../../src/export/alerts-csv.js";
import { stixBundle } from "../../../src/export/stix.js";
import type { Finding, Severity } from "../../../src/model/finding.js";
import { checkBundle } from "../export/_stix-schemas.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { answerChecker, fetchDoc, operations } from "./_v1.js";

const SEV: Severity[] = ["low", "medium", "high", "critical"];
const TECH = ["T1584.002", "T1583.001", "T1584.001", "T1665"] as const;

const finding = (i: number): Finding => ({
  rule: "dns.new-address",
  technique: TECH[i % 4]!,
  dataComponents: ["DC0103"],
  entity: `e${i % 3}.example.com`,
  key: `203.0.113.${i}`,
  severity: SEV[i % 4]!,
  confidence: 70,
  summary: `=HYPERLINK("x") "quoted", <img src=x onerror=alert(${i})>`,
  evidence: [{ source: "active", what: "addresses", after: [`203.0.113.${i}`, "2001:db8::9"] }],
});

describe("/api/v1/alerts/export", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ now: () => Date.UTC(2026, 11, 1) / 1000 });
    for (let i = 0; i < 12; i++)
      await rig.store.alerts!.upsertAlert(
        alertFromFinding(finding(i), new Date(Date.UTC(2026, 10, 1 + i))),
      );
  });
  after(() => rig.close());

  it("exports the filtered alerts as the CLI's STIX 2.1 bundle, valid against the OASIS schemas", async () => {
    const res = await rig.get(
      "/api/v1/alerts/export?format=stix&technique=T1584&severity=low,high",
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/stix+json;version=2.1");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /^attachment; filename="dnsight-alerts-20261201T000000Z\.stix\.json"$/,
    );
    const bundle = (await res.json()) as ReturnType<typeof stixBundle>;
    const want = (await rig.store.alerts!.listAlerts({ techniques: ["T1584"] })).filter((a) =>
      ["low", "high"].includes(a.severity),
    );
    assert.equal(want.length, 6);
    assert.deepEqual(bundle, stixBundle(want));
    assert.ok(checkBundle(bundle).includes("indicator"));
    const doc = await fetchDoc(rig);
    const op = operations(doc).find((o) => o.path === "/alerts/export")!;
    answerChecker(doc)(op, 200, "application/stix+json", bundle);
  });

  it("exports picked ids, repeated or comma-separated, and CSV as the CLI writes it", async () => {
    const all = await rig.store.alerts!.listAlerts();
    const [a, b, c] = [all[3]!, all[0]!, all[7]!];
    const res = await rig.get(
      `/api/v1/alerts/export?format=csv&id=${a.id}&id=${b.id},${c.id}&id=${a.id}`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8; header=present");
    assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename=".*\.csv"$/);
    assert.equal(await res.text(), alertsCsvHeader() + [a, b, c].map(alertCsvRow).join(""));
    const stix = await rig.get(`/api/v1/alerts/export?format=stix&id=${c.id}`);
    const bundle = (await stix.json()) as ReturnType<typeof stixBundle>;
    assert.deepEqual(bundle, stixBundle([c]));
    checkBundle(bundle);
  });

  it("refuses bad parameters with 400 naming them, an unknown id with 404", async () => {
    for (const [q, name] of [
      ["", "format"],
      ["format=xml", "format"],
      ["format=stix&id=nope", "id"],
      ["format=stix&severity=urgent", "severity"],
      ["format=stix&limit=5", "limit"],
      [
        `format=stix&id=${Array.from({ length: 251 }, () => "al-0123456789abcdef0123").join(",")}`,
        "id",
      ],
    ] as const) {
      const res = await rig.get(`/api/v1/alerts/export?${q}`);
      assert.equal(res.status, 400, q.slice(0, 40));
      const p = (await res.json()) as { errors: Array<{ name: string }> };
      assert.deepEqual(
        p.errors.map((e) => e.name),
        [name],
      );
    }
    const both = await rig.get(
      "/api/v1/alerts/export?format=csv&id=al-0123456789abcdef0123&status=open",
    );
    assert.equal(both.status, 400);
    assert.match(((await both.json()) as { detail: string }).detail, /"id".*leave out status/);
    const none = await rig.get("/api/v1/alerts/export?format=csv&id=al-0123456789abcdef0123");
    assert.equal(none.status, 404);
    assert.equal(none.headers.get("content-type"), "application/problem+json");
  });

  it("refuses an export past its cap whole, naming the filters that narrow it", async () => {
    const { EXPORT_MAX } = await import("../../../src/api/v1/alert-export-route.js");
    const big = await inProcessRig();
    try {
      const base = Date.UTC(2026, 0, 1);
      for (let i = 0; i <= EXPORT_MAX; i++)
        await big.store.alerts!.upsertAlert(
          alertFromFinding({ ...finding(i), key: `k${i}` }, new Date(base + i * 60_000)),
        );
      let t0 = performance.now();
      const res = await big.get("/api/v1/alerts/export?format=stix");
      assert.equal(res.status, 400);
      assert.match(
        ((await res.json()) as { detail: string }).detail,
        new RegExp(`more than ${EXPORT_MAX} alerts match: narrow`),
      );
      const refusedMs = performance.now() - t0;
      const since = new Date(base + 60_000).toISOString();
      t0 = performance.now();
      const ok = await big.get(`/api/v1/alerts/export?format=stix&since=${since}`);
      assert.equal(ok.status, 200);
      const bundle = (await ok.json()) as { objects: Array<{ type: string }> };
      assert.equal(bundle.objects.filter((o) => o.type === "indicator").length, EXPORT_MAX);
      const exportMs = performance.now() - t0;
      console.log(
        `# ${EXPORT_MAX + 1} alerts refused in ${refusedMs.toFixed(0)} ms; ${EXPORT_MAX} exported as STIX in ${exportMs.toFixed(0)} ms`,
      );
    } finally {
      await big.close();
    }
  });
});
