// Owner names that point at the question (byte 12) reuse the question's name as read
// once (wire/reader.ts); they must read exactly as a full walk would: the root, the
// case as sent, and the 255-byte limit counted over the whole name.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeMessage } from "../../../src/dns/wire/message.js";

function wireName(name: string): Buffer {
  if (name === ".") return Buffer.from([0]);
  const parts = name.replace(/\.$/, "").split(".");
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, "latin1")])),
    Buffer.from([0]),
  ]);
}

/** A reply: the question `qname` A IN, then one A record per owner (wire bytes given). */
function reply(qname: Buffer, owners: Buffer[]): Buffer {
  const head = Buffer.from([0x12, 0x34, 0x84, 0, 0, 1, 0, owners.length, 0, 0, 0, 0]);
  const rr = (owner: Buffer) =>
    Buffer.concat([owner, Buffer.from([0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1])]);
  return Buffer.concat([head, qname, Buffer.from([0, 1, 0, 1]), ...owners.map(rr)]);
}

const PTR12 = Buffer.from([0xc0, 12]);

describe("owner names pointing at the question", () => {
  it("read as the question's name, case kept, again and again", () => {
    const m = decodeMessage(
      reply(wireName("WwW.Example.TEST"), [
        PTR12,
        PTR12,
        Buffer.concat([Buffer.from([1, 0x78]), PTR12]),
      ]),
    );
    assert.deepEqual(
      m.answers.map((a) => a.name),
      ["WwW.Example.TEST.", "WwW.Example.TEST.", "x.WwW.Example.TEST."],
    );
  });

  it("keep the root question's name as the root", () => {
    const m = decodeMessage(
      reply(wireName("."), [PTR12, Buffer.concat([Buffer.from([1, 0x61]), PTR12])]),
    );
    assert.deepEqual(
      m.answers.map((a) => a.name),
      [".", "a."],
    );
  });

  it("count the question's bytes towards the 255-byte limit", () => {
    // 4 labels of 61 bytes: 249 bytes on the wire, a legal name.
    const q = wireName(
      Array.from({ length: 4 }, (_, i) => String.fromCharCode(97 + i).repeat(61)).join("."),
    );
    assert.equal(q.length, 249);
    assert.equal(
      decodeMessage(reply(q, [Buffer.concat([Buffer.from([4, 1, 2, 3, 4]), PTR12])])).answers
        .length,
      1,
    );
    // Six more bytes make 255 + 1.
    assert.throws(
      () => decodeMessage(reply(q, [Buffer.concat([Buffer.from([6, 1, 2, 3, 4, 5, 6]), PTR12])])),
      /answer owner longer than 255 bytes/,
    );
  });
});
