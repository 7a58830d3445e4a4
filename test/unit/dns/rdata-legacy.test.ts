import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  assertPresentationRoundTrips,
  assertWireVectors,
  dec,
  enc,
  wireError,
} from "./_rdata-helpers.js";

// Wire and text as dig 9.18 prints them; kdig 3.2 knows none of these types and
// prints RFC 3597 "\# len hex" instead, as both do for NULL.
const VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  ["WKS", "C0000201060000044000000000000080", "192.0.2.1 6 21 25 80"],
  ["X25", "0C333131303631373030393536", '"311061700956"'],
  ["ISDN", "0F31353038363230323830303332313703303034", '"150862028003217" "004"'],
  ["ISDN", "0F313530383632303238303033323137", '"150862028003217"'],
  [
    "NSAP",
    "47000580005A0000000001E133FFFFFF00016100",
    "0x47000580005a0000000001e133ffffff00016100",
  ],
  ["GPOS", "082D33322E36383832083131362E383635320431302E30", '"-32.6882" "116.8652" "10.0"'],
  ["A6", "00234500C1CA110001123456789ABCDEF0", "0 2345:c1:ca11:1:1234:5678:9abc:def0"],
  [
    "A6",
    "40123456789ABCDEF0085355424E45542D310349503600",
    "64 ::1234:5678:9abc:def0 SUBNET-1.IP6.",
  ],
  ["A6", "8003666F6F00", "128 foo."],
  ["EID", "123456789ABCDEF0", "123456789ABCDEF0"],
  ["NIMLOC", "123456789ABCDEF0", "123456789ABCDEF0"],
  ["ATMA", "0039246F00E7C9E0FFFFFFFF0000000000000000", "39246f00e7c9e0ffffffff0000000000000000"],
  ["ATMA", "013132333435", "+12345"],
  ["SINK", "010203", "1 2 3"],
  ["NINFO", "0568656C6C6F05776F726C64", '"hello" "world"'],
  [
    "AVC",
    "1F6170702D6E616D653A574F4C4647414E477C6170702D636C6173733A4F414D",
    '"app-name:WOLFGANG|app-class:OAM"',
  ],
  [
    "DOA",
    "0000000000000001020068747470733A2F2F7777772E6973632E6F72672F",
    '0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8=',
  ],
  ["DOA", "00000000000000010200", '0 1 2 "" -'],
  ["RESINFO", "08716E616D656D696E0F6578746572723D31352C31362C3137", '"qnamemin" "exterr=15,16,17"'],
  ["WALLET", "034254430762633171585858", '"BTC" "bc1qXXX"'],
  ["NULL", "010203", "\\# 3 010203"],
];

describe("legacy and dig-only RDATA", () => {
  it("decodes and re-encodes the wire forms dig prints", () => {
    assertWireVectors(VECTORS);
  });

  it("round-trips every type through presentation form", () => {
    const cases: Array<[string, string]> = [
      ["WKS", "10.0.0.1 17 53 65535"],
      ["WKS", "10.0.0.1 6"],
      ["A6", "8 ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff a.example."],
      ["SINK", "1 2 3 AAECAw=="],
      ["EID", "0102ABCD"],
      ["DOA", '4294967295 1 255 "image/png" AAECAw=='],
    ];
    assertPresentationRoundTrips(cases);
    assert.equal(dec("WKS", enc("WKS", "192.0.2.1 tcp 80 25 21")), "192.0.2.1 6 21 25 80");
    assert.equal(dec("NSAP", enc("NSAP", "0x47.0005.80.005a00")), "0x47000580005a00");
    assert.equal(dec("A6", enc("A6", "128 :: foo.")), "128 foo.");
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("WKS", "C00002"), wireError(0));
    assert.throws(() => dec("X25", "0C3331"), wireError(1));
    assert.throws(() => dec("GPOS", "0131"), wireError(2));
    assert.throws(() => dec("A6", "81"), wireError(0));
    assert.throws(() => dec("A6", "40123456"), wireError(1));
    assert.throws(() => dec("ATMA", "0212"), wireError(0));
    assert.throws(() => dec("DOA", "0000000000000001020568"), wireError(10));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("WKS", "192.0.2.1 6 70000"), /65535/);
    assert.throws(() => enc("NSAP", "47000580"), /0x-prefixed/);
    assert.throws(() => enc("A6", "64 ::1"), /needs 3 fields/);
    assert.throws(() => enc("ISDN", '"1" "2" "3"'), /1 or more|2 strings|strings/);
    assert.throws(() => enc("NULL", "abc"), /RFC 3597 form/);
  });
});
