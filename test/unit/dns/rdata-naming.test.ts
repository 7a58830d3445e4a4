import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";
import {
  answersThroughMessage,
  assertWireVectors,
  dec,
  enc,
  recordsAt,
  wireError,
} from "./_rdata-helpers.js";

// Wire and text as kdig 3.2.6 prints them (kdig's trailing space after CAA and
// URI dropped); PX, NSAP-PTR and TALINK as dig 9.18 prints them (kdig does not know them).
const VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  [
    "NAPTR",
    "0064000A0153075349502B4432551F215E2E2A24217369703A637573746F6D6572406578616D706C652E636F6D21045F736970045F756470076578616D706C6503636F6D00",
    '100 10 "S" "SIP+D2U" "!^.*$!sip:customer@example.com!" _sip._udp.example.com.',
  ],
  [
    "NAPTR",
    "0064000A00001E2F75726E3A6369643A2E2B40285B5E2E5D2B2E29282E2A29242F5C322F6900",
    '100 10 "" "" "/urn:cid:.+@([^.]+.)(.*)$/\\\\2/i" .',
  ],
  ["NAPTR", "0001000201FF01220000", '1 2 "\\255" "\\"" "" .'],
  [
    "SRV",
    "0000000513C409736970736572766572076578616D706C6503636F6D00",
    "0 5 5060 sipserver.example.com.",
  ],
  [
    "URI",
    "000A00016674703A2F2F667470312E6578616D706C652E636F6D2F7075626C6963",
    '10 1 "ftp://ftp1.example.com/public"',
  ],
  ["URI", "000A0001", '10 1 ""'],
  ["URI", "000A000122005C7F", '10 1 "\\"\\000\\\\\\127"'],
  ["CAA", "000569737375656C657473656E63727970742E6F7267", '0 issue "letsencrypt.org"'],
  ["CAA", "8003746273556E6B6E6F776E", '128 tbs "Unknown"'],
  [
    "CAA",
    "0005696F6465666D61696C746F3A612262406578616D706C652E636F6D",
    '0 iodef "mailto:a\\"b@example.com"',
  ],
  ["CAA", "00056973737565", '0 issue ""'],
  ["CAA", "00056973737565613B622063", '0 issue "a;b c"'],
  ["CAA", "0005497373756500FF7F0A225C", '0 Issue "\\000\\255\\127\\010\\"\\\\"'],
  [
    "PX",
    "000A046E657432026974000950524D442D6E6574320941444D442D7034303004432D697400",
    "10 net2.it. PRMD-net2.ADMD-p400.C-it.",
  ],
  ["NSAP-PTR", "03666F6F00", "foo."],
  ["TALINK", "01610474657374000162047465737400", "a.test. b.test."],
];

describe("naming RDATA", () => {
  it("decodes and re-encodes the wire forms kdig and dig print", () => {
    assertWireVectors(VECTORS);
  });

  it("round-trips through a message, names written uncompressed", () => {
    const rr = recordsAt("example.com.", 60);
    const answers = [
      rr("SRV", "10 60 5060 example.com."),
      rr("NAPTR", '10 100 "U" "E2U+sip" "!^.*$!sip:info@example.com!" example.com.'),
      rr("CAA", '0 issuewild ";"'),
      rr("URI", '1 0 "https://example.com/a b"'),
      rr("PX", "1 example.com. x400.example.com."),
      rr("TALINK", "example.com. ."),
    ];
    assert.deepEqual(answersThroughMessage({ id: 9, answers }), answers);
    const w = new WireWriter();
    w.name("example.com.", true);
    encodeRdata(33, "10 60 5060 example.com.", w, true);
    assert.equal(w.finish().toString("hex").slice(26), "000a003c13c4076578616d706c6503636f6d00"); // RFC 2782: no pointer
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("SRV", "0000000513"), wireError(4));
    assert.throws(() => dec("NAPTR", "0064000A0153"), wireError(6));
    assert.throws(() => dec("CAA", "0005697373"), wireError(2));
    assert.throws(() => dec("CAA", "0000"), wireError(1));
    assert.throws(() => dec("URI", "000A00"), wireError(2));
    assert.throws(() => dec("PX", "000A046E6574"), wireError(2));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("CAA", '0 "is sue" "x"'), /letters and digits/);
    assert.throws(() => enc("SRV", "0 5 70000 x."), /larger than 65535/);
    assert.throws(() => enc("NAPTR", '1 2 "a" "b" "c"'), /needs 6 fields/);
    assert.throws(() => enc("NAPTR", `1 2 "${"x".repeat(256)}" "" "" .`), /255 bytes/);
  });
});
