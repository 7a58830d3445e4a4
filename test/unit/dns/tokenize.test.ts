import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { decodeRdata, encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { tokenize } from "../../../src/dns/wire/text.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";

const raws = (text: string): Array<[string, boolean]> =>
  tokenize(text).map((t) => [t.raw, t.quoted]);

describe("tokenize", () => {
  it("keeps a quoted section that starts mid-word inside its token, blanks and parentheses too", () => {
    assert.deepEqual(raws('1 . key65000="a (b)  c" alpn="h2,h3" port=443'), [
      ["1", false],
      [".", false],
      ['key65000="a (b)  c"', false],
      ['alpn="h2,h3"', false],
      ["port=443", false],
    ]);
    assert.deepEqual(raws('k="a"b"c d"e f'), [
      ['k="a"b"c d"e', false],
      ["f", false],
    ]);
    assert.deepEqual(raws('k="a \\" ) b"'), [['k="a \\" ) b"', false]]);
  });

  it("still unwraps a field that is wholly quoted", () => {
    assert.deepEqual(raws('"a b" c "" "x\\"y"'), [
      ["a b", true],
      ["c", false],
      ["", true],
      ['x\\"y', true],
    ]);
  });

  it("does not open a section at an escaped quote", () => {
    assert.deepEqual(raws('a\\"b c'), [
      ['a\\"b', false],
      ["c", false],
    ]);
  });

  it("still drops unescaped parentheses between fields, keeps escaped ones", () => {
    assert.deepEqual(raws("( a\n  b ) a\\(b\\)"), [
      ["a", false],
      ["b", false],
      ["a\\(b\\)", false],
    ]);
    assert.deepEqual(raws("x(y)"), [
      ["x", false],
      ["y", false],
    ]);
  });

  it("rejects an unterminated quote, mid-word too", () => {
    const input = (e: unknown) =>
      e instanceof DnsightError && e.code === "INPUT" && /unterminated/.test(e.message);
    assert.throws(() => tokenize('"abc'), input);
    assert.throws(() => tokenize('key="abc def'), input);
  });
});

describe("SVCB values with blanks and parentheses", () => {
  // Wire and text as Knot 3.2.6 serves them and kdig +json prints them.
  const hex = "0003000001000703612062026832FDEC000A70202871292020723B73FDED0003782279";
  const text = '3 . alpn="a b",h2 key65004="p (q)  r;s" key65005="x\\"y"';

  it("encodes the text kdig prints back to the same wire", () => {
    const w = new WireWriter();
    encodeRdata(64, text, w);
    assert.equal(w.finish().toString("hex").toUpperCase(), hex);
    const r = new WireReader(Buffer.from(hex, "hex"));
    assert.equal(decodeRdata(64, r, hex.length / 2), text);
  });

  it("reads zone-file spellings of the same params", () => {
    const w = new WireWriter();
    encodeRdata(64, '3 . alpn="a b,h2" key65004="p (q)  r;s" key65005=x\\"y', w);
    assert.equal(w.finish().toString("hex").toUpperCase(), hex);
  });
});
