import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { sniffFormat } from "../../../src/passive/sniff.js";

const ROOT = new URL("../../../", import.meta.url);
const head = (rel: string): Buffer => readFileSync(new URL(rel, ROOT)).subarray(0, 4096);

describe("sniffFormat", () => {
  it("knows the examples by their first bytes", () => {
    assert.equal(sniffFormat(head("examples/dns-sample.pcap")), "pcap");
    assert.equal(sniffFormat(head("examples/dns.log")), "zeek");
  });
  it("knows each text format by its first line", () => {
    const t = (s: string) => sniffFormat(Buffer.from(s));
    assert.equal(t('{"rrname":"a.example","rrtype":"A"}\n'), "cof");
    assert.equal(t('{"ts":1.5,"query":"a.example","qtype_name":"A"}\n'), "zeek");
    assert.equal(
      t("1700000000||10.0.0.1||10.0.0.53||IN||a.example||A||192.0.2.1||60||1\n"),
      "passivedns",
    );
    assert.equal(t("#separator \\x09\n#fields\tts\n"), "zeek");
    assert.equal(t("hello world\n"), undefined);
    assert.equal(t(""), undefined);
  });
  it("knows a Frame Streams file by its control frame", () => {
    const b = Buffer.alloc(12);
    b.writeUInt32BE(0, 0);
    b.writeUInt32BE(4, 4);
    b.writeUInt32BE(2, 8);
    assert.equal(sniffFormat(b), "dnstap");
  });
});
