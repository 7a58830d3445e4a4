import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { unpackRows } from "../../../src/passive/packed-rows.js";
import { parseRange } from "../../../src/passive/range-parse.js";
import { eachItem, SkipCounter } from "../../../src/passive/source.js";
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

/** parseRange's rows (keys first) and the rows of reading every line alone, for one log. */
async function bothWays(name: string, text: string) {
  const path = join(tmp.path, name);
  writeFileSync(path, text);
  const r = await parseRange({
    path,
    format: "zeek",
    start: 0,
    end: Buffer.byteLength(text),
    header: "",
  });
  const oneByOne: Observation[] = [];
  const skipped = new SkipCounter();
  for await (const item of eachItem(
    readZeekDns(
      (async function* () {
        yield Buffer.from(text);
      })(),
      { name: path, skipped },
    ),
  ))
    if (item.kind === "record")
      oneByOne.push(normaliseObservation({ source: "passive", ...item.record }, "record"));
  return {
    r,
    keyed: sorted(unpackRows(r.rows)),
    alone: sorted(mergeAll(oneByOne).values()),
    skipped,
  };
}

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

describe("zeek: the key scan reads times and columns as a whole parse does", () => {
  const fields = "ts\tquery\tqtype_name\tanswers\trejected";
  it("times in every form Number() reads, whole seconds kept; bad ones skipped and named", async () => {
    const lines = [
      ...head(fields),
      "1700000000.999999\ta.example.com\tA\t192.0.2.1\tF",
      "1700000005\ta.example.com\tA\t192.0.2.1\tF",
      "1.7000001e9\ta.example.com\tA\t192.0.2.1\tF",
      "0x10\tb.example.com\tA\t192.0.2.2\tF",
      "17000000x1.5\tb.example.com\tA\t192.0.2.2\tF",
      "-\tb.example.com\tA\t192.0.2.2\tF",
      "1700000009.\tc.example.com\tA\t192.0.2.3\tF",
      "+1700000010.5\tc.example.com\tA\t192.0.2.3\tF",
    ];
    const { r, keyed, alone, skipped } = await bothWays("times.log", `${lines.join("\n")}\n`);
    assert.deepEqual(keyed, alone);
    const a = keyed.find((o) => o.rrname === "a.example.com")!;
    assert.deepEqual([a.timeFirst, a.timeLast, a.count], [1700000000, 1700000100, 3]);
    const c = keyed.find((o) => o.rrname === "c.example.com")!;
    assert.deepEqual([c.timeFirst, c.timeLast, c.count], [1700000009, 1700000010, 2]);
    assert.deepEqual([...skipped.reasons.keys()].sort(), ['bad ts ""', 'bad ts "17000000x1.5"']);
    assert.deepEqual(r.skipped.map(([reason]) => reason).sort(), [
      'bad ts ""',
      'bad ts "17000000x1.5"',
    ]);
  });
  it("a short line's missing columns are not taken from the next line", async () => {
    const lines = [
      ...head(fields),
      // No answers column: the tab that follows is the next line's.
      "1700000000.5\tshort.example.com\tA",
      "1700000001.5\tx.example.com\tA\t192.0.2.9\tF",
      "1700000002.5\ty.example.com\tA\t192.0.2.10",
      "",
      "1700000003.5\tz.example.com\tA\t192.0.2.11\tT",
    ];
    const { keyed, alone } = await bothWays("short.log", `${lines.join("\r\n")}\r\n`);
    assert.deepEqual(keyed, alone);
    assert.deepEqual(
      keyed.map((o) => o.rrname),
      ["x.example.com", "y.example.com"],
    );
  });
});

describe("zeek: a thread's memo of rebuilt answers", () => {
  const lineA = "1700000000.5\tx.example.com\tNS\tCNAME\tns1.example.net\tF";
  it("does not carry an answer from one file's columns to another's, nor one sensor's to another", async () => {
    // The same line under two layouts: an NS answer in the first file, a CNAME in the second.
    const first = await bothWays(
      "layout-a.log",
      `${[...head("ts\tquery\tqtype_name\tqclass_name\tanswers\trejected"), lineA].join("\n")}\n`,
    );
    const second = await bothWays(
      "layout-b.log",
      `${[...head("ts\tquery\tqclass_name\tqtype_name\tanswers\trejected"), lineA].join("\n")}\n`,
    );
    assert.deepEqual(first.keyed, first.alone);
    assert.deepEqual(second.keyed, second.alone);
    assert.deepEqual([first.keyed[0]!.rrtype, second.keyed[0]!.rrtype], ["NS", "CNAME"]);
    const path = join(tmp.path, "layout-a.log");
    const end = Buffer.byteLength(
      `${[...head("ts\tquery\tqtype_name\tqclass_name\tanswers\trejected"), lineA].join("\n")}\n`,
    );
    for (const sensorId of ["s1", "s2"]) {
      const r = await parseRange({ path, format: "zeek", start: 0, end, header: "", sensorId });
      assert.deepEqual(
        unpackRows(r.rows).map((o) => o.sensorId),
        [sensorId],
      );
    }
  });
  it("puts each range's own times and counts on a remembered answer", async () => {
    const lines = [
      ...head("ts\tquery\tqtype_name\tanswers\trejected"),
      "1700000000.5\tm.example.com\tA\t192.0.2.1,not a name!\tF",
      "1700000001.5\tm.example.com\tA\t192.0.2.1,not a name!\tF",
      "1700000100.5\tm.example.com\tA\t192.0.2.1,not a name!\tF",
    ];
    const text = `${lines.join("\n")}\n`;
    const path = join(tmp.path, "ranges.log");
    writeFileSync(path, text);
    const cut = text.indexOf("1700000100.5");
    const header = `${head("ts\tquery\tqtype_name\tanswers\trejected").join("\n")}\n`;
    const one = await parseRange({ path, format: "zeek", start: 0, end: cut, header: "" });
    const two = await parseRange({ path, format: "zeek", start: cut, end: text.length, header });
    const row = (r: typeof one) => {
      const [o] = unpackRows(r.rows);
      return [o!.timeFirst, o!.timeLast, o!.count];
    };
    assert.deepEqual(row(one), [1700000000, 1700000001, 2]);
    assert.deepEqual(row(two), [1700000100, 1700000100, 1]);
    // The bad address is skipped once a line, in each range.
    const skips = (r: typeof one) => r.skipped.reduce((n, [, k]) => n + k, 0);
    assert.deepEqual([one.items, skips(one), two.items, skips(two)], [2, 2, 1, 1]);
  });
});
