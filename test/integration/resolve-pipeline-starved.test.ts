// A resolve pipeline whose engine has nothing left to send hands its results over at
// once, not on its batch timer. A resolver thread is given names only for results
// handed over (a credit of a few windows), so with a small --concurrency each round
// of names used to wait out the 100 ms timer with the window empty (about 10k qps).
// The timer is mocked here: only the "nothing left to send" path can ship a batch.
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { ResolvePipeline, type PipelineBatch } from "../../src/bulk/pipeline.js";
import { startKnot } from "../helpers/knot.js";

const NAMES = 20;

describe("resolve pipeline", () => {
  it("hands results over as soon as nothing is left to send, without its timer", async (t) => {
    const lines = ["@ SOA ns1 hostmaster 1 3600 900 604800 300", "@ NS ns1", "ns1 A 127.0.0.1"];
    for (let i = 0; i < NAMES; i++) lines.push(`n${i} A 192.0.2.${i + 1}`);
    const knot = await startKnot(
      { zones: [{ origin: "starve.test", text: `${lines.join("\n")}\n` }] },
      t,
    );
    const batches: PipelineBatch[] = [];
    const p = await ResolvePipeline.open(
      {
        servers: [{ address: knot.host, port: knot.port, family: 4 }],
        types: ["A"],
        concurrency: 50,
        retries: 3,
        format: "lines",
        observe: false,
      },
      (b) => {
        batches.push(b);
      },
    );
    t.after(() => p.close());
    // Timers that never fire unless ticked: the batch timer, and the query deadlines.
    mock.timers.enable({ apis: ["setTimeout"] });
    t.after(() => mock.timers.reset());
    for (let i = 0; i < NAMES; i++) p.submit(`n${i}.starve.test.`);
    const completed = (): number => batches.reduce((n, b) => n + b.completed, 0);
    const started = performance.now();
    while (completed() < NAMES && performance.now() - started < 5000)
      await new Promise<void>((r) => setImmediate(r));
    assert.equal(completed(), NAMES, "every result handed over with the batch timer stopped");
    const text = batches.map((b) => b.text).join("");
    for (let i = 0; i < NAMES; i++)
      assert.match(text, new RegExp(`^n${i}\\.starve\\.test\\..*192\\.0\\.2\\.${i + 1}$`, "m"));
  });
});
