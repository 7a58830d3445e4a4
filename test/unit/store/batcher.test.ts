import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { Observation } from "../../../src/model/observation.js";
import { createObservationBatcher } from "../../../src/store/batcher.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { ObservationStore } from "../../../src/store/types.js";
import { obs } from "./_helpers.js";

const T = 1_700_000_000;

/** A store that records batches and fails on demand: the failures cannot be provoked for real. */
function fakeStore() {
  const batches: Observation[][] = [];
  const state = { fail: 0, hold: false, syncThrow: false };
  const held: Array<() => void> = [];
  const store: Pick<ObservationStore, "writeObservations" | "queryObservations"> = {
    writeObservations(batch) {
      if (state.syncThrow) throw new Error("thrown, not rejected");
      if (state.fail > 0) {
        state.fail--;
        return Promise.reject(new DnsightError("STORE", "disk full"));
      }
      batches.push([...batch]);
      return state.hold ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve();
    },
    queryObservations: async () => [],
  };
  return { store, batches, state, held };
}

const total = (batches: Observation[][]) => batches.flat().reduce((n, o) => n + o.count, 0);

describe("observation batcher", () => {
  it("pre-merges repeats before they reach the store", async () => {
    const sqlite = await openSqliteStore(":memory:");
    const b = createObservationBatcher(sqlite, { maxItems: 100 });
    for (let i = 0; i < 50; i++) b.add(obs({ timeFirst: T + i, timeLast: T + i, count: 2 }));
    b.add(obs({ rdata: "192.0.2.2" }));
    assert.equal(b.pending, 2);
    await b.close();
    assert.deepEqual(await sqlite.queryObservations({ rrname: "www.example.com" }), [
      obs({ timeFirst: T, timeLast: T + 49, count: 100 }),
      obs({ rdata: "192.0.2.2" }),
    ]);
    await sqlite.close();
  });

  it("hands a full batch to the store at once, then one after the delay", async () => {
    const { store, batches } = fakeStore();
    const b = createObservationBatcher(store, { maxItems: 3, maxDelayMs: 20 });
    for (let i = 0; i < 4; i++) b.add(obs({ rdata: `192.0.2.${i}` }));
    assert.deepEqual(
      batches.map((x) => x.length),
      [3],
      "the write started inside add()",
    );
    await sleep(80);
    assert.deepEqual(
      batches.map((x) => x.length),
      [3, 1],
    );
    await b.close();
  });

  it("rejects a bad delta in add() without buffering it, and refuses adds after close", async () => {
    const { store, batches } = fakeStore();
    const b = createObservationBatcher(store);
    assert.throws(
      () => b.add(obs({ rrname: "Bad.Example" })),
      (e: unknown) => e instanceof DnsightError && e.code === "INPUT",
    );
    assert.equal(b.pending, 0);
    b.add(obs());
    await b.close();
    assert.equal(batches.length, 1);
    assert.throws(() => b.add(obs()), /batcher is closed/);
  });

  it("keeps the rows of a failed flush and writes them on the next one, exactly once", async () => {
    const { store, batches, state } = fakeStore();
    const b = createObservationBatcher(store, { maxItems: 1000 });
    b.add(obs({ count: 3 }));
    state.fail = 1;
    await assert.rejects(b.flush(), /disk full/);
    assert.equal(b.pending, 1);
    b.add(obs({ count: 4 }));
    await b.flush();
    assert.equal(total(batches), 7);
    assert.equal(batches.length, 1);
    await b.close();
  });

  it("throws a background write's error from the next add, once, and loses nothing", async () => {
    const { store, batches, state } = fakeStore();
    const b = createObservationBatcher(store, { maxItems: 2 });
    state.fail = 1;
    b.add(obs({ rdata: "192.0.2.1" }));
    b.add(obs({ rdata: "192.0.2.2" })); // full: written in the background, and fails
    await sleep(0);
    assert.throws(() => b.add(obs({ rdata: "192.0.2.3" })), /disk full/);
    b.add(obs({ rdata: "192.0.2.3" }));
    await b.close();
    assert.deepEqual(
      batches
        .flat()
        .map((o) => o.rdata)
        .sort(),
      ["192.0.2.1", "192.0.2.2", "192.0.2.3"],
    );
  });

  it("treats a store that throws synchronously like one that rejects", async () => {
    const { store, state } = fakeStore();
    const b = createObservationBatcher(store);
    b.add(obs());
    state.syncThrow = true;
    await assert.rejects(b.flush(), /thrown, not rejected/);
    state.syncThrow = false;
    await b.close();
  });

  it("reports back-pressure while too many writes are unfinished, and flush waits for them", async () => {
    const { store, state, held } = fakeStore();
    state.hold = true;
    const b = createObservationBatcher(store, { maxItems: 1, maxInFlight: 2 });
    assert.equal(b.add(obs({ rdata: "192.0.2.1" })), true);
    assert.equal(b.add(obs({ rdata: "192.0.2.2" })), false);
    let flushed = false;
    const f = b.flush().then(() => (flushed = true));
    await sleep(10);
    assert.equal(flushed, false, "flush waits for the held writes");
    for (const release of held) release();
    await f;
    assert.equal(b.add(obs({ rdata: "192.0.2.3" })), true);
    held.at(-1)?.();
    state.hold = false;
    await b.close();
  });

  it("rejects nonsense options", () => {
    const { store } = fakeStore();
    assert.throws(
      () => createObservationBatcher(store, { maxItems: 0 }),
      /batch size must be a positive integer/,
    );
    assert.throws(
      () => createObservationBatcher(store, { maxDelayMs: -1 }),
      /batch delay must be >= 0 ms/,
    );
  });
});
