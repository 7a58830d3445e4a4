import assert from "node:assert/strict";
import { it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

// forgetCheckpoints (optional): a collector's per-batch checkpoints go once no batch
// that old can come again. Inputs named by the prefix and last written before the
// cutoff go whole (their pending state too); every other input stays as it was.

const rows = (tag: string) =>
  Array.from({ length: 5 }, (_, i) => obs({ rrname: `${tag}${i}.example.com` }));

/** Waits until the clock is past the next whole second, and returns that second. */
async function nextSecond(): Promise<number> {
  const s = Math.floor(Date.now() / 1000) + 1;
  await sleep(s * 1000 - Date.now() + 5);
  return s;
}

export function forgetTests(f: StoreFactory): void {
  it("forgets the prefix's inputs written before the cutoff, whole, and keeps the rest", async (t) => {
    await withStore(f, async (s: Store) => {
      if (s.forgetCheckpoints === undefined) return t.skip("no forgetCheckpoints");
      await s.writeObservations(rows("a"), { input: "batch:a", offset: 5 });
      await s.writeObservations(rows("b"), { input: "batch:b", offset: 5 });
      await s.writeObservations(rows("o"), { input: "other:a", offset: 5 });
      const cutoff = await nextSecond();
      await s.writeObservations(rows("c"), { input: "batch:c", offset: 5 });
      // batch:b written again after the cutoff: its newest row is new, so it stays.
      await s.writeObservations(rows("b2"), { input: "batch:b", offset: 10 });
      const before = await all(s);

      assert.equal(await s.forgetCheckpoints("batch:", cutoff), 1);
      assert.equal(await s.readCheckpoint("batch:a"), undefined);
      assert.deepEqual(await s.readCheckpoint("batch:b"), { input: "batch:b", offset: 10 });
      assert.deepEqual(await s.readCheckpoint("batch:c"), { input: "batch:c", offset: 5 });
      assert.deepEqual(await s.readCheckpoint("other:a"), { input: "other:a", offset: 5 });
      assert.deepEqual(await all(s), before, "observations are not checkpoints");
      // Forgotten, the input is as if never written: its batch given again goes in again.
      await s.writeObservations(rows("a"), { input: "batch:a", offset: 5 });
      assert.deepEqual(await s.readCheckpoint("batch:a"), { input: "batch:a", offset: 5 });
      assert.equal(await s.forgetCheckpoints("batch:", cutoff), 0, "nothing left that old");
    });
  });

  it("forgets an input whose batch was cut short, pending state and all", async (t) => {
    if (!f.openCrashing || !f.reopen) return t.skip("no way to cut a batch short");
    const crashing = await f.openCrashing((cp) => cp.input === "batch:p");
    if (crashing.forgetCheckpoints === undefined) {
      await crashing.close();
      return t.skip("no forgetCheckpoints");
    }
    await assert.rejects(crashing.writeObservations(rows("p"), { input: "batch:p", offset: 5 }));
    await crashing.close();
    const s = await f.reopen(crashing);
    try {
      assert.deepEqual(await s.readCheckpoint("batch:p"), {
        input: "batch:p",
        offset: 0,
        pendingEnd: 5,
      });
      const cutoff = await nextSecond();
      assert.equal(await s.forgetCheckpoints!("batch:", cutoff), 1);
      assert.equal(await s.readCheckpoint("batch:p"), undefined);
    } finally {
      await s.close();
    }
  });

  it("refuses an empty prefix (all inputs) and a cutoff that is not whole seconds", async (t) => {
    await withStore(f, async (s: Store) => {
      if (s.forgetCheckpoints === undefined) return t.skip("no forgetCheckpoints");
      await assert.rejects(s.forgetCheckpoints("", 100), /prefix/);
      await assert.rejects(s.forgetCheckpoints("batch:", 1.5), /whole epoch seconds/);
    });
  });
}

async function all(s: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const page of s.scanObservations(1000))
    for (const o of page) out.push(JSON.stringify(o));
  return out.sort();
}
