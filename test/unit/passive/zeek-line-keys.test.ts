import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { unpackRows } from "../../../src/passive/packed-rows.js";
import { parseRange } from "../../../src/passive/range-parse.js";
import { eachItem } from "../../../src/passive/source.js";
import { readZeekDns } from "../../../src/passive/sources/zeek.js";
import { compareObservations, mergeAll } from "../../../src/store/merge.js";
import { normaliseObservation } from "../../../src/store/observation.js";
import { makeTmpDir } from "../../helpers/tmp.js";

// A parser thread counts repeated lines by a key (the slice from query to answers)
// and rebuilds each key once. Whatever the header, that must store what reading every
// line stores: here a second #fields header swaps two columns, so the same slice of
// text means another query type under it.

const tmp = makeTmpDir("zeek-keys");
after(() => tmp.remove());

const head = (fields: string): string[] => [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  `#fields\t${fields}`,
];

const log = [
  ...head("ts\tquery\tqtype_name\tqclass_name\tanswers\trejected"),
  "1700000000.5\tx.example.com\tNS\tCNAME\tns1.example.net\tF",
  "1700000001.5\tx.example.com\tA\tC_INTERNET\t192.0.2.1\tF",
  "1700000002.5\tx.example.com\tA\tC_INTERNET\t192.0.2.1\tF",
  ...head("ts\tquery\tqclass_name\tqtype_name\tanswers\trejected"),
  // The same text from query to answers as the first line: here a CNAME, not an NS.
  "1700000003.5\tx.example.com\tNS\tCNAME\tns1.example.net\tF",
  "1700000004.5\tx.example.com\tC_INTERNET\tA\t192.0.2.1\tF",
].join("\n");

const sorted = (rows: Iterable<Observation>): Observation[] => [...rows].sort(compareObservations);

describe("zeek: lines counted by key store what every line read alone stores", () => {
  it("two #fields headers with columns in another order", async () => {
    const path = join(tmp.path, "dns.log");
    writeFileSync(path, `${log}\n`);
    const r = await parseRange({
      path,
      format: "zeek",
      start: 0,
      end: Buffer.byteLength(log) + 1,
      header: "",
    });
    const oneByOne: Observation[] = [];
    for await (const item of eachItem(
      readZeekDns(
        (async function* () {
          yield Buffer.from(`${log}\n`);
        })(),
        { name: path },
      ),
    ))
      if (item.kind === "record")
        oneByOne.push(normaliseObservation({ source: "passive", ...item.record }, "record"));
    assert.deepEqual(sorted(unpackRows(r.rows)), sorted(mergeAll(oneByOne).values()));
    assert.equal(r.items, 5);
  });
});
