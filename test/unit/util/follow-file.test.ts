import assert from "node:assert/strict";
import { appendFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { followFile } from "../../../src/util/follow-file.js";
import { makeTmpDir } from "../../helpers/tmp.js";

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  let s = "";
  for await (const b of it) s += b.toString();
  return s;
}

describe("followFile", () => {
  it("gives what is appended while it waits, and ends on the signal after reading it all", async (t) => {
    const dir = makeTmpDir("follow", t).path;
    const f = join(dir, "dns.log");
    writeFileSync(f, "a\n");
    const ac = new AbortController();
    const got = collect(followFile(f, { signal: ac.signal, pollMs: 10 }));
    await sleep(50);
    appendFileSync(f, "b\n");
    await sleep(50);
    appendFileSync(f, "c\n");
    ac.abort();
    assert.equal(await got, "a\nb\nc\n");
  });

  it("ends when the file is rotated away, after reading the old one to its end", async (t) => {
    const dir = makeTmpDir("follow", t).path;
    const f = join(dir, "dns.log");
    writeFileSync(f, "old 1\n");
    const got = collect(followFile(f, { pollMs: 10 }));
    await sleep(40);
    appendFileSync(f, "old 2\n");
    renameSync(f, join(dir, "dns.1.log"));
    writeFileSync(f, "new\n");
    assert.equal(await got, "old 1\nold 2\n");
  });

  it("starts where it is told", async (t) => {
    const dir = makeTmpDir("follow", t).path;
    const f = join(dir, "x");
    writeFileSync(f, "0123456789");
    const ac = new AbortController();
    ac.abort();
    assert.equal(
      await collect(followFile(f, { from: 4, signal: ac.signal, chunkBytes: 3 })),
      "456789",
    );
  });
});
