// Issue 11: an ingest that could read nothing says so. A file read as the wrong
// format used to print "0 observations" and exit 0, and its checkpoint then covered
// the whole file, so the right command afterwards stored nothing either. Now: exit 1
// with the file's first line and the format it looks like, no checkpoint past the
// rejected lines, and a checkpoint per format; a capture with DNS on another port
// names the ports it saw.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ingestInput } from "../../src/flows/ingest.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { cli } from "../helpers/cli.js";
import { capture } from "../helpers/pcap.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("wrong-format");
after(() => tmp.remove());
let n = 0;
const db = (): string => join(tmp.path, `w${n++}.db`);

const COF =
  Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({
      rrname: `c${i}.example`,
      rrtype: "A",
      rdata: `192.0.2.${i}`,
      count: 1,
      time_first: 1_700_000_000,
      time_last: 1_700_000_000 + i,
    }),
  ).join("\n") + "\n";

async function count(d: string): Promise<number> {
  const r = await cli(["export", "cof", "--db", d]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).length;
}

describe("ingest of a file in another format than the one named", () => {
  for (const threads of ["1", "2"])
    it(`fails with the first line and a guess, and the right format then stores everything (--threads ${threads})`, async () => {
      const file = join(tmp.path, `obs-${threads}.cof`);
      writeFileSync(file, COF);
      const d = db();
      const wrong = await cli(["ingest", "zeek", file, "--db", d, "--threads", threads]);
      assert.equal(wrong.status, 1, wrong.stderr);
      assert.match(wrong.stderr, /nothing in .*obs-\d\.cof could be read as zeek: 30 skipped/);
      assert.match(wrong.stderr, /its first line is "\{"rrname":"c0\.example"/);
      assert.match(wrong.stderr, /it looks like cof: try 'dnsight ingest cof /);

      const right = await cli(["ingest", "cof", file, "--db", d, "--threads", threads]);
      assert.equal(right.status, 0, right.stderr);
      assert.equal(await count(d), 30);
      // The same command again reads nothing new, and that is not a failure.
      const again = await cli(["ingest", "cof", file, "--db", d, "--threads", threads]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(await count(d), 30);
    });

  it("keeps a checkpoint per format: a file read as one format is new to another", async () => {
    // passivedns finds nothing in a COF file but must not mark it read for cof.
    const file = join(tmp.path, "per-format.cof");
    writeFileSync(file, COF);
    const d = db();
    assert.equal((await cli(["ingest", "passivedns", file, "--db", d])).status, 1);
    assert.equal((await cli(["ingest", "cof", file, "--db", d])).status, 0);
    assert.equal(await count(d), 30);
  });

  it("a file that is all damage is not a wrong format: a warning, exit 0", async () => {
    const file = join(tmp.path, "long.cof");
    writeFileSync(file, "x".repeat((1 << 20) + 10) + "\n");
    const r = await cli(["ingest", "cof", file, "--db", db()]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: .*line longer than/);
  });
});

describe("ingest of a capture with DNS on another port", () => {
  it("names the ports it saw traffic on and suggests --port", async () => {
    const file = join(tmp.path, "dns-8053.pcap");
    writeFileSync(file, capture(12, 8053).bytes);
    const d = db();
    // The capture was read: a warning, not a failure.
    const r = await cli(["ingest", "pcap", file, "--db", d]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^warning: /m);
    assert.match(r.stderr, /no DNS found in .*dns-8053\.pcap on port 53; UDP\/TCP traffic is on/);
    assert.match(r.stderr, /udp\/8053 \(12 packets\)/);
    assert.match(r.stderr, /try --port 8053/);
    const ok = await cli(["ingest", "pcap", file, "--db", d, "--port", "8053"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(await count(d), 12);
  });
});

describe("the same, through the library: notes are data, worded by the CLI", () => {
  it("ingestInput says which ports it saw and what the file looks like, naming no flag", async () => {
    const store = await openSqliteStore(db());
    try {
      const pcap = join(tmp.path, "lib-8053.pcap");
      writeFileSync(pcap, capture(5, 8053).bytes);
      const p = await ingestInput({ format: "pcap", path: pcap, store, detect: false });
      assert.deepEqual(p.notes, [
        {
          kind: "no-dns-on-ports",
          input: pcap,
          ports: [53],
          busiest: [["udp/8053", 5]],
          mdnsPackets: 0,
        },
      ]);
      const cof = join(tmp.path, "lib.cof");
      writeFileSync(cof, COF);
      const z = await ingestInput({ format: "zeek", path: cof, store, detect: false });
      assert.equal(z.wrongFormat?.looksLike, "cof");
      assert.equal(z.wrongFormat?.rejected, 30);
      assert.match(z.wrongFormat?.firstLine ?? "", /^\{"rrname":"c0\.example"/);
      assert.doesNotMatch(JSON.stringify([p.notes, z.wrongFormat]), /--|dnsight ingest/);
    } finally {
      await store.close();
    }
  });
});
