import assert from "node:assert/strict";
import { it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { DnsightError } from "../../../src/errors.js";
import type { Alert } from "../../../src/model/alert.js";
import type { Finding } from "../../../src/model/finding.js";
import type { AlertNote } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key: "ns1.evil.test,ns2.evil.test",
  severity: "high",
  confidence: 80,
  summary: "NS moved",
  evidence: [{ source: "active", what: "NS set", before: ["a"], after: ["b"] }],
  ...over,
});
const at = (s: string): Date => new Date(`2026-11-${s}Z`);

/** Alerts: one per finding; found again moves lastSeen. Skipped by a backend without them. */
export function alertTests(factory: StoreFactory): void {
  it("stores a new finding, and the same finding again only as seen again", async () => {
    await withStore(factory, async (s) => {
      if (!s.alerts) return;
      const first = await s.alerts.upsertAlert(alertFromFinding(finding(), at("01T10:00:00.000")));
      assert.equal(first.created, true);
      assert.deepEqual(first.alert.analytics, ["AN2023"]);
      const again = await s.alerts.upsertAlert(
        alertFromFinding(finding({ summary: "NS moved (2)" }), at("02T10:00:00.000")),
      );
      assert.equal(again.created, false);
      assert.equal(again.alert.id, first.alert.id);
      assert.equal(again.alert.firstSeen, "2026-11-01T10:00:00.000Z");
      assert.equal(again.alert.lastSeen, "2026-11-02T10:00:00.000Z");
      assert.equal(again.alert.count, 2);
      assert.equal(again.alert.summary, "NS moved (2)");
      // An older sighting arriving late keeps the newer evidence and lastSeen.
      const late = await s.alerts.upsertAlert(
        alertFromFinding(finding({ summary: "old" }), at("01T09:00:00.000")),
      );
      assert.equal(late.alert.summary, "NS moved (2)");
      assert.equal(late.alert.firstSeen, "2026-11-01T09:00:00.000Z");
      assert.equal(late.alert.count, 3);
      const other = await s.alerts.upsertAlert(
        alertFromFinding(finding({ key: "ns9.evil.test" }), at("03T00:00:00.000")),
      );
      assert.equal(other.created, true);
      assert.deepEqual(await s.alerts.getAlert(first.alert.id), late.alert);
    });
  });

  it("lists newest first and filters by time, technique, status and entity", async () => {
    await withStore(factory, async (s) => {
      if (!s.alerts) return;
      const put = (f: Partial<Finding>, day: string): Promise<{ alert: Alert }> =>
        s.alerts!.upsertAlert(alertFromFinding(finding(f), at(`${day}T00:00:00.000`)));
      const a = (await put({}, "01")).alert;
      const b = (
        await put({ technique: "T1584.001", rule: "registration.locks-removed", key: "x" }, "02")
      ).alert;
      const c = (await put({ technique: "T1583.001", entity: "examp1e.com", key: "y" }, "03"))
        .alert;
      const ids = (l: Alert[]): string[] => l.map((x) => x.id);
      assert.deepEqual(ids(await s.alerts.listAlerts()), [c.id, b.id, a.id]);
      assert.deepEqual(ids(await s.alerts.listAlerts({ since: "2026-11-02T00:00:00.000Z" })), [
        c.id,
        b.id,
      ]);
      assert.deepEqual(ids(await s.alerts.listAlerts({ techniques: ["T1584"] })), [b.id, a.id]);
      assert.deepEqual(ids(await s.alerts.listAlerts({ techniques: ["T1583.001"] })), [c.id]);
      assert.deepEqual(ids(await s.alerts.listAlerts({ entity: "examp1e.com" })), [c.id]);
      assert.deepEqual(ids(await s.alerts.listAlerts({ limit: 1 })), [c.id]);
      assert.equal(await s.alerts.setAlertStatus(b.id, "closed"), true);
      assert.equal(await s.alerts.setAlertStatus("al-00000000000000000000", "closed"), false);
      assert.deepEqual(ids(await s.alerts.listAlerts({ statuses: ["open"] })), [c.id, a.id]);
      // A closed finding found again opens again.
      const back = await s.alerts.upsertAlert(
        alertFromFinding(
          finding({ technique: "T1584.001", rule: "registration.locks-removed", key: "x" }),
          at("05T00:00:00.000"),
        ),
      );
      assert.equal(back.reopened, true);
      assert.equal(back.alert.status, "open");
    });
  });

  it("moves an alert through its life with a note each, refusing a move it does not allow", async () => {
    await withStore(factory, async (s) => {
      if (!s.alerts) return;
      const { alert } = await s.alerts.upsertAlert(
        alertFromFinding(finding(), at("01T00:00:00.000")),
      );
      const note = (action: AlertNote["action"], day: string, comment?: string): AlertNote => ({
        at: `2026-11-${day}T00:00:00.000Z`,
        user: "ann",
        action,
        ...(comment !== undefined ? { comment } : {}),
      });
      assert.deepEqual(await s.alerts.listAlertNotes(alert.id), []);
      const ack = await s.alerts.moveAlert(alert.id, note("acknowledged", "02", "looking"));
      assert.ok(ack.ok);
      assert.equal(ack.alert.status, "acknowledged");
      assert.deepEqual(ack.notes, [note("acknowledged", "02", "looking")]);
      // Acknowledged twice, reopened while open, closed twice: refused, nothing written.
      assert.deepEqual(await s.alerts.moveAlert(alert.id, note("acknowledged", "03")), {
        ok: false,
        why: "refused",
        status: "acknowledged",
      });
      const closed = await s.alerts.moveAlert(alert.id, note("closed", "04", "benign: our CDN"));
      assert.ok(closed.ok);
      assert.equal((await s.alerts.getAlert(alert.id))?.status, "closed");
      assert.equal((await s.alerts.moveAlert(alert.id, note("closed", "05"))).ok, false);
      assert.equal((await s.alerts.moveAlert(alert.id, note("acknowledged", "05"))).ok, false);
      const back = await s.alerts.moveAlert(alert.id, note("reopened", "06"));
      assert.ok(back.ok);
      assert.equal(back.alert.status, "open");
      assert.deepEqual(await s.alerts.moveAlert(alert.id, note("reopened", "07")), {
        ok: false,
        why: "refused",
        status: "open",
      });
      assert.equal((await s.alerts.moveAlert(alert.id, note("closed", "08"))).ok, true);
      assert.deepEqual(
        (await s.alerts.listAlertNotes(alert.id)).map((n) => `${n.action} ${n.at.slice(8, 10)}`),
        ["acknowledged 02", "closed 04", "reopened 06", "closed 08"],
      );
      assert.deepEqual(await s.alerts.moveAlert("al-00000000000000000000", note("closed", "09")), {
        ok: false,
        why: "missing",
      });
      assert.deepEqual(await s.alerts.listAlertNotes("al-00000000000000000000"), []);
      // Found again while closed: open again, the notes kept and one more by dnsight.
      const again = await s.alerts.upsertAlert(alertFromFinding(finding(), at("10T00:00:00.000")));
      assert.equal(again.reopened, true);
      const notes = await s.alerts.listAlertNotes(alert.id);
      assert.equal(notes.length, 5);
      assert.deepEqual(notes[4], {
        at: "2026-11-10T00:00:00.000Z",
        user: "dnsight",
        action: "reopened",
        comment: "found again",
      });
      // Found again while open: no note.
      await s.alerts.upsertAlert(alertFromFinding(finding(), at("11T00:00:00.000")));
      assert.equal((await s.alerts.listAlertNotes(alert.id)).length, 5);
    });
  });

  it("refuses a malformed note before changing anything", async () => {
    await withStore(factory, async (s) => {
      if (!s.alerts) return;
      const { alert } = await s.alerts.upsertAlert(
        alertFromFinding(finding(), at("01T00:00:00.000")),
      );
      const good: AlertNote = { at: "2026-11-02T00:00:00.000Z", user: "ann", action: "closed" };
      for (const bad of [
        { ...good, action: "deleted" as never },
        { ...good, user: "" },
        { ...good, user: "a\nb" },
        { ...good, at: "now" },
        { ...good, comment: "x".repeat(2001) },
      ])
        await assert.rejects(
          s.alerts.moveAlert(alert.id, bad),
          (e: unknown) =>
            e instanceof DnsightError && e.code === "INPUT" && !e.message.includes("\n"),
        );
      assert.equal((await s.alerts.getAlert(alert.id))?.status, "open");
      assert.deepEqual(await s.alerts.listAlertNotes(alert.id), []);
      assert.equal(
        (await s.alerts.moveAlert(alert.id, { ...good, comment: "x".repeat(2000) })).ok,
        true,
      );
    });
  });

  it("refuses a malformed alert with a one-line error", async () => {
    await withStore(factory, async (s) => {
      if (!s.alerts) return;
      const good = alertFromFinding(finding(), at("01T00:00:00.000"));
      for (const bad of [
        { ...good, id: "x" },
        { ...good, severity: "urgent" as never },
        { ...good, confidence: 101 },
        { ...good, lastSeen: "yesterday" },
      ])
        await assert.rejects(
          s.alerts.upsertAlert(bad),
          (e: unknown) =>
            e instanceof DnsightError && e.code === "INPUT" && !e.message.includes("\n"),
        );
    });
  });
}
