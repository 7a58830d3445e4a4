import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { SkipCounter, type SourceItem, type SourceOptions } from "../../../src/passive/source.js";
import { readCof } from "../../../src/passive/sources/cof.js";
import { readLines } from "../../../src/passive/sources/lines.js";
import { readPassiveDns } from "../../../src/passive/sources/passivedns.js";
import { readZeekDns } from "../../../src/passive/sources/zeek.js";

async function* chunks(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(
  read: (i: AsyncIterable<Uint8Array>, o: SourceOptions) => AsyncIterable<SourceItem>,
  text: string,
  sensorId?: string,
) {
  const skipped = new SkipCounter();
  const items: SourceItem[] = [];
  for await (const it of read(chunks(text), {
    name: "in.log",
    skipped,
    ...(sensorId ? { sensorId } : {}),
  }))
    items.push(it);
  const records = items.flatMap((i) => (i.kind === "record" ? [i] : []));
  return { items, records, skipped };
}

const brief = (r: { record: { rrname: string; rrtype: string | number; rdata: string } }) =>
  `${r.record.rrname} ${r.record.rrtype} ${r.record.rdata}`;

describe("readLines", () => {
  it("splits on LF across chunks, keeps multi-byte characters whole and counts bytes", async () => {
    const text = "a\r\nbé\n\nlast";
    const lines = [];
    for await (const l of readLines(chunks(Buffer.from(text), 2), "x")) lines.push(l);
    assert.deepEqual(
      lines.map((l) => [l.text, l.number, l.end]),
      [
        ["a", 1, 3],
        ["bé", 2, 7],
        ["", 3, 8],
        ["last", 4, 12],
      ],
    );
  });
});

// A dns.log as Zeek 6 writes it (columns abbreviated to those dnsight reads plus neighbours).
const ZEEK_TSV = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#path\tdns",
  "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype_name\trcode_name\tAA\tanswers\tTTLs\trejected",
  "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tstring\tstring\tbool\tvector[string]\tvector[interval]\tbool",
  "1700000000.123456\tC1\t10.0.0.2\t51000\t10.0.0.1\t53\tudp\t1\twww.example.com\tA\tNOERROR\tF\talias.cdn.example.net,edge.cdn.example.net,192.0.2.7,192.0.2.8\t300,300,60,60\tF",
  "1700000001.5\tC2\t10.0.0.2\t51001\t10.0.0.1\t53\tudp\t2\texample.com\tNS\tNOERROR\tT\tns1.example.com,ns2.example.com\t3600,3600\tF",
  "1700000002\tC3\t10.0.0.2\t51002\t10.0.0.1\t53\tudp\t3\texample.com\tMX\tNOERROR\tF\tmail.example.com\t300\tF",
  "1700000003\tC4\t10.0.0.2\t51003\t10.0.0.1\t53\tudp\t4\tgone.example.com\tA\tNXDOMAIN\tF\t-\t-\tF",
  "1700000004\tC5\t10.0.0.2\t51004\t10.0.0.1\t53\tudp\t5\texample.com\tTXT\tNOERROR\tF\tTXT 11 v=spf1 -all\t300\tF",
  "1700000005\tC6\t10.0.0.2\t51005\t10.0.0.1\t53\tudp\t6\tv6.example.com\tAAAA\tNOERROR\tF\t2001:DB8::1\t300\tF",
  "bad\tline",
  "",
].join("\n");

describe("Zeek dns.log", () => {
  it("reads TSV by the #fields header and rebuilds the flattened CNAME chain", async () => {
    const { records, skipped } = await collect(readZeekDns, ZEEK_TSV, "zeek1");
    assert.deepEqual(records.map(brief), [
      "www.example.com CNAME alias.cdn.example.net.",
      "alias.cdn.example.net CNAME edge.cdn.example.net.",
      "edge.cdn.example.net A 192.0.2.7",
      "edge.cdn.example.net A 192.0.2.8",
      "example.com NS ns1.example.com.",
      "example.com NS ns2.example.com.",
      'example.com TXT "v=spf1 -all"',
      "v6.example.com AAAA 2001:db8::1",
    ]);
    // The first link is certain; links after it and the addresses' owner are reconstructions.
    assert.equal(records[0]?.inferred, undefined);
    assert.match(records[1]?.inferred ?? "", /chain/);
    assert.match(records[2]?.inferred ?? "", /chain/);
    assert.equal(records[4]?.inferred, undefined);
    assert.equal(records[0]?.record.timeFirst, 1700000000.123456);
    assert.equal(records[0]?.record.sensorId, "zeek1");
    assert.equal(records[0]?.position.line, 8);
    // MX lost its preference: left out and counted; the bad line is counted, not fatal.
    assert.equal(skipped.reasons.get("Zeek MX answer is lossy"), 1);
    assert.equal(skipped.total, 2);
    assert.match(skipped.examples.join("\n"), /in\.log:14 at byte \d+: bad ts "bad"/);
  });

  it("reads JSON lines with the same keys", async () => {
    const line = JSON.stringify({
      ts: 1700000000.5,
      "id.resp_h": "10.0.0.1",
      query: "www.example.org",
      qtype_name: "A",
      rcode_name: "NOERROR",
      answers: ["www.example.org.cdn.net", "198.51.100.1"],
      TTLs: [60, 60],
      rejected: false,
    });
    const { records } = await collect(readZeekDns, line + "\n");
    assert.deepEqual(records.map(brief), [
      "www.example.org CNAME www.example.org.cdn.net.",
      "www.example.org.cdn.net A 198.51.100.1",
    ]);
  });

  it("refuses data before the header", async () => {
    const { records, skipped } = await collect(readZeekDns, "1700000000\tC1\n");
    assert.equal(records.length, 0);
    assert.equal(skipped.reasons.get("a data line before the #fields header"), 1);
  });
});

