import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import type { Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, prng, shuffle, withStore } from "./_helpers.js";

// Checkpoints without a transaction around rows and checkpoint (what an append-only
// backend can offer): a run that stops after a batch's rows are stored and before its
// checkpoint is, resumed as an ingest resumes (the same batch again, whole), ends with
// exactly the store a clean run leaves: no row counted twice, none lost.

const batch = (n: number, tag: string, seed: number): Observation[] =>
  shuffle(
    Array.from({ length: n }, (_, i) =>
      obs({
        rrname: `${tag}${i % 700}.example.com`,
        rdata: `192.0.2.${i % 250}`,
        timeFirst: 1_700_000_000 + i,
        timeLast: 1_700_000_100 + i,
        count: 1 + (i % 7),
      }),
    ),
    prng(seed),
  );

const FIRST = { rows: batch(300, "a", 1), checkpoint: { input: "f", offset: 100 } };
const SECOND = { rows: batch(3000, "b", 2), checkpoint: { input: "f", offset: 500 } };

async function all(s: Store): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const page of s.scanObservations(1000)) out.push(...page);
  return out;
}

export function replayTests(f: StoreFactory): void {
  it("a batch replayed after a crash between its rows and its checkpoint counts once", async (t) => {
    if (!f.openCrashing || !f.reopen)
      return t.skip("no way to stop this backend between rows and checkpoint");
    const expected = await withStore(f, async (clean) => {
      await clean.writeObservations(FIRST.rows, FIRST.checkpoint);
      await clean.writeObservations(SECOND.rows, SECOND.checkpoint);
      return all(clean);
    });
    const crashing = await f.openCrashing((cp) => cp.offset === 500);
    await crashing.writeObservations(FIRST.rows, FIRST.checkpoint);
    await assert.rejects(crashing.writeObservations(SECOND.rows, SECOND.checkpoint));
    await crashing.close();

    const s = await f.reopen(crashing);
    try {
      // The rows are in, the checkpoint is not: the batch is reported pending.
      assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 100, pendingEnd: 500 });
      await s.writeObservations(SECOND.rows, SECOND.checkpoint);
      assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 500 });
      assert.deepEqual(await all(s), expected);
    } finally {
      await s.close();
    }
  });
}
