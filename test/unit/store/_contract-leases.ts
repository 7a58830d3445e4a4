import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { CheckClaim, WatchStore } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

// Check leases: monitors sharing a store run each due check once. Time is the
// caller's (`at`), so expiry is tested by claiming later, not by sleeping.

const claim = (owner: string, at: number, lastRun?: number, leaseSeconds = 60): CheckClaim => ({
  owner,
  at,
  lastRun,
  leaseSeconds,
});

async function withWatches(factory: StoreFactory, fn: (w: WatchStore) => Promise<void>) {
  await withStore(factory, async (s) => {
    if (!s.watches) return;
    await s.watches.addWatches(["a.test", "b.test"], "owned", 1);
    await fn(s.watches);
  });
}

/** Check leases on the watch store. Skipped by a backend without watches. */
export function leaseTests(factory: StoreFactory): void {
  it("a claim succeeds once; another owner is held off until the lease ends", async () => {
    await withWatches(factory, async (w) => {
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1000)), "held");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1059)), "held", "1 s left");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1010)), "claimed", "its own");
      // The lease ends 60 s after the last claim (1010): a killed monitor blocks no longer.
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1069)), "held");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1070)), "claimed");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1071)), "held", "m2's now");
    });
  });

  it("a lease is per name and check", async () => {
    await withWatches(factory, async (w) => {
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed");
      assert.equal(await w.claimCheck("a.test", "registration", claim("m2", 1000)), "claimed");
      assert.equal(await w.claimCheck("b.test", "dns", claim("m2", 1000)), "claimed");
      assert.equal(await w.claimCheck("b.test", "dns", claim("m1", 1000)), "held");
    });
  });

  it("a check recorded as run since the caller read it is refused, and no lease is left", async () => {
    await withWatches(factory, async (w) => {
      await w.putMonitorState("a.test", "dns", 500, { ns: [] });
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000, 400)), "ran");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "ran", "never run?");
      // The refused claims took nothing: another owner that read the newest run may.
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1000, 500)), "claimed");
      assert.equal(await w.claimCheck("b.test", "dns", claim("m1", 1000)), "claimed", "none yet");
    });
  });

  it("a monitor that ran the check and released it leaves it to no one until it is due again", async () => {
    await withWatches(factory, async (w) => {
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed");
      await w.putMonitorState("a.test", "dns", 1000, { ns: ["x"] });
      await w.releaseCheck("a.test", "dns", "m1");
      // m2 read the state before m1's run: refused, though the lease is gone.
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1001)), "ran");
      // An hour later m2's schedule, reading the run at 1000, finds it due.
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 4600, 1000)), "claimed");
    });
  });

  it("release ends only the owner's lease; renew moves its end", async () => {
    await withWatches(factory, async (w) => {
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed");
      await w.releaseCheck("a.test", "dns", "m2");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1001)), "held");
      assert.equal(await w.renewCheck("a.test", "dns", claim("m2", 1001)), false);
      assert.equal(await w.renewCheck("a.test", "dns", claim("m1", 1050)), true);
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1100)), "held", "renewed");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1110)), "claimed");
      assert.equal(await w.renewCheck("a.test", "dns", claim("m1", 1111)), false, "lost");
      await w.releaseCheck("a.test", "dns", "m2");
      assert.equal(await w.claimCheck("a.test", "dns", claim("m3", 1112)), "claimed");
    });
  });

  it("removing a name drops its leases", async () => {
    await withWatches(factory, async (w) => {
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed");
      await w.removeWatches(["a.test"]);
      await w.addWatches(["a.test"], "owned", 2000);
      assert.equal(await w.claimCheck("a.test", "dns", claim("m2", 1001)), "claimed");
    });
  });

  it("refuses a bad owner, time or lease length by what it is", async () => {
    await withWatches(factory, async (w) => {
      const bad = async (c: CheckClaim, re: RegExp) =>
        assert.rejects(
          w.claimCheck("a.test", "dns", c),
          (e: unknown) => e instanceof DnsightError && e.code === "INPUT" && re.test(e.message),
        );
      await bad(claim("", 1000), /lease owner must be 1 to 200 characters/);
      await bad(claim("x".repeat(201), 1000), /lease owner/);
      await bad(claim("m1", Number.NaN), /lease time must be whole epoch seconds, got NaN/);
      await bad(claim("m1", 1000, undefined, 0), /lasts 1 to 86400 whole seconds, got 0/);
      await bad(claim("m1", 1000, 1.5), /last run must be whole epoch seconds, got 1.5/);
      await assert.rejects(
        w.renewCheck("a.test", "dns", claim("m1", 1000, undefined, -1)),
        /got -1/,
      );
      assert.equal(await w.claimCheck("a.test", "dns", claim("m1", 1000)), "claimed", "no lease");
    });
  });
}