describe("passivedns sensor lines", () => {
  it("reads ||-separated lines and JSON, keeps counts, drops NXDOMAIN", async () => {
    const text = [
      "1322849924.408856||10.1.1.1||8.8.8.8||IN||upload.youtube.com.||A||74.125.43.117||46587||5",
      "1322849924.408857||10.1.1.1||8.8.8.8||IN||youtube.com.||MX||10 alt1.aspmx.l.google.com.||300||2",
      "1322849924.408858||10.1.1.1||8.8.8.8||IN||nx.example.||A||NXDOMAIN||0||1",
      JSON.stringify({
        timestamp: "1322849925.000001",
        client: "10.1.1.1",
        server: "8.8.8.8",
        class: "IN",
        query: "Example.COM.",
        type: "TXT",
        answer: "hello world",
        ttl: 300,
        count: 1,
      }),
      "garbage",
    ].join("\n");
    const { records, skipped } = await collect(readPassiveDns, text);
    assert.deepEqual(records.map(brief), [
      "upload.youtube.com. A 74.125.43.117",
      "youtube.com. MX 10 alt1.aspmx.l.google.com.",
      'Example.COM. TXT "hello world"',
    ]);
    assert.equal(records[0]?.record.count, 5);
    assert.equal(skipped.total, 1);
  });
  it("skips a JSON line whose timestamp or count is nested 100,000 arrays deep, and says why", async () => {
    // Number() of such an array recursed until the stack overflowed (fuzz corpus
    // test/fuzz-corpus/passivedns/49e37bfe2bbbb7db.bin.gz).
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    const good = "1||c||s||IN||a.example.||A||192.0.2.1||60||1";
    const text = [
      `{"timestamp":${deep},"query":"x.example.","type":"A","answer":"192.0.2.1"}`,
      `{"timestamp":1,"query":"y.example.","type":"A","answer":"192.0.2.2","count":${deep}}`,
      good,
    ].join("\n");
    const { records, skipped } = await collect(readPassiveDns, text);
    assert.deepEqual(records.map(brief), ["y.example. A 192.0.2.2", "a.example. A 192.0.2.1"]);
    assert.equal(records[0]?.record.count, undefined);
    assert.deepEqual([...skipped.reasons.keys()], ["bad timestamp an array"]);
  });
});

describe("COF", () => {
  it("reads the CIRCL sample (../shared/fixtures/pdns/data.json)", async () => {
    const path = fileURLToPath(
      new URL("../../../../shared/fixtures/pdns/data.json", import.meta.url),
    );
    const { records, skipped } = await collect(readCof, readFileSync(path, "utf8"));
    assert.equal(skipped.total, 0);
    assert.ok(records.length >= 2);
    assert.equal(brief(records[0]!), "www.circl.lu CNAME cpa.circl.lu.");
    assert.equal(records[0]?.record.count, 1909);
    assert.equal(records[0]?.record.timeFirst, 1315586409);
  });

  it("is lenient: string rdata, numeric rrtype, numbers as strings, zone times", async () => {
    const text = [
      '{"rrname":"a.example","rrtype":1,"rdata":"192.0.2.1","time_first":"100","time_last":"200","count":"3"}',
      '{"rrname":"b.example","rrtype":"28","rdata":["2001:db8::1","2001:db8::2"],"zone_time_first":5,"zone_time_last":6,"bailiwick":"example","sensor_id":"s9"}',
      '{"rrname":"c.example","rrtype":"A","rdata":"not-an-ip","time_first":1,"time_last":2}',
      '{"rrtype":"A","rdata":"192.0.2.1","time_first":1,"time_last":2}',
      "{broken",
    ].join("\n");
    const { records, skipped } = await collect(readCof, text);
    assert.deepEqual(records.map(brief), [
      "a.example 1 192.0.2.1",
      "b.example 28 2001:db8::1",
      "b.example 28 2001:db8::2",
    ]);
    assert.equal(records[0]?.record.count, 3);
    assert.equal(records[1]?.record.bailiwick, "example");
    assert.equal(records[1]?.record.sensorId, "s9");
    assert.equal(records[1]?.record.timeFirst, 5);
    assert.equal(skipped.total, 3);
    assert.equal(skipped.reasons.get("no rrname"), 1);
    assert.equal(skipped.reasons.get("not JSON"), 1);
  });
});
