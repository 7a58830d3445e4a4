import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ownCopy } from "../../../src/util/own-copy.js";

// A copy keeps every UTF-16 code unit, whatever the string holds.
describe("ownCopy", () => {
  it("gives back the same characters: ASCII, Latin-1, astral, and lone surrogates", () => {
    const big = "x".repeat(1 << 16) + "www.example.com\tA\t192.0.2.1" + "y".repeat(1 << 16);
    for (const s of [
      "",
      "a",
      big.slice(1 << 16, (1 << 16) + 27),
      "caf\u00e9.example",
      "\u{1d11e} music",
      "lone \ud800 high",
      "lone \udc00 low",
      "\udc00\ud800 reversed pair",
    ])
      assert.equal(ownCopy(s), s);
  });
});
