import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ingest } from "../../../src/passive/ingest.js";
import {
  eachItem,
  SkipCounter,
  type Source,
  type SourceItem,
} from "../../../src/passive/source.js";
import { mergeInto, observationKey } from "../../../src/store/merge.js";
import type { IngestCheckpoint } from "../../../src/store/types.js";

// The one contract suite every ingest Source runs (STYLE.md habit 6), as the Store has
// test/unit/store/contract.ts. A source's items carry offsets that never go back,
// whatever sizes its bytes arrive in; what it leaves out is counted; and an ingest
// killed after a batch and run again skips exactly what the first run stored, so the
// two runs together store what one clean run does.

export interface SourceCase {
  source: Source;
  /** An input of a few dozen good items and `skips` bad ones. */
  bytes: Uint8Array;
  skips: number;
}

/** The bytes in pieces of `size` (the whole input for 0). */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  if (size === 0) return yield bytes;
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** Each item as its offset and a digest of what it holds (a message's bytes may be a view). */
function itemKey(item: SourceItem): string {
  const body =
    item.kind === "message"
      ? `${item.time} ${createHash("sha256").update(item.message).digest("hex")} ${item.bailiwick ?? ""}`
      : JSON.stringify(item.record);
  return `${item.position.offset} ${item.kind} ${body}`;
}

async function read(
  c: SourceCase,
  size: number,
): Promise<{ items: SourceItem[]; skipped: SkipCounter; keys: string[] }> {
  const skipped = new SkipCounter();
  const items: SourceItem[] = [];
  const keys: string[] = [];
  for await (const item of eachItem(c.source(pieces(c.bytes, size), { name: "t", skipped }))) {
    items.push(item);
    keys.push(itemKey(item));
  }
  return { items, skipped, keys };
}

/** The store's part an ingest uses, in memory; its `failAt`-th write fails, as a kill would stop it. */
function memoryStore(failAt = 0) {
  const rows: Observation[] = [];
  let checkpoint: IngestCheckpoint | undefined;
  let writes = 0;
  return {
    rows,
    async writeObservations(batch: readonly Observation[], cp?: IngestCheckpoint) {
      if (++writes === failAt) throw new Error("killed");
      rows.push(...batch);
      if (cp) checkpoint = cp;
    },
    async readCheckpoint() {
      return checkpoint;
    },
  };
}

const merged = (rows: readonly Observation[]): Observation[] => {
  const m = new Map<string, Observation>();
  for (const r of rows) {
    const k = observationKey(r);
    const prev = m.get(k);
    if (prev) mergeInto(prev, { ...r });
    else m.set(k, { ...r });
  }
  return [...m.values()].sort((a, b) => observationKey(a).localeCompare(observationKey(b)));
};

const run = (c: SourceCase, store: ReturnType<typeof memoryStore>) =>
  ingest({
    store,
    source: c.source,
    input: pieces(c.bytes, 0),
    name: "t",
    checkpointKey: "k",
    batchRows: 5,
  });

export function runSourceContract(name: string, c: SourceCase): void {
  describe(`Source contract: ${name}`, () => {
    it("gives offsets that never go back, inside the input", async () => {
      const { items } = await read(c, 0);
      assert.ok(items.length >= 20, `${items.length} items`);
      let last = 0;
      for (const item of items) {
        assert.ok(item.position.offset >= last, `offset ${item.position.offset} after ${last}`);
        assert.ok(item.position.offset <= c.bytes.length);
        last = item.position.offset;
      }
    });

    it("gives the same items however its bytes are cut", async () => {
      const whole = (await read(c, 0)).keys;
      for (const size of [1, 7, 4096])
        assert.deepEqual((await read(c, size)).keys, whole, `pieces of ${size}`);
    });

    it("counts what it leaves out", async () => {
      const { skipped } = await read(c, 0);
      assert.equal(skipped.total, c.skips, [...skipped.reasons.keys()].join("; "));
      for (const reason of skipped.reasons.keys()) assert.ok(reason.length > 0);
    });

    it("resumed after a kill, skips exactly what was stored: two runs store what one does", async () => {
      const clean = memoryStore();
      await run(c, clean);
      const { items } = await read(c, 0);
      for (const failAt of [2, 4]) {
        const store = memoryStore(failAt);
        await assert.rejects(run(c, store), /killed/);
        const stored = (await store.readCheckpoint())!.offset;
        const again = await run(c, store);
        assert.equal(again.resumedFrom, stored);
        assert.equal(again.resumedItems, items.filter((i) => i.position.offset <= stored).length);
        assert.deepEqual(merged(store.rows), merged(clean.rows), `killed at write ${failAt}`);
        // Run once more: everything is covered, nothing is written.
        const third = await run(c, store);
        assert.equal(third.resumedItems, items.length);
        assert.equal(third.rowsWritten, 0);
      }
    });
  });
}
