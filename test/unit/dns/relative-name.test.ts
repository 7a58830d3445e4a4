// relative() takes shortcuts for names without an escaped trailing dot; it must
// still agree with the definition: absolute(), then the root dot dropped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { absolute, relative } from "../../../src/dns/wire/name.js";

const reference = (text: string): string => (text === "." ? "." : absolute(text).slice(0, -1));

describe("relative", () => {
  it("agrees with absolute() for names of letters, dots and backslashes", () => {
    const text = fc
      .array(fc.constantFrom("a", "b", ".", "\\"), { maxLength: 12 })
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(text, (t) => assert.equal(relative(t), reference(t), JSON.stringify(t))),
      { numRuns: 5000 },
    );
  });

  it("keeps an escaped trailing dot and drops the root after an escaped backslash", () => {
    assert.equal(relative("a\\."), "a\\.");
    assert.equal(relative("a\\\\."), "a\\\\");
    assert.equal(relative("www.example.com."), "www.example.com");
    assert.equal(relative("www.example.com"), "www.example.com");
    assert.equal(relative("."), ".");
  });
});
