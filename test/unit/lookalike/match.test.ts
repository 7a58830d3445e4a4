import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALERT_SCORE, BrandMatcher, withinOneEdit } from "../../../src/lookalike/match.js";
import { skeleton } from "../../../src/lookalike/skeleton.js";

const m = new BrandMatcher([
  "paypal.com",
  "# a comment",
  "google.com",
  "bbc.co.uk",
  "",
  "ing.nl",
  "microsoft.com",
  "wikipedia.org",
]);
const hit = (name: string, matcher = m) =>
  matcher.match(name).map((h) => `${h.brand} ${h.method} ${h.score}`);

describe("lookalike match", () => {
  it("reads a label's look: Punycode, glyphs and Cyrillic twins undone", () => {
    assert.equal(skeleton("xn--pypal-4ve"), "paypal");
    assert.equal(skeleton("раураl"), "paypal");
    assert.equal(skeleton("gооglе"), "google");
    assert.equal(skeleton("example"), "example");
  });

  it("finds each kind of imitation with its method and score", () => {
    assert.deepEqual(hit("xn--pypal-4ve.com"), ["paypal.com homoglyph 0.95"]);
    assert.deepEqual(hit("paypa1.com"), ["paypal.com homoglyph 0.95"]);
    assert.deepEqual(hit("rnicrosoft.com"), ["microsoft.com homoglyph 0.95"]);
    assert.deepEqual(hit("vvikipedia.org"), ["wikipedia.org homoglyph 0.95"]);
    assert.deepEqual(hit("paypal.net"), ["paypal.com tld-swap 0.9"]);
    assert.deepEqual(hit("googel.com"), ["google.com transposition 0.85"]);
    assert.deepEqual(hit("gooogle.com"), ["google.com repetition 0.9"]);
    assert.deepEqual(hit("goxgle.com"), ["google.com replacement 0.6"]);
    assert.deepEqual(hit("paypal-login.net"), ["paypal.com combosquat 0.9"]);
    assert.deepEqual(hit("paypal-xkcd.net"), ["paypal.com combosquat 0.8"]);
    assert.deepEqual(hit("securepaypal.com"), ["paypal.com combosquat 0.75"]);
    assert.deepEqual(hit("bbc.com"), ["bbc.co.uk tld-swap 0.65"]);
  });

  it("leaves alone the brands' own names, short brands' near misses and unrelated names", () => {
    assert.deepEqual(hit("paypal.com"), []);
    assert.deepEqual(hit("www.paypal.com"), []);
    assert.deepEqual(hit("ink.nl"), [], "ing is too short for typos");
    assert.deepEqual(hit("example.org"), []);
    assert.deepEqual(hit("goggles.com"), []);
  });

  it("reads an IDN brand as its A-label: its own domain is not a hit, another suffix a tld-swap", () => {
    const idn = new BrandMatcher(["bücher.de"]);
    assert.deepEqual(hit("xn--bcher-kva.de", idn), []);
    assert.deepEqual(hit("xn--bcher-kva.com", idn), ["xn--bcher-kva.de tld-swap 0.9"]);
    assert.deepEqual(hit("bucher.de", idn), ["xn--bcher-kva.de homoglyph 0.95"]);
  });

  it("says why for every hit: the method, the brand token as written, a score and a reason", () => {
    const [h] = m.match("paypa1-secure.com");
    assert.equal(h!.token, "paypa1");
    assert.equal(h!.method, "combosquat");
    assert.ok(h!.score >= ALERT_SCORE);
    assert.match(h!.reason, /"paypa1" as a word of its own .*look-alike letters/);
    assert.match(m.match("paypa1.com")[0]!.reason, /"paypa1" reads as "paypal" \(1 for l\)/);
    assert.match(m.match("googel.com")[0]!.reason, /"googel" is "google" with le swapped/);
  });

  it("measures one edit as Damerau-Levenshtein does", () => {
    for (const [a, b] of [
      ["google", "gogle"],
      ["google", "googel"],
      ["google", "goxgle"],
      ["google", "googlex"],
    ])
      assert.equal(withinOneEdit(a!, b!), true, `${a} ${b}`);
    for (const [a, b] of [
      ["google", "gxxgle"],
      ["google", "elgoog"],
      ["google", "goo"],
    ])
      assert.equal(withinOneEdit(a!, b!), false, `${a} ${b}`);
  });
});
