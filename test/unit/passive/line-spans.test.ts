import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SkipCounter } from "../../../src/passive/source.js";
import { readLineSpans, type Line } from "../../../src/passive/sources/lines.js";

// The line reader's spans against a plain split of the same bytes, over random text
// (ASCII, multi-byte characters, CRLF, blank lines, lines over the cap) cut into
// random chunks: an ASCII stretch is decoded whole, other lines one by one, and a
// line left open by one chunk is finished by the next.

const ALPHABET = ["a", "b", "\t", " ", "é", "€", "𝄞", "\r", "\n", "\n", "#", "0"];

function mulberry(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the reader must give: the bytes split on LF, a CR before it dropped, long lines skipped. */
function reference(bytes: Buffer, max: number): { lines: Line[]; skipped: number } {
  const lines: Line[] = [];
  let skipped = 0;
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(10, start);
    const end = nl === -1 ? bytes.length : nl + 1;
    let stop = nl === -1 ? end : nl;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    number++;
    if (stop - start > max) skipped++;
    else lines.push({ text: bytes.toString("utf8", start, stop), number, start, end });
    start = end;
  }
  return { lines, skipped };
}

async function* chunked(bytes: Buffer, rand: () => number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length;) {
    const n = 1 + Math.floor(rand() * 40);
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

describe("readLineSpans", () => {
  for (const [label, max] of [
    ["no line over the cap", 1 << 20],
    ["a cap of 12 bytes", 12],
  ] as const)
    it(`gives the lines a plain split gives, over 300 random inputs and chunkings (${label})`, async () => {
      const rand = mulberry(max);
      for (let run = 0; run < 300; run++) {
        let text = "";
        const length = Math.floor(rand() * 200);
        for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)];
        const bytes = Buffer.from(text);
        const want = reference(bytes, max);
        const skipped = new SkipCounter();
        const got: Line[] = [];
        for await (const s of readLineSpans(chunked(bytes, rand), "r.log", {
          maxLineBytes: max,
          skipped,
        }))
          for (let i = 0; i < s.count; i++)
            got.push({
              text: s.text.slice(s.from[i], s.to[i]),
              number: s.number[i]!,
              start: s.start[i]!,
              end: s.end[i]!,
            });
        assert.deepEqual(got, want.lines, `run ${run}: ${JSON.stringify(text)}`);
        const counted = [...skipped.reasons.values()].reduce((a, b) => a + b, 0);
        assert.equal(counted, want.skipped, `run ${run}: lines over the cap`);
      }
    });
});
