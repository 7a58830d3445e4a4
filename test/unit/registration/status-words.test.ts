// The table of registry status phrasings (status-words.ts), row by row, and the
// cases the issue names: `Domain status: available`, `NOT AVAILABLE` meaning taken,
// "not allowed", "to be released", redemption, inactive, throttle phrases.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { squashStatus, statusWords } from "../../../src/registration/whois/status-match.js";
import { STATUS_WORDS } from "../../../src/registration/whois/status-words.js";

const answer = (status: string, key = "Status"): string =>
  `Domain Name: example.xx\n${key}: ${status}\n`;

describe("status words table", () => {
  it("holds each value row once, already squashed", () => {
    const seen = new Set<string>();
    for (const w of STATUS_WORDS.filter((x) => x.kind === "value")) {
      assert.equal(squashStatus(w.match), w.match, `row ${w.match} is not squashed`);
      assert.ok(!seen.has(w.match), `row ${w.match} twice`);
      seen.add(w.match);
    }
  });

  for (const w of STATUS_WORDS.filter((x) => x.kind === "value")) {
    it(`reads a status field "${w.match.toUpperCase()}" as ${w.status}${w.epp ? ` (${w.epp})` : ""}`, () => {
      const r = parseWhois(answer(w.match.toUpperCase()));
      assert.equal(r.status, w.status);
      if (w.epp !== undefined) assert.ok(r.eppStatus.includes(w.epp), r.eppStatus.join());
      assert.deepEqual(r.rawStatus, [w.match.toUpperCase()], "rawStatus keeps the words");
    });
  }

  for (const w of STATUS_WORDS.filter((x) => x.kind === "text")) {
    it(`reads an answer saying "${w.example}" as ${w.status}`, () => {
      assert.ok(w.example !== undefined, `text row ${w.match} has no example`);
      assert.equal(parseWhois(`${w.example}\n`).status, w.status);
    });
  }
});

describe("status words the issue names", () => {
  it("`Domain status: available` is available, whatever the key's spelling", () => {
    assert.equal(parseWhois(answer("available", "Domain status")).status, "available");
    assert.equal(parseWhois(answer("AVAILABLE", "Registration status")).status, "available");
  });

  it("`NOT AVAILABLE` means taken (DNS Belgium), never available", () => {
    const r = parseWhois(answer("NOT AVAILABLE"));
    assert.equal(r.status, "registered");
    assert.deepEqual(r.rawStatus, ["NOT AVAILABLE"]);
  });

  it("names the rules refuse are reserved", () => {
    for (const s of ["NOT ALLOWED", "Invalid", "reserved", "Blocked"])
      assert.equal(parseWhois(answer(s)).status, "reserved", s);
  });

  it("deleted-but-not-free states are registered with their EPP code", () => {
    const cases: [string, string][] = [
      ["to be released", "pendingDelete"],
      ["REDEMPTION", "redemptionPeriod"],
      ["In redemption", "redemptionPeriod"],
      ["pending delete", "pendingDelete"],
      ["INACTIVE", "inactive"],
    ];
    for (const [word, code] of cases) {
      const r = parseWhois(answer(word));
      assert.equal(r.status, "registered", word);
      assert.deepEqual(r.eppStatus, [code], word);
      assert.deepEqual(r.rawStatus, [word], word);
    }
  });

  it("reads each piece of a list of states", () => {
    assert.equal(parseWhois(answer("REGISTERED, NOT DELEGATED")).status, "registered");
    assert.deepEqual(
      statusWords("REGISTERED, DELEGATED, VERIFIED").map((w) => w.status),
      ["registered", "registered", "registered"],
    );
  });

  it("a taken word beats a free one in the same answer", () => {
    const r = parseWhois(`Domain: x.xx\nstatus: free\nstatus: REGISTERED\n`);
    assert.equal(r.status, "registered");
  });

  it("phrases in a legal notice do not override a registered answer", () => {
    const text =
      "Domain Name: x.xx\nCreation Date: 2001-01-01\n\nIf the domain is not found, or too many queries are received, try again later.\n";
    assert.equal(parseWhois(text).status, "registered");
  });

  it("JPRS `Connected (2024/03/31)` and `ok - Normal state.` read by their head word", () => {
    assert.equal(statusWords("Connected (2024/03/31)")[0]?.status, "registered");
    assert.equal(statusWords("ok - Normal state.")[0]?.epp, "ok");
  });
});
