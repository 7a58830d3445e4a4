// The spool file of a shard that is down (src/store/clickhouse/spool-file.ts): records
// come back as written, in order; a torn last record (a process killed mid-append) is
// detected, not returned, and cut off before the next append; damage in the middle is
// an error rather than a silent skip.
import assert from "node:assert/strict";
import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { LogRow } from "../../../src/store/clickhouse/obs-block.js";
import {
  encodeRecord,
  readSpool,
  SpoolWriter,
  type SpoolRecord,
} from "../../../src/store/clickhouse/spool-file.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const tmp = makeTmpDir("spool");
after(() => tmp.remove());
let n = 0;
const file = (): string => join(tmp.path, `s${n++}.spool`);

const rec = (i: number, bytes: number): SpoolRecord => {
  const log: LogRow[] = [
    {
      kind: 1,
      input: `in-${i}`,
      endOffset: 1000 * i,
      rowsIn: i,
      at: 1_700_000_000_000_000n + BigInt(i),
    },
  ];
  return { log, block: Buffer.from(Array.from({ length: bytes }, (_, k) => (k * 31 + i) & 255)) };
};

function writeAll(path: string, records: SpoolRecord[]): void {
  const w = SpoolWriter.open(path);
  for (const r of records) w.append(r);
  w.close();
}

describe("clickhouse spool file", () => {
  const three = [rec(1, 300), rec(2, 0), rec(3, 5000)];

  it("gives back every record as written, in order", () => {
    const path = file();
    writeAll(path, three);
    const got = readSpool(path);
    assert.deepEqual(got.records, three);
    assert.equal(got.tornBytes, 0);
  });

  it("does not return a torn last record, wherever the append stopped, and cuts it off", () => {
    const path = file();
    writeAll(path, three);
    const whole = readFileSync(path);
    const last = encodeRecord(three[2]!).length;
    for (const cut of [1, 4, 8, 9, 100, last - 9, last - 1]) {
      writeFileSync(path, whole);
      truncateSync(path, whole.length - cut);
      const got = readSpool(path);
      assert.deepEqual(got.records, three.slice(0, 2), `cut ${cut}`);
      assert.equal(got.tornBytes, last - cut, `cut ${cut}`);
    }
    // The next append starts where the whole records end: the torn bytes are gone.
    writeAll(path, [rec(4, 10)]);
    assert.deepEqual(readSpool(path).records, [...three.slice(0, 2), rec(4, 10)]);
  });

  it("treats a last record with a wrong checksum as torn, one in the middle as damage", () => {
    const path = file();
    writeAll(path, three);
    const whole = readFileSync(path);
    const flipped = Buffer.from(whole);
    flipped[whole.length - 20]! ^= 1;
    writeFileSync(path, flipped);
    assert.deepEqual(readSpool(path).records, three.slice(0, 2));
    const middle = Buffer.from(whole);
    middle[encodeRecord(three[0]!).length + 12]! ^= 1;
    writeFileSync(path, middle);
    assert.throws(() => readSpool(path), /record at byte \d+ has a wrong checksum/);
  });

  it("refuses a file that is no spool", () => {
    const path = file();
    writeFileSync(path, "hello, this is not a spool file at all");
    assert.throws(() => readSpool(path), /no record starts at byte 0/);
  });
});
