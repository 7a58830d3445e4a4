import assert from "node:assert/strict";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ingestLinesParallel } from "../../../src/passive/parallel-ingest.js";
import type { IngestCheckpoint } from "../../../src/store/types.js";
import { ByteCount } from "../../../src/util/byte-count.js";
import { makeTmpDir } from "../../helpers/tmp.js";

// The parser threads must not wait for the main thread to be given their next range:
// while it is busy (merging, or a store writing on it, as SQLite does), they parse on.
// Here the main thread is held, synchronously, inside the first round's write until the
// threads have read the whole second round. Threads handed one range at a time stop
// half-way through it (two ranges a thread a round) and never get there.

const tmp = makeTmpDir("prefetch");
after(() => tmp.remove());

// Ranges of ~2000 lines: each takes the threads far longer than the main thread takes
// to hand over a range, as in a real ingest (16 MiB rounds).
const ROUND = 1 << 20;
const LINES = 40_000;
const file = join(tmp.path, "in.cof");
writeFileSync(
  file,
  Array.from(
    { length: LINES },
    (_, i) =>
      `${JSON.stringify({ rrname: `h${i}.example.com`, rrtype: "A", rdata: `192.0.${(i >> 8) % 256}.${i % 256}`, time_first: 1_700_000_000 + i, count: 1 })}\n`,
  ).join(""),
);

describe("parallel ingest: the parser threads parse ahead of a busy main thread", () => {
  it("two threads read a whole round more while the main thread is held in a write", async () => {
    assert.ok(statSync(file).size > 3 * ROUND, "the file spans more than two rounds");
    const read = new ByteCount();
    const rows: Observation[] = [];
    let checkpoint: IngestCheckpoint | undefined;
    let readWhileHeld: number | undefined;
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const stats = await ingestLinesParallel({
      store: {
        async writeObservations(batch: readonly Observation[], cp?: IngestCheckpoint) {
          if (readWhileHeld === undefined) {
            // The end of the second round lies past 2 * ROUND (rounds end at line ends).
            const deadline = Date.now() + 20_000;
            while (read.bytes < 2 * ROUND && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 5);
            readWhileHeld = read.bytes;
          }
          rows.push(...batch);
          if (cp) checkpoint = cp;
        },
        async readCheckpoint() {
          return checkpoint;
        },
      },
      checkpointKey: "k",
      path: file,
      format: "cof",
      threads: 2,
      roundBytes: ROUND,
      flushRows: 1,
      read,
    });
    assert.ok(
      readWhileHeld! >= 2 * ROUND,
      `the threads read only ${readWhileHeld} bytes while the main thread was held`,
    );
    assert.equal(stats.observations, LINES);
    assert.equal(new Set(rows.map((r) => r.rrname)).size, LINES);
    assert.equal(checkpoint?.offset, statSync(file).size);
  });
});
