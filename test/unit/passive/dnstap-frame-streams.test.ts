import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import {
  encodeControl,
  encodeData,
  readFrameStream,
  type FrameStreamOptions,
} from "../../../src/passive/sources/dnstap/frame-streams.js";

const FIXTURE = "/work/shared/fixtures/dnstap/fstrm/test.fstrm";
const CT = "protobuf:dnstap.Dnstap";

async function* chunks(b: Uint8Array, size = b.length): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** Reads every data frame, and the error that ended the read, if any. */
async function collect(
  input: AsyncIterable<Uint8Array>,
  o: Partial<FrameStreamOptions> = {},
): Promise<{ frames: string[]; error?: DnsightError }> {
  const frames: string[] = [];
  try {
    for await (const f of readFrameStream(input, { name: "in.fstrm", ...o }))
      frames.push(Buffer.from(f.data).toString("latin1"));
  } catch (e) {
    assert.ok(e instanceof DnsightError, String(e));
    return { frames, error: e };
  }
  return { frames };
}

const stream = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
const data = (s: string): Buffer => encodeData(Buffer.from(s));
const GOOD = stream(
  encodeControl("START", [CT]),
  data("one"),
  data("two"),
  data("three"),
  encodeControl("STOP"),
);

describe("Frame Streams reader", () => {
  it("reads fstrm's own test file (content type test:hello)", async () => {
    const r = await collect(createReadStream(FIXTURE), {
      contentType: "test:hello",
      name: FIXTURE,
    });
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.frames,
      Array.from({ length: 10 }, (_, i) => `Hello, world #${i}\n`),
    );
  });

  it("refuses a content type other than the expected one, naming both", async () => {
    const r = await collect(createReadStream(FIXTURE), { name: FIXTURE });
    assert.equal(
      r.error?.message,
      `${FIXTURE}: content type "test:hello", expected "${CT}" at byte 0`,
    );
    const any = await collect(createReadStream(FIXTURE), { contentType: null });
    assert.equal(any.frames.length, 10);
  });

  it("gives the same frames whatever the chunking, one byte at a time included", async () => {
    for (const size of [1, 3, 7, GOOD.length]) {
      const r = await collect(chunks(GOOD, size));
      assert.deepEqual(r, { frames: ["one", "two", "three"] }, `chunks of ${size}`);
    }
  });

  it("reports offsets: frame start, and the end a resume would start at", async () => {
    const seen: Array<[number, number]> = [];
    for await (const f of readFrameStream(chunks(GOOD, 5), { name: "x" }))
      seen.push([f.offset, f.end]);
    const start = encodeControl("START", [CT]).length;
    assert.deepEqual(seen, [
      [start, start + 7],
      [start + 7, start + 14],
      [start + 14, start + 23],
    ]);
  });

  it("keeps the frames before a truncation and names the file and the frame's offset", async () => {
    const cut = GOOD.subarray(0, GOOD.length - 8 - 6); // into "three"
    const r = await collect(chunks(cut, 4));
    assert.deepEqual(r.frames, ["one", "two"]);
    const at = encodeControl("START", [CT]).length + 14;
    assert.equal(r.error?.message, `in.fstrm: truncated data frame (3 of 5 bytes) at byte ${at}`);
    assert.equal(r.error?.code, "INPUT");
    assert.doesNotMatch(r.error.message, /\n/);
  });

  // Issue 10 §5: a dnstap file cut short (its writer killed, or still writing) is read
  // up to the cut when the caller says so, and the cut reported instead of raised.
  it("with cutShort, a cut frame or a missing STOP ends the read after the frames before", async () => {
    const start = encodeControl("START", [CT]).length;
    for (const [cut, frames, where] of [
      [GOOD.length - 8 - 6, ["one", "two"], [start + 14, "truncated data frame (3 of 5 bytes)"]],
      [GOOD.length - 10, ["one", "two", "three"], [start + 23, "truncated frame length in frame"]],
      [GOOD.length - 12, ["one", "two", "three"], [start + 23, "no STOP control frame at the end"]],
      [
        GOOD.length - 3,
        ["one", "two", "three"],
        [start + 23, "truncated control frame (1 of 4 bytes)"],
      ],
    ] as const) {
      const cuts: [number, string][] = [];
      const r = await collect(chunks(GOOD.subarray(0, cut), 3), {
        cutShort: (offset, what) => cuts.push([offset, what]),
      });
      assert.deepEqual(r, { frames }, `cut at ${cut}`);
      assert.deepEqual(cuts, [where], `cut at ${cut}`);
    }
  });

  it("a cut inside a length field, and a missing STOP, are errors too", async () => {
    const r1 = await collect(chunks(GOOD.subarray(0, GOOD.length - 10)));
    assert.match(
      r1.error?.message ?? "",
      /^in\.fstrm: truncated frame length in frame at byte \d+$/,
    );
    const r2 = await collect(chunks(GOOD.subarray(0, GOOD.length - 12)));
    assert.deepEqual(r2.frames, ["one", "two", "three"]);
    assert.equal(
      r2.error?.message,
      `in.fstrm: input ended without a STOP control frame at byte ${GOOD.length - 12}`,
    );
  });

  it("validates control frames", async () => {
    const bad = (control: Buffer): Promise<{ frames: string[]; error?: DnsightError }> =>
      collect(chunks(stream(control, data("x"), encodeControl("STOP"))));
    const big = Buffer.alloc(8 + 513);
    big.writeUInt32BE(513, 4);
    assert.equal(
      (await bad(big)).error?.message,
      "in.fstrm: control frame of 513 bytes (at most 512) at byte 0",
    );
    const unknown = encodeControl("START", [CT]);
    unknown.writeUInt32BE(9, 8);
    assert.equal(
      (await bad(unknown)).error?.message,
      "in.fstrm: unknown control frame type 9 at byte 8",
    );
    const badField = encodeControl("START", [CT]);
    badField.writeUInt32BE(7, 12);
    assert.equal(
      (await bad(badField)).error?.message,
      "in.fstrm: unknown field type 7 in START control frame at byte 12",
    );
    const overlong = encodeControl("START", [CT]);
    overlong.writeUInt32BE(CT.length + 1, 16);
    assert.match((await bad(overlong)).error?.message ?? "", /truncated content type in START/);
    assert.match(
      (await bad(encodeControl("START", [CT, "x"]))).error?.message ?? "",
      /START control frame with more than one content type at byte 12$/,
    );
    assert.match(
      (await bad(encodeControl("READY", [CT]))).error?.message ?? "",
      /expected a START control frame, found a READY frame \(a bidirectional stream\) at byte 0$/,
    );
    assert.match(
      (await collect(chunks(data("x")))).error?.message ?? "",
      /expected a START control frame, found a data frame at byte 0$/,
    );
    assert.match((await collect(chunks(new Uint8Array(0)))).error?.message ?? "", /empty input/);
    const midStart = stream(encodeControl("START", [CT]), data("a"), encodeControl("START", [CT]));
    const r = await collect(chunks(midStart));
    assert.deepEqual(r.frames, ["a"]);
    assert.match(r.error?.message ?? "", /unexpected START control frame at byte 47$/);
  });

  it("accepts a START without a content type, as fstrm does", async () => {
    const r = await collect(
      chunks(stream(encodeControl("START"), data("a"), encodeControl("STOP"))),
    );
    assert.deepEqual(r, { frames: ["a"] });
  });

  it("refuses a data frame larger than the limit before reading it", async () => {
    const huge = Buffer.alloc(4);
    huge.writeUInt32BE(0x7fffffff);
    const r = await collect(chunks(stream(encodeControl("START", [CT]), huge)));
    assert.match(
      r.error?.message ?? "",
      /data frame of 2147483647 bytes \(at most 1048576\) at byte 42$/,
    );
    const small = await collect(chunks(GOOD), { maxFrameSize: 3 });
    assert.deepEqual(small.frames, ["one", "two"]);
  });
});
