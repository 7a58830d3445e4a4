import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../../../src/api/http.js";
import { Pacer } from "../../../src/api/pacer.js";
import { KeyQuotas } from "../../../src/api/quota.js";

// The per-key token bucket and concurrency cap on a clock the test turns, and the
// pacer's order of turns.

const status = (fn: () => unknown): number => {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
  return 200;
};

describe("KeyQuotas", () => {
  it("allows burstSize queries at once, then one per window/burstSize seconds", () => {
    let now = 0;
    const q = new KeyQuotas({ burstSize: 3, burstWindow: 60, keyConcurrency: 100 }, () => now);
    for (let i = 0; i < 3; i++) q.admit("k")();
    assert.equal(
      status(() => q.admit("k")),
      429,
    );
    now += 19_000;
    assert.equal(
      status(() => q.admit("k")),
      429,
      "a token takes 20 s",
    );
    now += 1_000;
    assert.equal(
      status(() => q.admit("k")()),
      200,
    );
    assert.equal(Math.floor(q.tokens("k")), 0);
    now += 600_000;
    assert.equal(q.tokens("k"), 3, "the bucket holds no more than burstSize");
    assert.equal(
      status(() => q.admit("other")()),
      200,
      "each key has its own bucket",
    );
  });

  it("says when to come back", () => {
    const q = new KeyQuotas({ burstSize: 1, burstWindow: 30, keyConcurrency: 9 }, () => 0);
    q.admit("k")();
    try {
      q.admit("k");
      assert.fail("admitted");
    } catch (e) {
      assert.ok(e instanceof HttpError);
      assert.equal(e.headers["retry-after"], "30");
    }
  });

  it("caps queries at once per key; a slot comes back once, when released", () => {
    const q = new KeyQuotas({ burstSize: 0, burstWindow: 60, keyConcurrency: 2 }, () => 0);
    const a = q.admit("k");
    q.admit("k");
    assert.equal(
      status(() => q.admit("k")),
      503,
    );
    assert.equal(
      status(() => q.admit("j")()),
      200,
    );
    a();
    a();
    q.admit("k");
    assert.equal(
      status(() => q.admit("k")),
      503,
      "releasing twice freed one slot",
    );
    assert.equal(q.tokens("k"), Infinity, "burstSize 0: no rate limit");
  });
});

describe("Pacer", () => {
  it("one turn at a time; a request's first slice goes before ongoing ones", async () => {
    const pacer = new Pacer();
    const order: string[] = [];
    const run = async (name: string, first: boolean): Promise<void> => {
      const end = await pacer.turn(first);
      order.push(name);
      end(0);
    };
    await Promise.all([run("a1", false), run("b1", false), run("c1", false), run("new", true)]);
    // a1 was granted at once; "new" jumped the queue of ongoing slices.
    assert.deepEqual(order, ["a1", "new", "b1", "c1"]);
  });
});
