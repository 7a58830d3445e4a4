import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { decodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { timeFromText, timeToText } from "../../../src/dns/wire/rdata/dnssec.js";
import {
  answersThroughMessage,
  assertPresentationRoundTrips,
  assertWireVectors,
  dec,
  enc,
  recordsAt,
  wireError,
} from "./_rdata-helpers.js";

const KEY =
  "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";
const KEY_HEX =
  "99DB2CC14CABDC33D6D77DA63A2F15F71112584F234E8D1DC428E39E8A4A97E1AA271A555DC90701E17E2A4C4B6F120B7C32D44F4AC02BD894CF2D4BE7778A19";
const SIG =
  "kLWf7OO2WV7K0c0ZTy2zdXR/ZpAXLtAw5d5HgjsyBfpUa3/c+4Xa7nCIkqmbRF/iV1xpKfdRYRQ8PZ+cJgY+9A==";

// Wire and text pairs as Knot 3.2.6 serves and kdig +json prints them.
const KDIG: ReadonlyArray<readonly [string, string, string]> = [
  ["DNSKEY", "0101030D" + KEY_HEX, `257 3 13 ${KEY}`],
  ["CDNSKEY", "0000030000", "0 3 0 AA=="],
  ["KEY", "0100030D" + KEY_HEX, `256 3 13 ${KEY}`],
  [
    "DS",
    "09430D021F987CC6583E92DF0890718C42A0A8E6F0B4E4B7A4C7E6B0D6D0C4E1E2F3A4B5",
    "2371 13 2 1F987CC6583E92DF0890718C42A0A8E6F0B4E4B7A4C7E6B0D6D0C4E1E2F3A4B5",
  ],
  ["CDS", "0000000000", "0 0 0 00"],
  [
    "RRSIG",
    "00010D020000012C65BADF0065920080303904746573740090B59FECE3B6595ECAD1CD194F2DB375747F6690172ED030E5DE47823B3205FA546B7FDCFB85DAEE708892A99B445FE2575C6929F75161143C3D9F9C26063EF4",
    `A 13 2 300 20240201000000 20240101000000 12345 test. ${SIG}`,
  ],
  [
    "NSEC",
    "04686F7374047465737400000762018008000380010140031D0000000000000000000000000000000000000000000000000000000001FF200000000000000000000000000000000000000000000000000000000000000002",
    "host.test. A NS SOA MX TXT AAAA RRSIG NSEC DNSKEY CAA TYPE999 TYPE65534",
  ],
  ["NSEC", "0100047465737400000140", "\\000.test. A"],
  [
    "NSEC3",
    "0101000A04AABBCCDD1417F3DF17B2B2ADAEF615257DE4D2020B80AC6C7C0006400000000002",
    "1 1 10 AABBCCDD 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG",
  ],
  [
    "NSEC3",
    "01000000001417F3DF17B2B2ADAEF615257DE4D2020B80AC6C7C",
    "1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s",
  ],
  ["NSEC3PARAM", "0100000000", "1 0 0 -"],
  ["NSEC3PARAM", "0100000A02AABB", "1 0 10 AABB"],
];

describe("DNSSEC RDATA", () => {
  it("decodes and re-encodes the wire forms kdig prints", () => {
    assertWireVectors(KDIG);
  });

  it("round-trips every type through presentation form", () => {
    const cases: Array<[string, string]> = [
      ["RKEY", "256 3 13 AAECAwQ="],
      ["TA", "2371 13 2 AABB"],
      ["DLV", "2371 13 2 AABB"],
      ["SIG", `A 13 2 300 20240201000000 20240101000000 12345 test. ${SIG}`],
      ["RRSIG", "TYPE999 8 3 86400 20300101000000 20240229235959 1 test. AAAA"],
      ["NSEC", "a.example. TYPE1234 TYPE65535"],
      ["NXT", "medium.foo.tld. A MX SIG NXT"],
    ];
    assertPresentationRoundTrips(cases);
  });

  it("accepts what zone files write but prints the canonical form", () => {
    assert.equal(dec("DS", enc("DS", "2371 13 2 1f987cc6 583e92df")), "2371 13 2 1F987CC6583E92DF");
    assert.equal(dec("DNSKEY", enc("DNSKEY", "257 3 13 AAEC AwQ=")), "257 3 13 AAECAwQ=");
    assert.equal(
      enc("RRSIG", "A 13 2 300 1706745600 20240101000000 1 . AA=="),
      enc("RRSIG", "A 13 2 300 20240201000000 20240101000000 1 . AA=="),
    );
    assert.equal(enc("NSEC", "x. NS A NS"), enc("NSEC", "x. A NS"));
  });

  it("prints signature times by serial arithmetic around now (RFC 4034 §3.1.5)", () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(timeToText(0xffffffff, now), "19691231235959");
    assert.equal(timeToText(3000000000, now), "20650124052000");
    assert.equal(timeToText(0x7fffffff, now), "20380119031407");
    assert.equal(timeFromText("19691231235959", "t"), 0xffffffff);
    assert.throws(() => timeFromText("20240230000000", "t"), /not a valid time/);
  });

  it("carries DNSSEC records through a whole message", () => {
    const rr = recordsAt("example.", 3600);
    const answers = [
      rr("DNSKEY", `257 3 13 ${KEY}`),
      rr("RRSIG", `DNSKEY 13 1 3600 20240201000000 20240101000000 2371 example. ${SIG}`),
    ];
    assert.deepEqual(answersThroughMessage({ id: 7, flags: { qr: true }, answers }), answers);
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("DS", "094300"), wireError(3));
    assert.throws(() => dec("DNSKEY", "0101"), wireError(2));
    assert.throws(
      () => dec("RRSIG", "00010D020000012C65BADF006592008030390474657374"),
      wireError(23),
    );
    assert.throws(() => dec("NSEC3", "0101000A04AABBCC"), wireError(5));
    assert.throws(() => dec("NSEC3", "0100000000"), wireError(5));
    assert.throws(() => dec("NSEC", "00" + "0000"), wireError(2)); // bitmap window of length 0
    assert.throws(() => dec("NSEC", "00" + "0101FF" + "0001FF"), wireError(4)); // windows out of order
    assert.throws(() => dec("NSEC", "00" + "0005FF"), wireError(3));
    const r = new WireReader(Buffer.from("0101030D", "hex"));
    assert.throws(() => decodeRdata(48, r, 6), /runs past the end of the message at byte 0/);
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("DS", "1 2 3 XYZ"), /not hex/);
    assert.throws(() => enc("DNSKEY", "257 3 13 not*base64"), /not base64/);
    assert.throws(() => enc("NSEC", "x. NOTATYPE"), /unknown type/);
    assert.throws(() => enc("NSEC3", "1 0 0 - 0123456789abcdefghijklmnopqrstuvw"), /base32hex/);
  });
});
