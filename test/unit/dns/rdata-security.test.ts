import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  assertPresentationRoundTrips,
  assertWireVectors,
  dec,
  enc,
  wireError,
} from "./_rdata-helpers.js";

const FP = "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6";
const IPSEC = "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==";
const IPSEC_HEX = "010351537986ED35533B6064478EEEB27B5BD74DAE149B6E81BA3A0521AF82AB7801";
const ZONEMD =
  "FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE";

// Wire and text as kdig 3.2.6 prints them (HIP as dig 9.18 prints it: kdig does not know HIP).
const VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  ["TLSA", "030101" + FP, `3 1 1 ${FP}`],
  ["SMIMEA", "030101" + FP, `3 1 1 ${FP}`],
  [
    "SSHFP",
    "0402123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789",
    "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789",
  ],
  ["CERT", "00030000000001020304", "3 0 0 AAECAwQ="],
  ["CERT", "FFFF0001FF0001020304", "65535 1 255 AAECAwQ="],
  ["OPENPGPKEY", "00010203040506070809", "AAECAwQFBgcICQ=="],
  [
    "DHCID",
    "000201636FC0B8271C82825BB1AC5C41CF5351AA69B4FEBD94E8F17CDB95000DA48C40",
    "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
  ],
  ["IPSECKEY", "0A0102C0000226" + IPSEC_HEX, `10 1 2 192.0.2.38 ${IPSEC}`],
  ["IPSECKEY", "0A0002" + IPSEC_HEX, `10 0 2 . ${IPSEC}`],
  [
    "IPSECKEY",
    "0A0302096D7967617465776179076578616D706C6503636F6D00" + IPSEC_HEX,
    `10 3 2 mygateway.example.com. ${IPSEC}`,
  ],
  [
    "IPSECKEY",
    "0A020220010DB800008002000000002000000101" + IPSEC_HEX.slice(2),
    `10 2 2 2001:db8:0:8002::2000:1 ${IPSEC}`,
  ],
  ["IPSECKEY", "0A0000", "10 0 0 ."],
  ["ZONEMD", "7848B78C0101" + ZONEMD, `2018031500 1 1 ${ZONEMD}`],
  [
    "HIP",
    "10020004200100107B1A74DF365639CC39F1D57803010001",
    "2 200100107B1A74DF365639CC39F1D578 AwEAAQ==",
  ],
];

describe("security RDATA", () => {
  it("decodes and re-encodes the wire forms kdig and dig print", () => {
    assertWireVectors(VECTORS);
  });

  it("round-trips every type through presentation form", () => {
    const cases: Array<[string, string]> = [
      ["TLSA", "2 0 1 AB"],
      ["SMIMEA", "0 0 0 00FF"],
      ["SSHFP", "1 1 DEADBEEF"],
      ["CERT", "1 12345 8 AAECAwQ="],
      ["OPENPGPKEY", "mQINBA=="],
      ["DHCID", "AAEB"],
      ["IPSECKEY", `1 3 1 gw.example. ${IPSEC}`],
      ["HIP", "2 0001 AwEAAQ== rvs1.example.com. rvs2.example.com."],
      ["ZONEMD", "1 241 240 AABBCCDD"],
    ];
    assertPresentationRoundTrips(cases);
  });

  it("takes CERT mnemonics as dig prints them and answers with kdig's numbers", () => {
    assert.equal(dec("CERT", enc("CERT", "PGP 0 0 AAECAwQ=")), "3 0 0 AAECAwQ=");
    assert.equal(dec("CERT", enc("CERT", "IPKIX 1 RSAMD5 AAECAwQ=")), "4 1 1 AAECAwQ=");
    assert.equal(dec("TLSA", enc("TLSA", "3 1 1 0c72ac70 b745ac19")), "3 1 1 0C72AC70B745AC19");
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("TLSA", "0301"), wireError(2));
    assert.throws(() => dec("SSHFP", "04"), wireError(1));
    assert.throws(() => dec("IPSECKEY", "0A0102C000"), wireError(3));
    assert.throws(() => dec("IPSECKEY", "0A0902"), wireError(1));
    assert.throws(() => dec("HIP", "100200040001"), wireError(4));
    assert.throws(() => dec("ZONEMD", "0000000101"), wireError(5));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("IPSECKEY", "10 1 2 gw.example. AA=="), /does not fit gateway type 1/);
    assert.throws(() => enc("IPSECKEY", "10 0 2 192.0.2.1"), /does not fit gateway type 0/);
    assert.throws(() => enc("TLSA", "3 1 256 AA"), /larger than 255/);
    assert.throws(() => enc("OPENPGPKEY", "A"), /not base64/);
  });
});
