import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeMessage, encodeMessage } from "../../../src/dns/wire/message.js";
import { textToLabels } from "../../../src/dns/wire/name.js";
import { encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";
import { canonicalRdata } from "../../../src/passive/rdata.js";
import { dec, wireError } from "./_rdata-helpers.js";

// RDATA the fuzz bench (npm run bench -- fuzz) found decoding into text that no encoder
// reads back: the decoder printed it, canonicalRdata and a COF re-import then refused it.
// dig calls each of these a malformed reply (FORMERR); now the decoder does too, naming
// the byte. Their reproducers are also in test/fuzz-corpus/dns-rdata/.

const CASES: ReadonlyArray<readonly [what: string, type: number, hex: string, at: number]> = [
  ["HINFO with four strings", 13, "00000000", 4],
  ["X25 with two strings", 19, "047F8418610163", 7],
  ["ISDN with three strings", 20, "016101620163", 6],
  ["GPOS with four strings", 27, "02444B01360343794E00", 10],
  ["CAA tag that is not letters and digits", 257, "89013F", 2],
  ["CAA tag holding a line feed", 257, "F7030A347A34", 2],
  ["LOC latitude of 561°", 29, "001216130789D7C57900120000974ED1", 4],
  ["LOC longitude of 298°", 29, "0012161381FDE4C8C00C5B800097888E", 8],
  ["empty OPENPGPKEY", 61, "", 0],
  ["empty DHCID", 49, "", 0],
  ["empty EID", 31, "", 0],
  ["empty NIMLOC", 32, "", 0],
  ["empty NSAP", 22, "", 0],
  ["ATMA E.164 without digits", 34, "01", 1],
  ["ATMA E.164 holding letters", 34, "012B6C", 1],
  ["NXT bitmap with bit 0 set", 30, "00A3374BFF", 1],
  ["HIP without a public key", 55, "01050000AA", 2],
  ["HIP without a HIT", 55, "00050001AA", 0],
  ["SVCB ohttp (key8) with a value", 64, "00010000080001" + "78", 7],
];

describe("malformed RDATA the encoder cannot read back", () => {
  for (const [what, type, hex, at] of CASES)
    it(`refuses ${what} at byte ${at}`, () => assert.throws(() => dec(type, hex), wireError(at)));

  it("still takes the limits: 90 59 59.999 S, a HINFO of two empty strings", () => {
    assert.equal(
      dec(29, "009999996C793881A69FB201FFFFFFFF"),
      "90 59 59.999 S 180 0 0.001 E 42849672.95m 90000000m 90000000m 90000000m",
    );
    assert.equal(dec(13, "0000"), '"" ""');
  });
});

describe("name compression keeps the case of names (RFC 4343 §4)", () => {
  it("points only at a suffix written in the same case", () => {
    const wire = encodeMessage({
      id: 1,
      flags: { qr: true },
      questions: [{ name: "www.Example.COM.", type: "A", class: "IN" }],
      answers: [
        { name: "www.example.com.", type: "CNAME", class: "IN", ttl: 60, data: "cdn.EXAMPLE.com." },
        { name: "cdn.EXAMPLE.com.", type: "A", class: "IN", ttl: 60, data: "192.0.2.1" },
      ],
    });
    const m = decodeMessage(wire);
    assert.equal(m.questions[0]!.name, "www.Example.COM.");
    assert.deepEqual(
      m.answers.map((rr) => [rr.name, rr.data]),
      [
        ["www.example.com.", "cdn.EXAMPLE.com."],
        ["cdn.EXAMPLE.com.", "192.0.2.1"],
      ],
    );
    // ...and still compresses what repeats exactly: cdn.EXAMPLE.com. is written once.
    assert.equal(wire.toString("latin1").split("EXAMPLE").length - 1, 1);
  });
});

describe("presentation text that cannot be RDATA", () => {
  it("refuses text making more than 65535 bytes (RDLENGTH is 16 bits)", () => {
    // 65,536 one-byte strings are 131,072 bytes: written into a message, the length wrapped.
    assert.throws(
      () => canonicalRdata("TXT", '"a" '.repeat(65_536)),
      /131072 bytes of RDATA, over 65535/,
    );
    assert.equal(canonicalRdata("TXT", '"a" '.repeat(3)), '"a" "a" "a"');
  });

  it("refuses a megabyte of text at once, naming the type, not quoting it all", () => {
    for (const [type, text] of [
      [64, "1 . alpn=" + "a,".repeat(262_144)],
      [42, "1:192.0.2.0/24 ".repeat(40_000)],
      [16, '"' + "\\".repeat(600_000)],
    ] as const) {
      const t0 = performance.now();
      assert.throws(
        () => encodeRdata(type, text, new WireWriter()),
        (e: Error) => /longer than any RDATA can be$/.test(e.message) && e.message.length < 100,
      );
      assert.ok(performance.now() - t0 < 100, `type ${type}: ${performance.now() - t0} ms`);
    }
  });

  it("still reads the longest texts there are: every WKS port, every NSEC type", () => {
    const ports = Array.from({ length: 65_536 }, (_, p) => String(p)).join(" ");
    assert.equal(canonicalRdata("WKS", `192.0.2.1 6 ${ports}`), `192.0.2.1 6 ${ports}`);
    const types = Array.from({ length: 65_535 }, (_, i) => `TYPE${i + 1}`).join(" ");
    assert.ok(canonicalRdata("NSEC", `a. ${types}`).length > 600_000);
  });

  it("says a name is too long as soon as it is", () => {
    const name = "a.".repeat(200_000);
    assert.throws(() => textToLabels(name), /name longer than 255 bytes: "(a\.){50}…"/);
  });
});
