import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eachItem, SkipCounter, type Source } from "../../../src/passive/source.js";
import { readCof } from "../../../src/passive/sources/cof.js";
import { readLines, type Line } from "../../../src/passive/sources/lines.js";
import { readPassiveDns } from "../../../src/passive/sources/passivedns.js";
import { readZeekDns } from "../../../src/passive/sources/zeek.js";

// A line over the cap (1 MiB by default) is skipped and counted with its input,
// line and byte offset; every other line of the input is still read. Issue 10 §5:
// one such line used to refuse the whole file.

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function lines(text: string, size: number, max: number) {
  const skipped = new SkipCounter();
  const out: Line[] = [];
  for await (const l of readLines(chunks(Buffer.from(text), size), "big.log", {
    maxLineBytes: max,
    skipped,
  }))
    out.push(l);
  return { out, skipped };
}

describe("readLines over the cap", () => {
  const text = ["ok", "x".repeat(100), "yy", "z".repeat(10) + "\r", "w".repeat(11), "tail"].join(
    "\n",
  );
  for (const size of [1, 3, 7, 64, 4096]) {
    it(`skips and counts long lines, reads the rest (chunks of ${size})`, async () => {
      const { out, skipped } = await lines(text, size, 10);
      assert.deepEqual(
        out.map((l) => [l.text, l.number, l.start, l.end]),
        [
          ["ok", 1, 0, 3],
          ["yy", 3, 104, 107],
          // Ten bytes and a CRLF: at the cap, not over it.
          ["z".repeat(10), 4, 107, 119],
          ["tail", 6, 131, 135],
        ],
      );
      assert.equal(skipped.reasons.get("line longer than 10 bytes"), 2);
      assert.deepEqual(skipped.examples, [
        "big.log:2 at byte 3 (101 bytes): line longer than 10 bytes",
        "big.log:5 at byte 119 (12 bytes): line longer than 10 bytes",
      ]);
    });
  }

  it("skips a last line over the cap that has no line end", async () => {
    const { out, skipped } = await lines("a\n" + "b".repeat(50), 8, 10);
    assert.deepEqual(
      out.map((l) => l.text),
      ["a"],
    );
    assert.deepEqual(skipped.examples, [
      "big.log:2 at byte 2 (50 bytes): line longer than 10 bytes",
    ]);
  });

  it("counts offsets from the origin of a range", async () => {
    const skipped = new SkipCounter();
    const out: Line[] = [];
    for await (const l of readLines(chunks(Buffer.from("q".repeat(20) + "\nr\n"), 5), "r", {
      maxLineBytes: 10,
      skipped,
      origin: 1000,
    }))
      out.push(l);
    assert.deepEqual(
      out.map((l) => [l.text, l.start, l.end]),
      [["r", 1021, 1023]],
    );
    // From the middle of a file a line's number is not known: the place is its byte.
    assert.match(skipped.examples[0] ?? "", /^r at byte 1000 \(21 bytes\)/);
  });

  it("streams a 1 GiB line without holding it", async () => {
    const mib = Buffer.alloc(1 << 20, 0x78);
    async function* input(): AsyncGenerator<Uint8Array> {
      yield Buffer.from("first\n");
      for (let i = 0; i < 1024; i++) yield mib;
      yield Buffer.from("\nlast\n");
    }
    const skipped = new SkipCounter();
    const before = process.memoryUsage().rss;
    let peak = before;
    const got: string[] = [];
    for await (const l of readLines(input(), "huge.log", { skipped })) {
      got.push(l.text);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.deepEqual(got, ["first", "last"]);
    assert.deepEqual(skipped.examples, [
      `huge.log:2 at byte 6 (${2 ** 30 + 1} bytes): line longer than 1048576 bytes`,
    ]);
    // The cap is 1 MiB: what is held beyond it is the generator's own chunk.
    assert.ok(peak - before < 64 << 20, `RSS grew ${(peak - before) >> 20} MiB`);
  });
});

const BIG = "x".repeat((1 << 20) + 10);
const ZEEK = [
  "#separator \\x09",
  "#fields\tts\tquery\tqtype_name\tanswers\tTTLs",
  "1700000000\ta.example\tA\t192.0.2.1\t60",
  `1700000001\tb.example\tTXT\t${BIG}\t60`,
  "1700000002\tc.example\tA\t192.0.2.3\t60",
].join("\n");
const PDNS = [
  "1700000000||10.1.1.1||8.8.8.8||IN||a.example.||A||192.0.2.1||60||1",
  `1700000001||10.1.1.1||8.8.8.8||IN||b.example.||TXT||${BIG}||60||1`,
  "1700000002||10.1.1.1||8.8.8.8||IN||c.example.||A||192.0.2.3||60||1",
].join("\n");
const COF = [
  '{"rrname":"a.example","rrtype":"A","rdata":"192.0.2.1","time_first":1,"time_last":2}',
  `{"rrname":"b.example","rrtype":"TXT","rdata":"${BIG}","time_first":1,"time_last":2}`,
  '{"rrname":"c.example","rrtype":"A","rdata":"192.0.2.3","time_first":1,"time_last":2}',
].join("\n");

describe("every line format keeps the lines around an over-long one", () => {
  const cases: [string, Source, string, number][] = [
    ["zeek", readZeekDns, ZEEK, 4],
    ["passivedns", readPassiveDns, PDNS, 2],
    ["cof", readCof, COF, 2],
  ];
  for (const [format, read, text, line] of cases) {
    it(format, async () => {
      const skipped = new SkipCounter();
      const names: string[] = [];
      for await (const item of eachItem(
        read(chunks(Buffer.from(text), 65_536), { name: `in.${format}`, skipped }),
      ))
        if (item.kind === "record") names.push(item.record.rrname);
      assert.deepEqual(
        names,
        format === "passivedns" ? ["a.example.", "c.example."] : ["a.example", "c.example"],
      );
      assert.equal(skipped.total, 1);
      const start =
        text.indexOf("b.example") -
        text.slice(0, text.indexOf("b.example")).split("\n").pop()!.length;
      assert.equal(
        skipped.examples[0],
        `in.${format}:${line} at byte ${start} (${text.split("\n")[line - 1]!.length + 1} bytes): line longer than 1048576 bytes`,
      );
    });
  }
});
