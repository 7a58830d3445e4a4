import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StubClient } from "../../../src/dns/client/stub.js";
import { dueFunction, rateLimited } from "../../../src/monitor/schedule.js";
import { TokenBucket } from "../../../src/util/token-bucket.js";

const w = (name: string) => ({ name, kind: "owned" as const, addedAt: 0 });

describe("monitor schedule", () => {
  it("runs a check never run, then after its interval ±10%, fixed per name and check", () => {
    let now = 10_000;
    let r = 0;
    const rolls = [0, 1]; // the lowest and the highest jitter
    const due = dueFunction(
      { dns: 100, registration: 1000, lookalikes: 1000 },
      () => now,
      () => rolls[r++ % 2]!,
    );
    assert.equal(due(w("a.test"), "dns", undefined), true);
    assert.equal(due(w("a.test"), "dns", now - 89), false); // jitter 0.9: due after 90 s
    assert.equal(due(w("a.test"), "dns", now - 90), true);
    assert.equal(due(w("b.test"), "dns", now - 109), false); // jitter 1.1: due after 110 s
    assert.equal(due(w("b.test"), "dns", now - 111), true);
    assert.equal(due(w("a.test"), "registration", now - 500), false);
    now += 1;
    assert.equal(due(w("a.test"), "dns", now - 90), true, "a name keeps its jitter");
  });

  it("holds every query of every client to one rate", async () => {
    const bucket = new TokenBucket(50, 1);
    let asked = 0;
    const fake = { query: async () => ++asked } as unknown as StubClient;
    const a = rateLimited(fake, bucket);
    const b = rateLimited(fake, bucket);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).query("x.test", "A")));
    const ms = performance.now() - t0;
    assert.equal(asked, 10);
    assert.ok(
      ms >= 150,
      `10 queries at 50/s with a burst of 1 take ≥ 180 ms, took ${ms.toFixed(0)}`,
    );
  });
});
