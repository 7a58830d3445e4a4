import assert from "node:assert/strict";
import { it } from "node:test";
import type { DeliveryRequest } from "../../../src/store/outbox.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

const req = (over: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  sink: "webhook:aa",
  alertId: "al-00000000000000000001",
  raisedAt: "2026-01-01T00:00:00.000Z",
  payload: '{"id":"al-00000000000000000001"}',
  ...over,
});

/** The delivery outbox. Skipped by a backend without it. */
export function outboxTests(factory: StoreFactory): void {
  it("queues a raising once per sink, hands out what is due, oldest first", async () => {
    await withStore(factory, async (s) => {
      const o = s.outbox;
      if (!o) return;
      const a = req();
      const b = req({ alertId: "al-00000000000000000002" });
      assert.equal(await o.enqueueDeliveries([a, b, req({ sink: "syslog:x" })], 100), 3);
      // The same raising again (a pass re-run after a crash) is not queued twice...
      assert.equal(await o.enqueueDeliveries([a], 150), 0);
      // ...but the alert raised again (reopened) is delivered again.
      assert.equal(
        await o.enqueueDeliveries([req({ raisedAt: "2026-02-01T00:00:00.000Z" })], 150),
        1,
      );
      const due = await o.dueDeliveries(["webhook:aa"], 200, 10);
      assert.deepEqual(
        due.map((d) => [d.alertId, d.createdAt, d.attempts, d.state]),
        [
          ["al-00000000000000000001", 100, 0, "pending"],
          ["al-00000000000000000002", 100, 0, "pending"],
          ["al-00000000000000000001", 150, 0, "pending"],
        ],
      );
      assert.equal(due[0]!.payload, a.payload);
      assert.equal((await o.dueDeliveries(["webhook:aa"], 200, 1)).length, 1);
      assert.deepEqual(await o.dueDeliveries(["nope"], 200, 10), []);
      assert.deepEqual(await o.dueDeliveries([], 200, 10), []);
      // Not due before it was queued.
      assert.deepEqual(await o.dueDeliveries(["webhook:aa"], 99, 10), []);
    });
  });

  it("records attempts: retried later, delivered, or given up; summarised per sink", async () => {
    await withStore(factory, async (s) => {
      const o = s.outbox;
      if (!o) return;
      await o.enqueueDeliveries(
        [
          req(),
          req({ alertId: "al-00000000000000000002" }),
          req({ alertId: "al-00000000000000000003" }),
        ],
        100,
      );
      const [d1, d2, d3] = await o.dueDeliveries(["webhook:aa"], 100, 10);
      assert.equal(
        await o.recordDelivery(d1!.id, {
          state: "pending",
          at: 101,
          error: "HTTP 503",
          nextAt: 160,
        }),
        true,
      );
      assert.equal(await o.recordDelivery(d2!.id, { state: "delivered", at: 102 }), true);
      assert.equal(
        await o.recordDelivery(d3!.id, { state: "failed", at: 103, error: "HTTP 403" }),
        true,
      );
      assert.equal(await o.recordDelivery(9_999_999, { state: "delivered", at: 1 }), false);
      // Only the one to retry is due again, and only from its nextAt.
      assert.deepEqual(await o.dueDeliveries(["webhook:aa"], 159, 10), []);
      const again = await o.dueDeliveries(["webhook:aa"], 160, 10);
      assert.deepEqual(
        again.map((d) => [d.id, d.attempts, d.lastError, d.lastAttemptAt]),
        [[d1!.id, 1, "HTTP 503", 101]],
      );
      assert.deepEqual(await o.outboxSummary(), [
        { sink: "webhook:aa", pending: 1, failed: 1, oldestPending: 100, lastError: "HTTP 403" },
      ]);
      const of2 = await o.deliveriesOf("al-00000000000000000002");
      assert.deepEqual(
        of2.map((d) => [d.state, d.attempts]),
        [["delivered", 1]],
      );
      await o.recordDelivery(d1!.id, { state: "delivered", at: 170 });
      assert.deepEqual(await o.outboxSummary(), [
        { sink: "webhook:aa", pending: 0, failed: 1, lastError: "HTTP 403" },
      ]);
    });
  });

  it("keeps queued deliveries across a reopen", async () => {
    if (!factory.reopen) return;
    const s = await factory.open();
    if (!s.outbox) return void (await s.close());
    await s.outbox.enqueueDeliveries([req()], 100);
    await s.close();
    const t = await factory.reopen(s);
    try {
      assert.equal((await t.outbox!.dueDeliveries(["webhook:aa"], 100, 10)).length, 1);
    } finally {
      await t.close();
    }
  });

  it("refuses a request without its parts", async () => {
    await withStore(factory, async (s) => {
      const o = s.outbox;
      if (!o) return;
      await assert.rejects(o.enqueueDeliveries([req({ sink: "" })], 1), /needs a sink/);
      assert.deepEqual(await o.outboxSummary(), []);
    });
  });
}
