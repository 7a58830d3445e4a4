// The pcap source against tshark on every capture in ../shared/fixtures/pcap (recursively):
// the DNS messages we extract, as (transport, id, first question, answer count), equal what
// tshark dissects. Each capture is also rewritten by editcap as pcapng and as nanosecond
// pcap, which must give the same messages at the same times.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createReadStream, readdirSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readPcapDnsMessages } from "../../src/passive/sources/pcap/index.js";
import { messageTuple, tsharkDnsTuples } from "../helpers/tshark.js";
import { makeTmpDir } from "../helpers/tmp.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../shared/fixtures/pcap/", import.meta.url));

function captures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) return captures(p);
      return /\.(pcap|pcapng|cap)$/i.test(e) ? [p] : [];
    });
}

async function extract(file: string) {
  const it = readPcapDnsMessages(createReadStream(file, { highWaterMark: 4096 }), { name: file });
  const tuples: string[] = [];
  const times: number[] = [];
  for await (const m of it) {
    tuples.push(messageTuple(m.transport, m.message));
    times.push(m.time);
  }
  return { tuples, times, counters: it.counters };
}

const FILES = captures(ROOT);

describe("pcap source agrees with tshark on the shared fixtures", () => {
  it("finds the fixtures", () => assert.ok(FILES.length > 0, `no captures under ${ROOT}`));

  for (const file of FILES) {
    const title = relative(ROOT, file);
    it(title, async (t) => {
      const ours = await extract(file);
      assert.equal(ours.counters.skipped, 0);
      assert.ok(ours.tuples.length > 0, "no DNS messages");
      assert.deepEqual([...ours.tuples].sort(), await tsharkDnsTuples(file));

      const tmp = makeTmpDir("pcap", t);
      for (const format of ["pcapng", "nsecpcap"]) {
        const copy = join(tmp.path, `${basename(file)}.${format}`);
        await run("editcap", ["-F", format, file, copy], { timeout: 30_000 });
        const again = await extract(copy);
        assert.deepEqual(again.tuples, ours.tuples, format);
        again.times.forEach((time, i) =>
          assert.ok(Math.abs(time - (ours.times[i] as number)) < 0.001, `${format} time ${i}`),
        );
      }
    });
  }
});
