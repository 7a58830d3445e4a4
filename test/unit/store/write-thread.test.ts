import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { Observation } from "../../../src/model/observation.js";
import { ingest } from "../../../src/passive/ingest.js";
import type { SourceItem } from "../../../src/passive/source.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { openObservationWriter } from "../../../src/store/write-thread.js";
import { obs } from "./_helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dnsight-writer-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = (): string => join(dir, `w-${n++}.db`);

async function rows(db: string): Promise<Observation[]> {
  const s = await openSqliteStore(db);
  try {
    const out: Observation[] = [];
    for await (const batch of s.scanObservations()) out.push(...batch);
    return out.sort((a, b) => a.rdata.localeCompare(b.rdata));
  } finally {
    await s.close();
  }
}

describe("observation writer thread", () => {
  it("writes batches in order, each with its checkpoint, as the store itself does", async () => {
    const db = path();
    const w = await openObservationWriter(db);
    // Not awaited one by one: the thread must still apply them in the order given.
    await Promise.all([
      w.writeObservations([obs({ rdata: "192.0.2.1" })], { input: "f", offset: 10 }),
      w.writeObservations([obs({ rdata: "192.0.2.1", timeLast: 1_700_000_500 })], {
        input: "f",
        offset: 20,
      }),
      w.writeObservations([obs({ rdata: "192.0.2.2" })]),
    ]);
    assert.deepEqual(await w.readCheckpoint("f"), { input: "f", offset: 20 });
    await w.close();
    const got = await rows(db);
    assert.equal(got.length, 2);
    assert.equal(got[0]!.count, 2);
    assert.equal(got[0]!.timeLast, 1_700_000_500);
  });

  it("hands back the store's own error, by message and code", async () => {
    const w = await openObservationWriter(path());
    try {
      await assert.rejects(
        w.writeObservations([obs({ rrname: "Not Stored Form" })]),
        (e: unknown) => e instanceof DnsightError && /rrname/.test(e.message),
      );
    } finally {
      await w.close();
    }
  });

  it("says which database it could not open", async () => {
    await assert.rejects(
      openObservationWriter(join(dir, "no-such-dir", "x.db")),
      (e: unknown) => e instanceof DnsightError && /no-such-dir/.test(e.message),
    );
  });

  it("an ingest through it stores what an ingest on the same thread stores", async () => {
    const items = (): SourceItem[] =>
      Array.from({ length: 5000 }, (_, i) => ({
        kind: "record",
        record: {
          rrname: `n${i % 700}.example`,
          rrtype: "A",
          rdata: `192.0.2.${i % 7}`,
          timeFirst: 1_700_000_000 + i,
        },
        position: { offset: i + 1 },
      }));
    async function* runs(): AsyncGenerator<SourceItem[]> {
      const all = items();
      for (let i = 0; i < all.length; i += 333) yield all.slice(i, i + 333);
    }
    const threaded = path();
    const w = await openObservationWriter(threaded);
    try {
      await ingest({ store: w, items: runs(), name: "t", checkpointKey: "t", batchRows: 100 });
    } finally {
      await w.close();
    }
    const plain = path();
    const s = await openSqliteStore(plain);
    try {
      await ingest({ store: s, items: runs(), name: "t", checkpointKey: "t", batchRows: 100 });
    } finally {
      await s.close();
    }
    assert.deepEqual(await rows(threaded), await rows(plain));
    assert.equal((await rows(plain)).length, 700);
  });

  it("an ingest stops writing after a failed write, so no later checkpoint covers lost rows", async () => {
    let calls = 0;
    const written: number[] = [];
    const store = {
      readCheckpoint: async () => undefined,
      writeObservations: async (_rows: readonly Observation[], cp?: { offset: number }) => {
        calls++;
        if (calls === 2) throw new DnsightError("STORE", "disk full");
        written.push(cp!.offset);
      },
    };
    async function* runs(): AsyncGenerator<SourceItem[]> {
      for (let r = 0; r < 10; r++)
        yield Array.from({ length: 10 }, (_, i) => ({
          kind: "record" as const,
          record: {
            rrname: `n${r * 10 + i}.example`,
            rrtype: "A",
            rdata: "192.0.2.1",
            timeFirst: 1,
          },
          position: { offset: r * 10 + i + 1 },
        }));
    }
    await assert.rejects(
      ingest({ store, items: runs(), name: "t", checkpointKey: "t", batchRows: 5 }),
      /disk full/,
    );
    assert.deepEqual(written, [5]);
  });
});
