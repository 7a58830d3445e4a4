import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { ByteCount, countLines, counted } from "../../../src/util/byte-count.js";

describe("ByteCount", () => {
  it("counts the bytes and line ends handed on, strings as UTF-8", async () => {
    const c = new ByteCount();
    const out: Uint8Array[] = [];
    async function* input(): AsyncGenerator<unknown> {
      yield Buffer.from("a\nbb\n");
      yield "é\n"; // 3 bytes
      yield new Uint8Array(0);
      yield Buffer.from("no end");
    }
    for await (const chunk of counted(input(), c)) out.push(chunk);
    assert.equal(c.bytes, 5 + 3 + 6);
    assert.equal(c.lines, 3);
    assert.equal(Buffer.concat(out).toString(), "a\nbb\né\nno end");
    assert.equal(countLines(Buffer.from("\n\n\n")), 3);
  });

  it("adds up across threads through its shared buffer", async () => {
    const c = new ByteCount();
    c.add(10, 1);
    const code = `
      const { workerData, parentPort } = require("node:worker_threads");
      const cells = new BigInt64Array(workerData);
      for (let i = 0; i < 1000; i++) { Atomics.add(cells, 0, 3n); Atomics.add(cells, 1, 1n); }
      parentPort.postMessage("done");`;
    const w = new Worker(code, { eval: true, workerData: c.shared });
    await new Promise((r) => w.once("message", r));
    await w.terminate();
    assert.equal(c.bytes, 3010);
    assert.equal(c.lines, 1001);
  });
});
