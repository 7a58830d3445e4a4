// Ctrl-C inside an ingest (issue 11): what was taken is written with its checkpoint,
// never half of a line's items, and a run again from that checkpoint takes the rest,
// so the two runs store every item once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ingest } from "../../../src/passive/ingest.js";
import type { SourceItem } from "../../../src/passive/source.js";
import type { IngestCheckpoint } from "../../../src/store/types.js";

/** The store's part an ingest uses, keeping the observations seen and the checkpoint. */
function memoryStore() {
  const rows: Observation[] = [];
  let checkpoint: IngestCheckpoint | undefined;
  return {
    rows,
    checkpoint: () => checkpoint,
    async writeObservations(batch: readonly Observation[], cp?: IngestCheckpoint) {
      rows.push(...batch);
      if (cp) checkpoint = cp;
    },
    async readCheckpoint() {
      return checkpoint;
    },
  };
}

/** Line `i` (ending at byte 10·(i+1)) holds two records, a CNAME and an A. */
function lineItems(i: number): SourceItem[] {
  const position = { offset: 10 * (i + 1), line: i + 1, start: 10 * i };
  const rec = (rrtype: string, rdata: string): SourceItem => ({
    kind: "record",
    record: { rrname: `h${i}.example`, rrtype, rdata, timeFirst: 1_700_000_000 + i },
    position,
  });
  return [rec("CNAME", `a${i}.example.net`), rec("A", `192.0.2.${i % 250}`)];
}

/** Yields lines' items one at a time; `after(n)` runs once n items were handed out. */
async function* items(lines: number, after?: (n: number) => void | Promise<void>) {
  let n = 0;
  for (let i = 0; i < lines; i++)
    for (const item of lineItems(i)) {
      yield item;
      await after?.(++n);
    }
}

describe("ingest with a signal", () => {
  it("stopped between a line's two records: stores whole lines only, and a run again adds the rest once", async () => {
    const store = memoryStore();
    const ac = new AbortController();
    // Aborts as the A of line 7 is asked for, its CNAME (the 15th item) already handed
    // out: the A, ready at once, still joins it, and the ingest stops before line 8.
    const first = await ingest({
      store,
      name: "t",
      checkpointKey: "k",
      batchRows: 4,
      signal: ac.signal,
      items: items(100, (n) => void (n === 15 && ac.abort())),
    });
    assert.equal(first.interrupted, true);
    assert.equal(first.observations, 16, "lines 0-7, both records each");
    assert.equal(store.rows.length, 16);
    assert.equal(first.storedTo, 80);
    assert.deepEqual(store.checkpoint(), { input: "k", offset: 80 });

    const again = await ingest({
      store,
      name: "t",
      checkpointKey: "k",
      batchRows: 4,
      signal: new AbortController().signal,
      items: items(100),
    });
    assert.equal(again.interrupted, undefined);
    assert.equal(again.resumedItems, 16);
    const keys = store.rows.map((r) => `${r.rrname} ${r.rrtype}`);
    assert.equal(keys.length, 200);
    assert.equal(new Set(keys).size, 200, "no record twice");
    assert.equal(store.checkpoint()?.offset, 1000);
  });

  it(
    "stops a read that waits on a quiet input, keeping every line that came before",
    { timeout: 5000 },
    async () => {
      const store = memoryStore();
      const ac = new AbortController();
      async function* quiet(): AsyncGenerator<SourceItem> {
        for (let i = 0; i < 3; i++) yield* lineItems(i);
        setTimeout(() => ac.abort(), 20);
        await new Promise(() => undefined); // a pipe nobody writes to
      }
      const stats = await ingest({
        store,
        name: "-",
        checkpointKey: "k",
        signal: ac.signal,
        items: quiet(),
      });
      assert.equal(stats.interrupted, true);
      assert.equal(store.rows.length, 6);
      assert.equal(store.checkpoint()?.offset, 30);
    },
  );

  it(
    "a quiet input's last line is written while it waits, before the next line or a stop",
    { timeout: 10_000 },
    async () => {
      const store = memoryStore();
      const ac = new AbortController();
      let written: () => void;
      const lastLineIn = new Promise<void>((resolve) => (written = resolve));
      async function* growing(): AsyncGenerator<SourceItem> {
        for (let i = 0; i < 3; i++) yield* lineItems(i);
        // A log being written: nothing more for now. The ingest must not wait for line 3.
        await lastLineIn;
        ac.abort();
        await new Promise(() => undefined);
      }
      const run = ingest({
        store,
        name: "live",
        checkpointKey: "k",
        maxDelayMs: 100,
        signal: ac.signal,
        items: growing(),
      });
      const t0 = Date.now();
      while (store.checkpoint()?.offset !== 30 && Date.now() - t0 < 5000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(store.rows.length, 6, "every line, the last one too, before a stop");
      assert.deepEqual(store.checkpoint(), { input: "k", offset: 30 });
      written!();
      const stats = await run;
      assert.equal(stats.interrupted, true);
      assert.equal(store.rows.length, 6, "nothing twice");
    },
  );

  it("a source that hands out runs of lines: stops between lines inside a run too", async () => {
    const store = memoryStore();
    const ac = new AbortController();
    async function* runs(): AsyncGenerator<SourceItem[]> {
      for (let r = 0; r < 10; r++) {
        yield Array.from({ length: 10 }, (_, i) => lineItems(r * 10 + i)).flat();
        if (r === 1) setTimeout(() => ac.abort(), 0);
        // A packet capture's next read: the abort lands while it waits.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const stats = await ingest({
      store,
      name: "t",
      checkpointKey: "k",
      signal: ac.signal,
      items: runs(),
    });
    assert.equal(stats.interrupted, true);
    assert.equal(store.rows.length, 40, "the two runs read, whole");
    assert.equal(store.checkpoint()?.offset, 200);
  });

  it("aborted before it starts: takes nothing and moves no checkpoint", async () => {
    const store = memoryStore();
    const ac = new AbortController();
    ac.abort();
    const stats = await ingest({
      store,
      name: "t",
      checkpointKey: "k",
      signal: ac.signal,
      items: items(10),
    });
    assert.equal(stats.interrupted, true);
    assert.equal(stats.observations, 0);
    assert.equal(store.checkpoint(), undefined);
  });

  it("without a signal, the same items make the same store", async () => {
    const store = memoryStore();
    const stats = await ingest({
      store,
      name: "t",
      checkpointKey: "k",
      batchRows: 4,
      items: items(100),
    });
    assert.equal(stats.observations, 200);
    assert.equal(store.rows.length, 200);
    assert.equal(store.checkpoint()?.offset, 1000);
  });
});
