import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { attemptSend, type AlertSink } from "../../../src/deliver/sink.js";

// The one contract suite every alert sink runs (STYLE.md habit 6), as the Store has
// test/unit/store/contract.ts. What the outbox runner (deliver/outbox-runner.ts) relies
// on: a sink's name and key carry no secret, its key is the same for the same target
// on every run and differs between targets; one send reaches a live receiver once,
// naming the alert and its rule; a receiver that is down is a failure, not a success;
// a receiver that never answers costs no more than the attempt's deadline; close()
// lets go of what the sink holds.

export interface Receiver {
  /** What it got, one entry per message. */
  received(): string[];
  close(): Promise<void>;
}

export interface SinkCase {
  /** A live receiver on loopback, and a sink to it. */
  live(): Promise<{ receiver: Receiver; sink: () => AlertSink }>;
  /** A sink to a receiver that is down; omitted where the transport cannot tell (UDP). */
  down?: () => Promise<AlertSink>;
  /** A sink to a receiver that takes the connection and never answers. */
  silent?: () => Promise<{ sink: AlertSink; close(): Promise<void> }>;
  /** A secret its configuration holds (a token in the URL, a signing key): never in name or key. */
  secrets: readonly string[];
}

export const alert = alertFromFinding(
  {
    rule: "dns.ns-changed",
    technique: "T1584.002",
    dataComponents: ["DC0103"],
    entity: "example.com",
    key: "ns.evil.test",
    severity: "high",
    confidence: 80,
    summary: "NS moved to ns.evil.test",
    evidence: [],
  },
  new Date("2026-11-22T10:00:00Z"),
);

const until = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

export function runSinkContract(name: string, c: SinkCase): void {
  describe(`Sink contract: ${name}`, () => {
    const closers: (() => Promise<void>)[] = [];
    after(async () => {
      for (const close of closers) await close();
    });

    it("names itself and its queue without a secret, the same on every run", async () => {
      const { receiver, sink } = await c.live();
      closers.push(() => receiver.close());
      const a = sink();
      const b = sink();
      assert.equal(a.key, b.key, "the same target, the same outbox queue");
      for (const secret of c.secrets) {
        assert.ok(!a.name.includes(secret), `name "${a.name}" holds a secret`);
        assert.ok(!a.key.includes(secret), `key "${a.key}" holds a secret`);
      }
      if (c.down) assert.notEqual((await c.down()).key, a.key, "another target, another queue");
      await a.close?.();
      await b.close?.();
    });

    it("delivers one alert once, naming the alert and its rule", async () => {
      const { receiver, sink } = await c.live();
      closers.push(() => receiver.close());
      const s = sink();
      assert.deepEqual(await attemptSend(s, alert, 5000), { ok: true });
      await s.close?.();
      await until(() => receiver.received().length > 0);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(receiver.received().length, 1);
      assert.ok(receiver.received()[0]!.includes(alert.id));
      assert.ok(receiver.received()[0]!.includes(alert.rule));
    });

    it(
      "a receiver that is down is a failure to try again, with a reason",
      { skip: !c.down },
      async () => {
        const s = await c.down!();
        const r = await attemptSend(s, alert, 5000);
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.ok(r.error.length > 0);
          assert.notEqual(r.permanent, true, "a receiver down may be up again");
        }
        await s.close?.();
      },
    );

    it(
      "a receiver that never answers costs the deadline, no more",
      { skip: !c.silent },
      async () => {
        const { sink, close } = await c.silent!();
        closers.push(close);
        const t0 = Date.now();
        const r = await attemptSend(sink, alert, 300);
        const took = Date.now() - t0;
        assert.ok(took < 2000, `${took} ms`);
        if (!r.ok) assert.match(r.error, /300 ms|deadline|abort/i);
        await sink.close?.();
      },
    );
  });
}
