import assert from "node:assert/strict";
import { it } from "node:test";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

// A store's own writer (`openWriter`, optional): what goes through it is in the store,
// merged and checkpointed as if the store had written it, in the order given.

export function writerTests(f: StoreFactory): void {
  it("a writer of its own, where the backend has one, writes as the store does", (t) =>
    withStore(f, async (s) => {
      if (!s.openWriter) return t.skip(`the ${s.backend} store writes on the caller's side`);
      const w = await s.openWriter();
      try {
        // Not awaited one by one: the writer must still apply them in order.
        await Promise.all([
          w.writeObservations([obs({ count: 2 })], { input: "w", offset: 10 }),
          w.writeObservations([obs({ count: 3, timeLast: 1_700_000_500 })], {
            input: "w",
            offset: 20,
          }),
        ]);
        assert.deepEqual(await w.readCheckpoint("w"), { input: "w", offset: 20 });
      } finally {
        await w.close();
      }
      assert.deepEqual(await s.readCheckpoint("w"), { input: "w", offset: 20 });
      const [row] = await s.queryObservations({ rrname: "www.example.com" });
      assert.equal(row?.count, 5);
      assert.equal(row?.timeLast, 1_700_000_500);
    }));
}
