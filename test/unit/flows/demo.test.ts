// The demo's samples loaded as real data gets in: the watchlist, registration
// snapshots through the RDAP parser with their changes through the registration
// analytics, and passive DNS through the COF ingest with its analytics; every time
// moved so the newest sample is an hour old.
import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEMO_SAMPLES, loadDemo } from "../../../src/flows/demo.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const NOW = 1_800_000_000;

describe("loadDemo", () => {
  it("fills a store with the samples and the alerts the rules raise on them", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const l = await loadDemo(store, NOW);
      assert.equal(l.watches, 3);
      assert.equal(l.snapshots, 4);
      assert.ok(l.observations > 400, String(l.observations));
      const alerts = await store.alerts!.listAlerts();
      assert.equal(alerts.length, l.alerts);
      const rules = new Set(alerts.map((a) => a.rule));
      // Registration changes of the bank (T1584.001) and its lookalikes in use (T1583.001).
      for (const r of [
        "registration.locks-removed",
        "registration.nameservers-changed",
        "lookalike.seen",
      ])
        assert.ok(rules.has(r), `${r} in ${[...rules].join(", ")}`);
      const lookalikes = alerts.filter((a) => a.rule === "lookalike.seen").map((a) => a.entity);
      assert.ok(lookalikes.includes("acmebamk.example"), lookalikes.join(", "));

      const rows = await store.queryObservations({ rrname: "acmebank.example" });
      assert.equal(Math.max(...rows.map((r) => r.timeLast)), NOW - 3600, "newest an hour ago");
      const snaps = await store.registrations!.listSnapshots("acmebank.example");
      assert.equal(snaps.length, 2);
      assert.ok(snaps.every((s) => s.fetchedAt < NOW && s.record.source.protocol === "rdap"));
      assert.equal(snaps[1]!.record.nameservers.length, 2);
      // The registry's dates move with the samples: the bank's expiry is still ahead.
      const expires = Date.parse(snaps[1]!.record.expires ?? "") / 1000;
      assert.ok(expires > NOW && expires < NOW + 60 * 86_400, snaps[1]!.record.expires);
    } finally {
      await store.close();
    }
  });

  it("names the sample file it cannot read", async () => {
    const tmp = makeTmpDir("demo-bad");
    try {
      cpSync(DEMO_SAMPLES, tmp.path, { recursive: true });
      writeFileSync(join(tmp.path, "watchlist.json"), "[{ not json");
      const store = await openSqliteStore(":memory:");
      await assert.rejects(loadDemo(store, NOW, tmp.path), (e: Error) => {
        assert.match(e.message, /demo sample .*watchlist\.json/);
        return true;
      });
      await store.close();
    } finally {
      tmp.remove();
    }
  });
});
