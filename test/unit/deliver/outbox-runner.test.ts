// The outbox runner's rules with sinks written for the test (the real webhook and
// syslog sinks are exercised on loopback in test/integration/): a bound on attempts
// in flight, one deadline per round for a sink that hangs even when it ignores the
// abort, back-off with Retry-After, and giving up on refusals and on old deliveries.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { OutboxRunner } from "../../../src/deliver/outbox-runner.js";
import type { AlertSink, SendResult } from "../../../src/deliver/sink.js";
import type { Alert } from "../../../src/model/alert.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";

const alerts: Alert[] = Array.from({ length: 10 }, (_, i) =>
  alertFromFinding(
    {
      rule: "dns.ns-changed",
      technique: "T1584.002",
      dataComponents: ["DC0103"],
      entity: `n${i}.example.com`,
      key: "ns.evil.test",
      severity: "high",
      confidence: 80,
      summary: "NS moved",
      evidence: [],
    },
    new Date("2026-11-22T10:00:00Z"),
  ),
);

function sink(key: string, send: AlertSink["send"]): AlertSink {
  return { key, name: `test ${key}`, send };
}

describe("OutboxRunner", () => {
  it("keeps at most `concurrency` attempts in flight and delivers each alert once", async () => {
    const store = await openSqliteStore(":memory:");
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const s = sink("a", async (a) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      seen.push(a.id);
      return { ok: true };
    });
    const runner = new OutboxRunner(store.outbox!, [s], { concurrency: 3 });
    await runner.enqueue(alerts);
    assert.deepEqual(await runner.drain(), { delivered: 10, problems: [] });
    assert.equal(most, 3);
    assert.deepEqual([...seen].sort(), alerts.map((a) => a.id).sort());
    assert.deepEqual(await runner.drain(), { delivered: 0, problems: [] });
    await store.close();
  });

  it("a sink that hangs and ignores the abort costs one deadline per round; the others still go", async () => {
    const store = await openSqliteStore(":memory:");
    const hung = sink("hung", () => new Promise<SendResult>(() => {}));
    let fine = 0;
    const ok = sink("ok", async () => (fine++, { ok: true }));
    const runner = new OutboxRunner(store.outbox!, [hung, ok], {
      attemptTimeoutMs: 200,
      concurrency: 4,
    });
    await runner.enqueue(alerts);
    const t = performance.now();
    const r = await runner.drain();
    const took = performance.now() - t;
    assert.ok(took < 1000, `took ${took} ms`);
    assert.equal(fine, 10);
    assert.equal(r.delivered, 10);
    assert.ok(r.problems.length >= 1 && r.problems.length <= 4, r.problems.join("\n"));
    assert.match(
      r.problems[0]!,
      /^test hung: al-\w+: no answer within 200 ms; kept in the outbox, next try in 30 s$/,
    );
    const [summary] = await store.outbox!.outboxSummary();
    assert.deepEqual([summary!.sink, summary!.pending], ["hung", 10]);
    await store.close();
  });

  it("backs off (doubling, or as long as Retry-After asks) and gives up on refusals and old deliveries", async () => {
    const store = await openSqliteStore(":memory:");
    let now = 1000;
    const results: SendResult[] = [
      { ok: false, error: "HTTP 503" },
      { ok: false, error: "HTTP 429", retryAfterMs: 300_000 },
      { ok: false, error: "HTTP 500" },
    ];
    const flaky = sink("f", async () => results.shift() ?? { ok: true });
    const runner = new OutboxRunner(store.outbox!, [flaky], {
      now: () => now,
      firstBackoffS: 10,
      giveUpAfterS: 3600,
    });
    await runner.enqueue([alerts[0]!]);
    assert.match(
      (await runner.drain()).problems[0]!,
      /HTTP 503; kept in the outbox, next try in 10 s/,
    );
    now += 10;
    assert.match(
      (await runner.drain()).problems[0]!,
      /HTTP 429; kept in the outbox, next try in 5 min/,
    );
    now += 299;
    assert.deepEqual((await runner.drain()).problems, [], "not before Retry-After");
    now += 1;
    assert.match(
      (await runner.drain()).problems[0]!,
      /HTTP 500; kept in the outbox, next try in 40 s/,
    );
    now += 3600;
    results.push({ ok: false, error: "HTTP 502" });
    assert.match((await runner.drain()).problems[0]!, /HTTP 502; undelivered for 65 min, given up/);
    const refusing = new OutboxRunner(
      store.outbox!,
      [sink("r", async () => ({ ok: false, error: "HTTP 410", permanent: true }))],
      {
        now: () => now,
      },
    );
    await refusing.enqueue(alerts.slice(0, 3));
    const r = await refusing.drain();
    assert.equal(r.problems.length, 3, "a refusal does not stop the other alerts of the round");
    assert.match(r.problems[0]!, /HTTP 410; refused, given up/);
    assert.deepEqual(
      (await store.outbox!.outboxSummary()).map((x) => [x.sink, x.pending, x.failed]),
      [
        ["f", 0, 1],
        ["r", 0, 3],
      ],
    );
    await store.close();
  });

  it("runs in the background until stopped, woken by new alerts", async () => {
    const store = await openSqliteStore(":memory:");
    const got: string[] = [];
    const runner = new OutboxRunner(store.outbox!, [
      sink("bg", async (a) => (got.push(a.id), { ok: true })),
    ]);
    const reports: number[] = [];
    runner.start((r) => reports.push(r.delivered), 60_000);
    await runner.enqueue(alerts.slice(0, 2));
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    assert.equal(got.length, 2);
    assert.deepEqual(reports, [2]);
    await store.close();
  });
});
