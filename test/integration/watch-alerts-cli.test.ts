// `dnsight watch` and `dnsight alerts` on a real store: names normalised, kinds,
// removal; alerts listed newest first in text, JSON lines and RFC 4180 CSV, filtered
// and re-statused.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { alertFromFinding } from "../../src/detect/alert.js";
import type { Finding } from "../../src/model/finding.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/store/types.js";
import { cli, ndjson } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("watch-alerts");
after(() => tmp.remove());
let n = 0;
const db = (): string => join(tmp.path, `s${n++}.db`);
async function withStore<T>(path: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(path);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const finding = (over: Partial<Finding>): Finding => ({
  rule: "registration.registrar-changed",
  technique: "T1584.001",
  dataComponents: ["DC0101"],
  entity: "example.com",
  key: "292",
  severity: "high",
  confidence: 80,
  summary: 'registrar changed from "A, Inc." to B',
  evidence: [
    { source: "registration", what: "registrar.name changed", before: "A, Inc.", after: "B" },
  ],
  ...over,
});

describe("watch", () => {
  it("adds names as stored (A-labels), changes a kind, lists and removes", async () => {
    const d = db();
    const add = await cli(["watch", "add", "Example.COM.", "bücher.de", "--db", d]);
    assert.equal(add.status, 0, add.stderr);
    assert.equal(
      (await cli(["watch", "add", "bücher.de", "--kind", "brand", "--db", d])).status,
      0,
    );
    const list = await cli(["watch", "list", "--json", "--db", d]);
    assert.deepEqual(
      ndjson<{ name: string; kind: string }>(list.stdout).map((w) => `${w.name} ${w.kind}`),
      ["example.com owned", "xn--bcher-kva.de brand"],
    );
    const rm = await cli(["watch", "rm", "example.com", "nope.test", "--db", d]);
    assert.equal(rm.status, 1);
    assert.match(rm.stderr, /not watched: nope\.test/);
    assert.match((await cli(["watch", "list", "--db", d])).stdout, /^xn--bcher-kva\.de\tbrand\t/);
  });

  it("refuses a bad kind, an address and a malformed name with one line each", async () => {
    const d = db();
    for (const args of [
      ["x.test", "--kind", "mine"],
      ["192.0.2.1"],
      ["bad name.test"],
      ["<b>.test"],
    ]) {
      const r = await cli(["watch", "add", ...args, "--db", d]);
      assert.notEqual(r.status, 0);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});

describe("alerts", () => {
  it("lists newest first as text, JSON lines and CSV, filtered, and sets a status", async () => {
    const d = db();
    const store = await openSqliteStore(d);
    const older = alertFromFinding(finding({}), new Date("2026-11-01T00:00:00Z"));
    const newer = alertFromFinding(
      finding({
        rule: "dns.ns-changed",
        technique: "T1584.002",
        dataComponents: ["DC0103"],
        key: "ns1.evil.test",
        summary: "NS set moved, to ns1.evil.test",
      }),
      new Date("2026-11-02T00:00:00Z"),
    );
    await store.alerts!.upsertAlert(older);
    await store.alerts!.upsertAlert(newer);
    await store.close();

    const json = ndjson<{ id: string; techniques: string[]; analytics: string[] }>(
      (await cli(["alerts", "--format", "json", "--db", d])).stdout,
    );
    assert.deepEqual(
      json.map((a) => a.id),
      [newer.id, older.id],
    );
    assert.deepEqual(json[0]!.analytics, ["AN2023"]);
    const t1584002 = await cli([
      "alerts",
      "--technique",
      "T1584.002",
      "--format",
      "json",
      "--db",
      d,
    ]);
    assert.deepEqual(
      ndjson<{ id: string }>(t1584002.stdout).map((a) => a.id),
      [newer.id],
    );
    const both = await cli(["alerts", "--technique", "t1584", "--format", "json", "--db", d]);
    assert.equal(ndjson(both.stdout).length, 2);
    const since = await cli([
      "alerts",
      "--since",
      "2026-11-01T12:00:00Z",
      "--format",
      "json",
      "--db",
      d,
    ]);
    assert.equal(ndjson(since.stdout).length, 1);

    const csv = (await cli(["alerts", "--format", "csv", "--db", d])).stdout;
    const lines = csv.split("\r\n");
    assert.equal(
      lines[0],
      "id,rule,techniques,data_components,analytics,severity,confidence,entity,summary,first_seen,last_seen,count,status,evidence",
    );
    assert.equal(lines.length, 4); // header, two rows, the empty rest after the last CRLF
    // The quote and comma in the older summary and in the evidence JSON are quoted per RFC 4180.
    assert.ok(lines[2]!.includes(`"registrar changed from ""A, Inc."" to B"`), lines[2]);

    const text = await cli(["alerts", "--db", d]);
    assert.match(
      text.stdout.split("\n")[0]!,
      /^2026-11-02T00:00:00Z\s+high\s+T1584\.002\s+open\s+example\.com {2}NS set moved/,
    );

    const close = ["alerts", "status", older.id, "closed", "--comment", "our CDN", "--db", d];
    assert.equal((await cli(close, { env: { USER: "ann" } })).status, 0);
    // The same library call as the API's: the move is noted, closing twice is refused.
    const twice = await cli(close);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /cannot close alert al-[0-9a-f]+: it is closed/);
    const notes = await withStore(d, (s) => s.alerts!.listAlertNotes(older.id));
    assert.deepEqual(
      notes.map((x) => [x.user, x.action, x.comment]),
      [["cli:ann", "closed", "our CDN"]],
    );
    const open = await cli(["alerts", "--status", "open", "--format", "json", "--db", d]);
    assert.deepEqual(
      ndjson<{ id: string }>(open.stdout).map((a) => a.id),
      [newer.id],
    );
    assert.equal(
      (await cli(["alerts", "status", "al-00000000000000000000", "closed", "--db", d])).status,
      1,
    );
    assert.equal((await cli(["alerts", "--format", "xml", "--db", d])).status, 2);
  });
});
