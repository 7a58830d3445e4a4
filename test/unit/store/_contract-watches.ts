import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

/** The watchlist and monitor state. Skipped by a backend without them. */
export function watchTests(factory: StoreFactory): void {
  it("adds (normalised), re-kinds, lists and removes watched names with their state", async () => {
    await withStore(factory, async (s) => {
      const w = s.watches;
      if (!w) return;
      assert.deepEqual(await w.addWatches(["Example.COM.", "b.test"], "owned", 100), [true, true]);
      assert.deepEqual(await w.addWatches(["example.com"], "brand", 200), [false]);
      assert.deepEqual(await w.listWatches(), [
        { name: "b.test", kind: "owned", addedAt: 100, owned: [] },
        { name: "example.com", kind: "brand", addedAt: 100, owned: [] },
      ]);
      await w.putMonitorState("example.com", "dns", 300, { ns: ["a", "b"] });
      await w.putMonitorState("example.com", "dns", 400, { ns: ["c"] });
      assert.deepEqual(await w.getMonitorState("example.com", "dns"), {
        at: 400,
        data: { ns: ["c"] },
      });
      assert.equal(await w.getMonitorState("example.com", "registration"), undefined);
      assert.deepEqual(await w.removeWatches(["example.com", "nope.test"]), [true, false]);
      assert.equal(await w.getMonitorState("example.com", "dns"), undefined);
      assert.deepEqual(
        (await w.listWatches()).map((x) => x.name),
        ["b.test"],
      );
    });
  });

  it("keeps a brand's owned domains (normalised, sorted, once), replaced only when given", async () => {
    await withStore(factory, async (s) => {
      const w = s.watches;
      if (!w) return;
      await w.addWatches(["brand.test"], "brand", 100, [
        "Other.TEST.",
        "cdn-brand.test",
        "other.test",
      ]);
      const owned = async () => (await w.listWatches()).find((x) => x.name === "brand.test")?.owned;
      assert.deepEqual(await owned(), ["cdn-brand.test", "other.test"]);
      await w.addWatches(["brand.test"], "brand", 200);
      assert.deepEqual(await owned(), ["cdn-brand.test", "other.test"], "kept when not given");
      await w.addWatches(["brand.test"], "brand", 300, []);
      assert.deepEqual(await owned(), [], "replaced by an empty list");
      await assert.rejects(
        w.addWatches(["brand.test"], "brand", 1, ["bad name.test"]),
        (e: unknown) => e instanceof DnsightError && /bad name\.test/.test(e.message),
      );
    });
  });

  it("refuses a bad name or kind by name", async () => {
    await withStore(factory, async (s) => {
      const w = s.watches;
      if (!w) return;
      await assert.rejects(
        w.addWatches(["bad name.com"], "owned", 1),
        (e: unknown) => e instanceof DnsightError && /bad name\.com/.test(e.message),
      );
      await assert.rejects(
        w.addWatches(["a.test"], "mine" as never, 1),
        /unknown watch kind "mine"/,
      );
      assert.deepEqual(await w.listWatches(), []);
    });
  });
}
