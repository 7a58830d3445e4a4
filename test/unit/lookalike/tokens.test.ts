// The mechanisms of issue 12, each on names of its own (not the labelled sets): short
// brands as tokens, a brand inside a dictionary word, the brand as a subdomain label,
// owned names, typos weighed by confusability, and the common-word rule.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { oneEdit } from "../../../src/lookalike/confusability.js";
import { ALERT_SCORE, BrandMatcher } from "../../../src/lookalike/match.js";

const brands = ["att.com", "hp.com", "dpd.com", "kbc.be", "ups.com", "ing.nl", "visa.com"];
const short = new BrandMatcher(brands);
const brandOf = (m: BrandMatcher, name: string): string[] => m.match(name).map((h) => h.brand);

describe("short brands are matched as tokens", () => {
  it("a piece of its own, or joined to a word phishing uses", () => {
    for (const [name, brand] of [
      ["dpd-redelivery.net", "dpd.com"],
      ["myatt-account.com", "att.com"],
      ["att2-billing.com", "att.com"],
      ["secure-hp-update.com", "hp.com"],
      ["kbcsecure.be", "kbc.be"],
      ["upsdelivery.com", "ups.com"],
      ["mijn-ing.nl", "ing.nl"],
    ])
      assert.deepEqual(brandOf(short, name!), [brand], name);
  });

  it("never inside a longer word, nor glued to letters that make no word phishing uses", () => {
    for (const name of [
      "battery.com",
      "matter.com",
      "attention.org",
      "php.net",
      "revolution.com",
      "cooking.com",
      "groups.io",
      "startups.com",
      "banking.com", // bank + ing: bank is a lure word, but banking is one word
      "paying.com",
      "upsidedown.com", // ups + "idedown": "id" begins it, but no word follows
      "televisa.com",
      "visage.com",
      "advisable.com",
      "ing.example.edu", // a short brand alone as someone's host name
    ])
      assert.deepEqual(brandOf(short, name), [], name);
  });

  it("reads a local word in the local language: beveiliging (Dutch) is not ING", () => {
    // "veilig" is a lure word, so only the Dutch dictionary knows beveiliging is one word.
    assert.deepEqual(brandOf(short, "beveiliging.nl"), []);
  });
});

describe("the brand as a subdomain label", () => {
  const m = new BrandMatcher(["hsbc.co.uk", "orange.fr", "paypal.com", "ups.com"]);
  it("spelled out with a suffix in front of another registrable domain", () => {
    for (const [name, brand] of [
      ["hsbc.co.uk.account-check.net", "hsbc.co.uk"],
      ["orange.fr-sso.com", "orange.fr"],
      ["paypal.com.secure-login.info", "paypal.com"],
      ["paypal.de.konto.example", "paypal.com"],
      ["ups.com-tracking.top", "ups.com"],
    ])
      assert.deepEqual(
        m.match(name!).map((h) => `${h.brand} ${h.method}`),
        [`${brand} subdomain-brand`],
        name,
      );
  });
  it("a long brand alone as a label still counts; a short or common word alone does not", () => {
    assert.deepEqual(brandOf(m, "paypal.example.net"), ["paypal.com"]);
    assert.deepEqual(brandOf(m, "ups.example.net"), []);
    assert.deepEqual(brandOf(m, "orange.example.net"), []);
  });
  it("reads the registrable domain by the public suffix list, private suffixes too", () => {
    assert.deepEqual(brandOf(m, "paypal-login.herokuapp.com"), ["paypal.com"]);
    assert.deepEqual(brandOf(m, "www.paypal.com"), []);
  });
});

describe("owned names", () => {
  const m = new BrandMatcher(["github.com", "microsoft.com"], {
    owned: [
      { name: "githubusercontent.com", brand: "github.com" },
      { name: "office.com", brand: "microsoft.com" },
    ],
  });
  it("are never reported, nor their subdomains", () => {
    assert.deepEqual(m.match("githubusercontent.com"), []);
    assert.deepEqual(m.match("raw.githubusercontent.com"), []);
  });
  it("their lookalikes are the brand's, via the owned domain", () => {
    const [h] = m.match("githubusercontant.com");
    assert.equal(h!.brand, "github.com");
    assert.equal(h!.via, "githubusercontent.com");
    assert.deepEqual(brandOf(m, "githubusercontent-login.com"), ["github.com"]);
    assert.deepEqual(brandOf(m, "githubusercontent.net"), ["github.com"]);
  });
  it("a common-word owned label (office) says nothing about the brand alone", () => {
    assert.deepEqual(brandOf(m, "office-supplies.com"), []);
  });
});

describe("names in confusable letters", () => {
  it("two edits from a brand still imitate it when the letters are already confusables; plain ASCII does not", () => {
    const m = new BrandMatcher(["wellsfargo.com"]);
    const idn = new URL("http://wеllsfrgos.com").hostname; // a Cyrillic е, the a dropped, an s added
    assert.match(idn, /^xn--/);
    assert.deepEqual(
      m.match(idn).map((h) => `${h.brand} ${h.method}`),
      ["wellsfargo.com homoglyph"],
    );
    assert.match(m.match(idn)[0]!.reason, /two edits from "wellsfargo"/);
    assert.deepEqual(m.match("wellsfrgos.com"), []);
  });
});

describe("typos weighed by how a person would miss them", () => {
  it("look-alike letters and neighbouring keys score higher than unrelated letters", () => {
    const glyph = oneEdit("booking", "bookinq")!;
    const key = oneEdit("booking", "boojing")!;
    const other = oneEdit("booking", "boozing")!;
    assert.equal(glyph.method, "homoglyph");
    assert.equal(key.method, "replacement");
    assert.ok(
      glyph.score > key.score && key.score > other.score,
      `${glyph.score} ${key.score} ${other.score}`,
    );
  });
  it("the first letter is noticed; doubled and dropped double letters are not", () => {
    assert.ok(oneEdit("booking", "cooking")!.score < oneEdit("booking", "boocing")!.score);
    assert.equal(oneEdit("spotify", "spotiify")!.method, "repetition");
    assert.ok(
      oneEdit("wellsfargo", "welsfargo")!.score > oneEdit("wellsfargo", "wellsfrgo")!.score,
    );
  });
  it("a common word one edit away scores under the alert score, with the reason", () => {
    const m = new BrandMatcher(["booking.com", "bpost.be", "chase.com"], { minScore: 0 });
    for (const name of ["cooking.com", "boost.be", "chose.com"]) {
      const [h] = m.match(name);
      assert.ok(h && h.score < ALERT_SCORE, `${name} ${h?.score}`);
      assert.match(h.reason, /is a common word/);
    }
    assert.ok(m.match("bookinq.com")[0]!.score >= ALERT_SCORE);
    assert.ok(
      m.match("bookings.com")[0]!.score >= ALERT_SCORE,
      "a plural of the brand is not another word",
    );
  });
});
