import assert from "node:assert/strict";
import { domainToASCII } from "node:url";
import { describe, it } from "node:test";
import { generate, splitDomain } from "../../../src/lookalike/generate.js";
import { idnAllowed } from "../../../src/lookalike/idn-policy.js";
import { punycodeEncode, toAsciiDomain } from "../../../src/lookalike/punycode.js";

describe("lookalike building blocks", () => {
  it("encodes Punycode as RFC 3492 and Node do", () => {
    // RFC 3492 §7.1 (A), Arabic (Egyptian).
    assert.equal(
      punycodeEncode(
        "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F",
      ),
      "egbpdaj6bu4bxfgehfvwxn",
    );
    for (const d of ["bücher.de", "раураl.com", "ɡoogle.com", "mañana.com", "www.パスワード.jp"])
      assert.equal(toAsciiDomain(d), domainToASCII(d), d);
    assert.equal(toAsciiDomain(`${"é".repeat(70)}.com`), undefined, "a label over 63 octets");
  });

  it("splits as dnstwist does without a suffix list", () => {
    assert.deepEqual(splitDomain("paypal.com"), ["", "paypal", "com"]);
    assert.deepEqual(splitDomain("shop.example.co.uk"), ["shop", "example", "co.uk"]);
    assert.deepEqual(splitDomain("a.b.example.de"), ["a.b", "example", "de"]);
  });

  it("offers an IDN only where the registry takes its script, one script a label", () => {
    assert.equal(idnAllowed("pаypal", "com"), false, "Latin mixed with a Cyrillic а");
    assert.equal(idnAllowed("раураl".replace("l", "ӏ"), "com"), true, "all Cyrillic");
    assert.equal(idnAllowed("bücher", "de"), true);
    assert.equal(idnAllowed("рау", "de"), false);
    assert.equal(idnAllowed("göögle", "co.uk"), false);
    assert.equal(idnAllowed("gööglé", "shop"), true, "an unlisted TLD takes Latin");
  });

  it("never offers the domain itself, and gives each candidate once", () => {
    const c = generate("paypal.com");
    assert.equal(
      c.some((x) => x.domain === "paypal.com"),
      false,
    );
    assert.equal(new Set(c.map((x) => x.domain)).size, c.length);
    assert.ok(c.find((x) => x.domain === "paypa1.com")?.fuzzers.includes("homoglyph"));
    assert.throws(() => generate("not a domain"), /not a domain name/);
  });
});
