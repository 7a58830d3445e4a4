import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeMessage,
  encodeMessage,
  type ResourceRecord,
} from "../../../src/dns/wire/message.js";

const rr = (name: string, type: string, data: string, ttl = 300): ResourceRecord => ({
  name,
  type,
  class: "IN",
  ttl,
  data,
});

describe("message codec", () => {
  it("round-trips a response with EDNS, compression and the basic types", () => {
    const answers = [
      rr("www.example.com.", "CNAME", "web.example.com."),
      rr("web.example.com.", "A", "192.0.2.1"),
      rr("web.example.com.", "AAAA", "2001:db8::1"),
      rr("example.com.", "MX", "10 mail.example.com."),
      rr(
        "example.com.",
        "SOA",
        "ns1.example.com. hostmaster.example.com. 2024010101 3600 900 604800 300",
      ),
      rr("example.com.", "TXT", '"v=spf1 -all" "a\\"b\\\\c" "\\000\\255"'),
      rr("esc\\.aped.example.com.", "TYPE65534", "\\# 3 ABCDEF"),
    ];
    const buf = encodeMessage({
      id: 4242,
      flags: { qr: true, aa: true, rd: true },
      rcode: 3,
      questions: [{ name: "www.example.com.", type: "A", class: "IN" }],
      answers,
      edns: { udpSize: 1232, dnssecOk: true },
    });
    const m = decodeMessage(buf);
    assert.equal(m.id, 4242);
    assert.equal(m.rcode, 3);
    assert.equal(m.flags.aa, true);
    assert.equal(m.flags.tc, false);
    assert.deepEqual(m.edns, { udpSize: 1232, version: 0, dnssecOk: true, options: [] });
    assert.deepEqual(m.answers, answers);
  });

  it("rejects a compression loop with the offset", () => {
    const buf = Buffer.from(
      "0001 8000 0001 0000 0000 0000 c00c 0001 0001".replace(/ /g, ""),
      "hex",
    );
    assert.throws(() => decodeMessage(buf), /compression pointer in question name at byte 12/);
  });

  it("names a truncated message", () => {
    const buf = encodeMessage({
      id: 1,
      questions: [{ name: "example.com.", type: "A", class: "IN" }],
    });
    assert.throws(
      () => decodeMessage(buf.subarray(0, buf.length - 1)),
      /truncated question class at byte 27/,
    );
  });

  it("keeps an escaped dot and binary bytes inside one label", () => {
    const buf = encodeMessage({
      id: 1,
      questions: [{ name: "a\\.b\\000\\255.example.", type: "TYPE999", class: "IN" }],
    });
    const m = decodeMessage(buf);
    assert.equal(buf[12], 5); // one label "a.b\0\xff"
    assert.deepEqual(m.questions[0], {
      name: "a\\.b\\000\\255.example.",
      type: "TYPE999",
      class: "IN",
    });
  });
});
