import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AnswerMemo } from "../../../src/passive/answer-memo.js";
import { maskAnswer } from "../../../src/passive/answer-identity.js";

// The memo files answers by a 32-bit hash and must never hand one answer's result to
// another: equal hashes are told apart by their bytes and their rules (tag).

const msg = (...bytes: number[]): Buffer => Buffer.from([0xab, 0xcd, ...bytes]);

describe("AnswerMemo", () => {
  it("tells apart entries that share a hash by their bytes after the ID, and by tag", () => {
    const memo = new AnswerMemo<string>(100);
    const a = msg(1, 2, 3);
    const b = msg(1, 2, 4);
    memo.set(7, a, "-", "a");
    memo.set(7, b, "-", "b");
    memo.set(7, a, "m", "a under mDNS rules");
    assert.equal(memo.get(7, msg(1, 2, 3), 5, "-"), "a");
    assert.equal(memo.get(7, msg(1, 2, 4), 5, "-"), "b");
    assert.equal(memo.get(7, msg(1, 2, 3), 5, "m"), "a under mDNS rules");
    assert.equal(memo.get(7, msg(1, 2, 5), 5, "-"), undefined);
    assert.equal(memo.get(8, msg(1, 2, 3), 5, "-"), undefined, "another hash is another entry");
  });

  it("compares only the first `len` bytes of a reused scratch buffer, and the ID not at all", () => {
    const memo = new AnswerMemo<string>(100);
    memo.set(1, msg(9, 9), "-", "short");
    const scratch = Buffer.from([0x11, 0x22, 9, 9, 0xff, 0xff]);
    assert.equal(memo.get(1, scratch, 4, "-"), "short");
    assert.equal(memo.get(1, scratch, 5, "-"), undefined, "a longer message is another answer");
  });

  it("keeps at most its capacity, and keeps an answer that stays busy through a stream of one-offs", () => {
    const memo = new AnswerMemo<number>(10);
    const busy = msg(0xbb);
    memo.set(0, busy, "-", -1);
    for (let i = 0; i < 1000; i++) {
      const one = msg(i >> 8, i & 0xff, 1);
      memo.set(i + 1, one, "-", i);
      assert.ok(memo.size <= 10);
      if (i % 3 === 0) assert.equal(memo.get(0, busy, busy.length, "-"), -1, `lost at ${i}`);
    }
    assert.equal(memo.get(1, msg(0, 0, 1), 5, "-"), undefined, "an old one-off is gone");
  });

  it("keeps a short chain per hash, so crafted collisions cost no walk of the memo", () => {
    const memo = new AnswerMemo<number>(100_000);
    for (let i = 0; i < 20_000; i++) memo.set(5, msg(i >> 8, i & 0xff), "-", i);
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) memo.get(5, msg(0xff, 0xff, 0xff), 5, "-");
    assert.ok(performance.now() - t0 < 500, "lookups walk a bounded chain");
    assert.equal(memo.get(5, msg(19_999 >> 8, 19_999 & 0xff), 4, "-"), 19_999);
  });

  it("a one-entry memo still answers its last entry", () => {
    const memo = new AnswerMemo<string>(1);
    memo.set(3, msg(1), "-", "x");
    assert.equal(memo.get(3, msg(1), 3, "-"), "x");
    memo.set(4, msg(2), "-", "y");
    assert.equal(memo.size, 1);
    assert.equal(memo.get(4, msg(2), 3, "-"), "y");
  });
});

describe("maskAnswer", () => {
  it("hashes alike two replies that differ in ID and TTLs only, and writes the masked copy", () => {
    // Header (1 question, 1 answer), question www. A IN, answer with a pointer to it.
    const reply = (id: number, ttl: number): Buffer => {
      const b = Buffer.from([
        0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 0, 0, 1, 0, 1, 0xc0, 12, 0,
        1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1,
      ]);
      b.writeUInt16BE(id, 0);
      b.writeUInt32BE(ttl, 27);
      return b;
    };
    const s1 = Buffer.alloc(512);
    const s2 = Buffer.alloc(512);
    const h1 = maskAnswer(reply(1, 300), s1);
    const h2 = maskAnswer(reply(0xbeef, 17), s2);
    assert.equal(h1, h2);
    assert.deepEqual(s1.subarray(0, 37), s2.subarray(0, 37));
    assert.equal(s1.readUInt32BE(27), 0);
    const other = reply(1, 300);
    other[36] = 2;
    assert.notEqual(maskAnswer(other, s2), h1);
  });
});
