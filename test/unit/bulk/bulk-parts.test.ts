import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parentName, randomLabel } from "../../../src/bulk/random-label.js";
import { Deque } from "../../../src/util/deque.js";
import { TokenBucket } from "../../../src/util/token-bucket.js";

describe("Deque", () => {
  it("is first in, first out across growth and wrap-around", () => {
    const d = new Deque<number>();
    const ref: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 37; i++) {
        d.push(next);
        ref.push(next++);
      }
      for (let i = 0; i < 23; i++) assert.equal(d.shift(), ref.shift());
    }
    assert.equal(d.length, ref.length);
    d.unshift(-1);
    assert.equal(d.shift(), -1);
    while (ref.length) assert.equal(d.shift(), ref.shift());
    assert.equal(d.shift(), undefined);
    assert.equal(d.length, 0);
  });
});

describe("TokenBucket", () => {
  it("allows the burst, then makes the caller wait", () => {
    const b = new TokenBucket(100, 5);
    let taken = 0;
    while (b.take()) taken++;
    assert.equal(taken, 5);
    const wait = b.wait();
    assert.ok(wait > 0 && wait <= 10, `wait ${wait}`);
  });
});

describe("parentName and randomLabel", () => {
  it("goes one label up, keeps escaped dots inside a label, stops at a TLD", () => {
    assert.equal(parentName("a.b.example."), "b.example.");
    assert.equal(parentName("a\\.b.example.com."), "example.com.");
    assert.equal(parentName("example."), undefined);
    assert.equal(parentName("www.example."), undefined);
    assert.equal(parentName("."), undefined);
  });

  it("makes a fresh valid label each time", () => {
    const a = randomLabel();
    assert.match(a, /^dnsight-[0-9a-z]{16}$/);
    assert.notEqual(a, randomLabel());
  });
});
