import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertWireVectors, dec, enc, wireError } from "./_rdata-helpers.js";

// Wire and text as kdig 3.2.6 prints them; AMTRELAY as dig 9.18 does (kdig does not know it).
const VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  [
    "APL",
    "00011503C0A82000011C83C0A82600020801FF0001000000020000",
    "1:192.168.32.0/21 !1:192.168.38.0/28 2:ff00::/8 1:0.0.0.0/0 2:::/0",
  ],
  ["APL", "", ""],
  ["APL", "00011803C0A8010002408420010DB8", "1:192.168.1.0/24 !2:2001:db8::/64"],
  ["CSYNC", "000000420003000460000008", "66 3 A NS AAAA"],
  ["NID", "000A00144FFFFF20EE64", "10 0014:4FFF:FF20:EE64"],
  ["L32", "000A0A010200", "10 10.1.2.0"],
  ["L64", "000A20010DB811401000", "10 2001:0DB8:1140:1000"],
  ["LP", "000A0B6C36342D7375626E657431076578616D706C6503636F6D00", "10 l64-subnet1.example.com."],
  ["EUI48", "00005E00532A", "00-00-5E-00-53-2A"],
  ["EUI64", "00005EEF1000002A", "00-00-5E-EF-10-00-00-2A"],
  ["AMTRELAY", "0A01CB00710F", "10 0 1 203.0.113.15"],
  [
    "AMTRELAY",
    "808309616D7472656C617973076578616D706C6503636F6D00",
    "128 1 3 amtrelays.example.com.",
  ],
  ["AMTRELAY", "0000", "0 0 0 ."],
  ["AMTRELAY", "0A0220010DB8000000000000000000000001", "10 0 2 2001:db8::1"],
];

describe("ILNP, EUI, APL, CSYNC and AMTRELAY RDATA", () => {
  it("decodes and re-encodes the wire forms kdig and dig print", () => {
    assertWireVectors(VECTORS);
  });

  it("reads dig's spellings and prints kdig's", () => {
    assert.equal(dec("NID", enc("NID", "10 14:4fff:ff20:ee64")), "10 0014:4FFF:FF20:EE64");
    assert.equal(dec("L64", enc("L64", "10 2001:db8:1140:1000")), "10 2001:0DB8:1140:1000");
    assert.equal(dec("EUI48", enc("EUI48", "00-00-5e-00-53-2a")), "00-00-5E-00-53-2A");
    assert.equal(dec("AMTRELAY", enc("AMTRELAY", "0 0 0")), "0 0 0 .");
    assert.equal(dec("CSYNC", enc("CSYNC", "1 0")), "1 0");
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("EUI48", "00005E0053"), wireError(0));
    assert.throws(() => dec("NID", "000A0014"), wireError(2));
    assert.throws(() => dec("APL", "0003080100"), wireError(0)); // family 3
    assert.throws(() => dec("APL", "00010805C0A8010203"), wireError(0)); // 5 bytes for IPv4
    assert.throws(() => dec("APL", "0001180300"), wireError(4));
    assert.throws(() => dec("AMTRELAY", "0A04"), wireError(1));
    assert.throws(() => dec("AMTRELAY", "0A01CB00"), wireError(2));
    assert.throws(() => dec("CSYNC", "0000004200"), wireError(4));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("APL", "1:192.168.1.0/33"), /family:address\/prefix/);
    assert.throws(() => enc("APL", "3:1.2.3.4/8"), /family:address\/prefix/);
    assert.throws(() => enc("EUI64", "00-00-5e-00-53-2a"), /xx-xx/);
    assert.throws(() => enc("NID", "10 0014:4fff:ff20"), /four 16-bit hex groups/);
    assert.throws(() => enc("AMTRELAY", "10 0 1 example.com."), /does not fit type 1/);
    assert.throws(() => enc("AMTRELAY", "10 2 0 ."), /D bit/);
  });
});
