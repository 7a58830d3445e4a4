// Issue 12: the per-link bailiwick rule (and every change to what a sensor keeps) may add
// records, never lose one. test/data/kept-before-issue12.tsv.gz is what old main (commit
// 511de04) stored from each shared capture: `ingest pcap|dnstap FILE` into a fresh store,
// `export cof`, one line per rdata value: kind, file (under ../shared/fixtures), rrname,
// rrtype, rdata, bailiwick. Every line must still be stored today, bailiwick included.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { cli, ndjson } from "../helpers/cli.js";
import type { Cof } from "../helpers/pcap-oracle.js";
import { captures } from "../helpers/pcap-oracle.js";
import { makeTmpDir } from "../helpers/tmp.js";

const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
const BEFORE = fileURLToPath(new URL("../data/kept-before-issue12.tsv.gz", import.meta.url));

/** kind and file → the lines kept before. */
function before(): Map<string, Set<string>> {
  const byFile = new Map<string, Set<string>>();
  for (const line of gunzipSync(readFileSync(BEFORE)).toString("utf8").split("\n")) {
    if (line === "") continue;
    const [kind, file, ...row] = line.split("\t");
    const k = `${kind}\t${file}`;
    if (!byFile.has(k)) byFile.set(k, new Set());
    byFile.get(k)?.add(row.join("\t"));
  }
  return byFile;
}

const BY_FILE = before();
// Every shared capture, including those old main stored nothing from (they are in the
// data only when something was kept), and the dnstap file old main read.
const FILES = [
  ...captures(join(FIXTURES, "pcap")).map((f) => ["pcap", f.slice(FIXTURES.length)]),
  ...[...BY_FILE.keys()].filter((k) => k.startsWith("dnstap\t")).map((k) => k.split("\t")),
] as [string, string][];

describe("nothing a shared capture gave before issue 12 is lost", () => {
  it("has the data of old main, for files that are here", () => {
    assert.ok(BY_FILE.size >= 6, `${BY_FILE.size} files in ${BEFORE}`);
    for (const k of BY_FILE.keys()) {
      const file = k.split("\t")[1] as string;
      assert.ok(existsSync(join(FIXTURES, file)), `${file} is gone from the shared fixtures`);
    }
  });
  for (const [kind, file] of FILES) {
    it(`${kind} ${file}`, async (t) => {
      const db = join(makeTmpDir("kept-before", t).path, "pdns.db");
      const ing = await cli(["ingest", kind, join(FIXTURES, file), "--db", db]);
      assert.equal(ing.status, 0, ing.stderr);
      const exp = await cli(["export", "cof", "--db", db]);
      assert.equal(exp.status, 0, exp.stderr);
      const now = new Set(
        ndjson<Cof>(exp.stdout).flatMap((o) =>
          o.rdata.map((r) => [o.rrname, o.rrtype, r, o.bailiwick ?? ""].join("\t")),
        ),
      );
      const lost = [...(BY_FILE.get(`${kind}\t${file}`) ?? [])].filter((r) => !now.has(r));
      assert.deepEqual(lost, [], `${file}: ${lost.length} records kept before are lost`);
    });
  }
});
