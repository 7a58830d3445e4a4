import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ResourceRecord } from "../../../src/dns/wire/message.js";
import {
  answersThroughMessage,
  dec as decRdata,
  enc as encRdata,
  wireError,
} from "./_rdata-helpers.js";

// SVCB (64) unless a case names HTTPS (65): the type is the second, optional argument.
const enc = (text: string, type = 64): string => encRdata(type, text);
const dec = (hex: string, type = 64): string => decRdata(type, hex);

// Wire and text as Knot 3.2.6 serves them and kdig +json prints them.
const KDIG: ReadonlyArray<readonly [string, string]> = [
  [
    "00010000000004000100030001000602683202683300030002035500040008C0000201C00002020005000C0048FE0D00440100200020500006002020010DB800000000000000000000000120010DB8000000000000000000000002",
    "1 . mandatory=alpn,port alpn=h2,h3 port=853 ipv4hint=192.0.2.1,192.0.2.2 ech=AEj+DQBEAQAgACBQ ipv6hint=2001:db8::1,2001:db8::2",
  ],
  ["000003666F6F076578616D706C6503636F6D00", "0 foo.example.com."],
  [
    "001003666F6F076578616D706C65036F7267000001000302683200020000029B000568656C6C6FFF3500036578D2",
    '16 foo.example.org. alpn=h2 no-default-alpn key667="hello" key65333="ex\\210"',
  ],
  ["0001000001000C04665C6F6F03626172026832", "1 . alpn=f\\\\\\\\oo,bar,h2"],
  ["000100000700022F7100080000FFFF000178", '1 . key7="/q" key8 key65535="x"'],
  [
    "000100029B000B68656C6C6F20776F726C64029D000201FF",
    '1 . key667="hello world" key669="\\001\\255"',
  ],
  ["00010000050000", "1 . ech"],
];

describe("SVCB and HTTPS RDATA", () => {
  it("decodes and re-encodes the wire forms kdig prints", () => {
    for (const [hex, text] of KDIG) {
      assert.equal(dec(hex), text);
      assert.equal(enc(text), hex, text);
    }
    assert.equal(dec("0001000001000302683300080000", 65), "1 . alpn=h3 key8");
  });

  it("escapes alpn ids as kdig does, quoting one that holds a space", () => {
    const hex = "0001000001001B03612C620363206403652266010103673B680469286A29036B5C6C";
    assert.equal(dec(hex), '1 . alpn=a\\\\,b,"c d",e\\"f,\\001,g;h,i(j),k\\\\\\\\l');
    const noParens = '1 . alpn=a\\\\,b,"c d",e\\"f,\\001,g;h,k\\\\\\\\l';
    assert.equal(dec(enc(noParens)), noParens);
  });

  it("prints params in wire order, as kdig does, even when unsorted or repeated", () => {
    assert.equal(dec("00010000030002003500010003026832"), "1 . port=53 alpn=h2");
    assert.equal(dec("000100000300020035000300020036"), "1 . port=53 port=54");
    assert.equal(
      dec("000100000000060001029B000700010003026832000700022F78029B0000"),
      '1 . mandatory=alpn,key667,key7 alpn=h2 key7="/x" key667',
    );
    assert.equal(
      dec("0001000009000E6122625C632C642065007F3B2829"),
      '1 . key9="a\\"b\\\\c,d e\\000\\127;()"',
    );
  });

  it("accepts dig's quoting and the RFC 9460 key names, writing params sorted", () => {
    assert.equal(
      dec(enc('1 . port=53 alpn="h2,h3" dohpath=/dns-query{?dns} ohttp')),
      '1 . alpn=h2,h3 port=53 key7="/dns-query{?dns}" key8',
    );
    assert.equal(
      dec(enc("1 . mandatory=port,alpn alpn=h2 port=443")),
      "1 . mandatory=alpn,port alpn=h2 port=443",
    );
    assert.equal(dec(enc('2 svc.example. key123="" KEY9=abc')), '2 svc.example. key9="abc" key123');
    assert.equal(enc("1 . alpn=h2", 65), enc("1 . alpn=h2"));
  });

  it("carries an HTTPS record through a whole message", () => {
    const answers: ResourceRecord[] = [
      {
        name: "example.",
        type: "HTTPS",
        class: "IN",
        ttl: 300,
        data: "1 . alpn=h2,h3 ipv4hint=192.0.2.1",
      },
    ];
    assert.deepEqual(answersThroughMessage({ id: 1, answers }), answers);
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("0001"), wireError(2));
    assert.throws(() => dec("00010000"), wireError(3)); // SvcParamKey cut short
    assert.throws(() => dec("0001000003000200"), wireError(7)); // value shorter than its length
    assert.throws(() => dec("0001000003000100"), wireError(7)); // port must be 2 bytes
    assert.throws(() => dec("000100000200017800"), wireError(7));
    assert.throws(() => dec("00010000010002006800"), wireError(7)); // empty alpn-id
    assert.throws(() => dec("0001000006000F" + "00".repeat(15)), wireError(7));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("1 . port=99999"), /larger than 65535/);
    assert.throws(() => enc("1 . ipv4hint=2001:db8::1"), /not an address/);
    assert.throws(() => enc("1 . port=1 port=2"), /given twice/);
    assert.throws(() => enc("1 . bogus=1"), /unknown SvcParamKey/);
    assert.throws(() => enc("1 . no-default-alpn=x"), /takes no value/);
  });
});
