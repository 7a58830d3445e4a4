import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ingest } from "../../../src/passive/ingest.js";
import { ingestLinesParallel } from "../../../src/passive/parallel-ingest.js";
import { readCof } from "../../../src/passive/sources/cof.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { IngestCheckpoint } from "../../../src/store/types.js";
import { openObservationWriter } from "../../../src/store/write-thread.js";
import { makeTmpDir } from "../../helpers/tmp.js";

// The ingest's onRows hook, which detection runs on instead of wrapping the store:
// every row written reaches it exactly once, in its batch, before that batch is written
// (so an analytic reading the store sees it as it was before the rows), on the
// one-thread path, the parser threads' path and the writer thread's.

const tmp = makeTmpDir("on-rows");
after(() => tmp.remove());

const LINES = 300;
const cof = Array.from(
  { length: LINES },
  (_, i) =>
    `${JSON.stringify({ rrname: `h${i % 50}.example.com`, rrtype: "A", rdata: `192.0.2.${i % 7}`, time_first: 1_700_000_000 + i, count: 1 })}\n`,
).join("");
const file = join(tmp.path, "in.cof");
writeFileSync(file, cof);

/** A store in memory that notes, at each hook call, how many rows it held. */
function memoryStore() {
  const rows: Observation[] = [];
  let checkpoint: IngestCheckpoint | undefined;
  return {
    rows,
    async writeObservations(batch: readonly Observation[], cp?: IngestCheckpoint) {
      rows.push(...batch);
      if (cp) checkpoint = cp;
    },
    async readCheckpoint() {
      return checkpoint;
    },
  };
}

/** A hook that keeps each batch and what the store held when it came. */
function hook(held: () => number) {
  const batches: Observation[][] = [];
  const heldAt: number[] = [];
  return {
    batches,
    heldAt,
    onRows: async (rows: readonly Observation[]) => {
      heldAt.push(held());
      batches.push([...rows]);
    },
  };
}

const bytes = async function* () {
  yield Buffer.from(cof);
};

describe("ingest's onRows hook", () => {
  it("one thread: each batch once, before it is written", async () => {
    const store = memoryStore();
    const h = hook(() => store.rows.length);
    const stats = await ingest({
      store,
      source: readCof,
      input: bytes(),
      name: "t",
      batchRows: 20,
      onRows: h.onRows,
    });
    assert.ok(h.batches.length > 3, `${h.batches.length} batches`);
    assert.deepEqual(h.batches.flat(), store.rows);
    assert.equal(h.batches.flat().length, stats.rowsWritten);
    // Each batch came while the store held only the batches before it.
    let before = 0;
    h.batches.forEach((b, i) => {
      assert.equal(h.heldAt[i], before);
      before += b.length;
    });
  });

  it("parser threads: each round's rows once, before they are written", async () => {
    const store = memoryStore();
    const h = hook(() => store.rows.length);
    const stats = await ingestLinesParallel({
      store,
      path: file,
      format: "cof",
      threads: 2,
      roundBytes: 4096,
      flushRows: 10,
      onRows: h.onRows,
    });
    assert.ok(h.batches.length > 3, `${h.batches.length} batches`);
    assert.deepEqual(h.batches.flat(), store.rows);
    assert.equal(h.batches.flat().length, stats.rowsWritten);
    let before = 0;
    h.batches.forEach((b, i) => {
      assert.equal(h.heldAt[i], before);
      before += b.length;
    });
  });

  it("writer thread: every row once, and none of a batch's in the store when it comes", async () => {
    const db = join(tmp.path, "w.db");
    const writer = await openObservationWriter(db);
    const reader = await openSqliteStore(db);
    const seen: Observation[] = [];
    let early = 0;
    try {
      const stats = await ingest({
        store: writer,
        source: readCof,
        input: bytes(),
        name: "t",
        batchRows: 20,
        checkpointKey: "k",
        onRows: async (rows) => {
          for (const r of rows) {
            const stored = await reader.queryObservations({ rrname: r.rrname, rrtype: "A" });
            // A row already stored from an earlier batch merges; one never seen must not be there yet.
            if (
              !seen.some((s) => s.rrname === r.rrname && s.rdata === r.rdata) &&
              stored.some((o) => o.rdata === r.rdata)
            )
              early++;
          }
          seen.push(...rows);
        },
      });
      assert.equal(seen.length, stats.rowsWritten);
      assert.ok(stats.batches > 3);
    } finally {
      await writer.close();
    }
    assert.equal(early, 0);
    let count = 0;
    for await (const batch of reader.scanObservations()) for (const o of batch) count += o.count;
    await reader.close();
    assert.equal(count, LINES, "every line stored once");
    assert.equal(
      seen.reduce((n, r) => n + r.count, 0),
      LINES,
      "every line handed over once",
    );
  });

  it("hands over nothing a resumed run skips", async () => {
    const store = memoryStore();
    await ingest({
      store,
      source: readCof,
      input: bytes(),
      name: "t",
      checkpointKey: "k",
      batchRows: 20,
    });
    const h = hook(() => store.rows.length);
    const again = await ingest({
      store,
      source: readCof,
      input: bytes(),
      name: "t",
      checkpointKey: "k",
      onRows: h.onRows,
    });
    assert.equal(again.resumedItems, LINES);
    assert.deepEqual(h.batches, []);
  });
});
