import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { readIndex } from "../../bench/fuzz/corpus.js";
import { corpusEntries, knownEntries, Replayer } from "../../bench/fuzz/replay.js";

// Every input the fuzz bench (`npm run bench -- fuzz`) ever saw crash or stall a parser is
// kept in test/fuzz-corpus/<parser>/ and replayed here on every run: each must now end in
// the parser's documented way (parsed, or refused with its clean error) within 1 s of CPU
// time, the limit for a hostile parse (on two cores shared with other suites the
// wall clock runs two to five times that, so it only bounds a hang). Entries whose fix
// belongs to another change are listed in KNOWN.json with the reason, and skipped until
// that fix lands.

const LIMIT_MS = 1000;
/** Wall clock after which the replay worker is given up on: far past the limit, short enough to fail fast. */
const DEADLINE_MS = 8000;

describe("fuzz corpus replay", () => {
  const replayer = new Replayer(DEADLINE_MS);
  after(() => replayer.close());
  const known = new Map(knownEntries().map((k) => [k.file, k.reason]));
  const entries = corpusEntries();

  it("has a corpus, every file in INDEX.json, every KNOWN entry a file in it", () => {
    assert.ok(entries.length > 0, "test/fuzz-corpus/ holds no inputs");
    const files = new Set(entries.map((e) => e.file));
    const indexed = new Set(readIndex().map((e) => e.file));
    for (const file of files) assert.ok(indexed.has(file), `${file} is not in INDEX.json`);
    for (const file of indexed)
      assert.ok(files.has(file), `INDEX.json names ${file}, which is gone`);
    for (const file of known.keys())
      assert.ok(files.has(file), `KNOWN.json names ${file}, which is gone`);
  });

  for (const e of entries) {
    const reason = known.get(e.file);
    it(e.file, { skip: reason ? `known: ${reason}` : false }, async (t) => {
      const r = await replayer.replay(e);
      assert.notEqual(r.outcome, "hang", `${e.file}: ${r.detail}`);
      assert.notEqual(r.outcome, "crash", `${e.file} (${e.target}): ${r.detail}`);
      const took = `${r.cpuMs.toFixed(0)} ms CPU, ${r.ms.toFixed(0)} ms wall`;
      assert.ok(r.cpuMs < LIMIT_MS, `${e.file}: ${took} (limit ${LIMIT_MS} ms CPU)`);
      t.diagnostic(`${r.outcome} in ${took}`);
    });
  }
});
