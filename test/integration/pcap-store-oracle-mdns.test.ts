// Acceptance (issue 12): multicast DNS in a capture. dnsight reads port 53 by default and
// says what it left on port 5353; asked for 5353 (--port 53,5353) it keeps the link's mDNS
// announcements. Either way the store equals tshark's reading of the file (mDNS dissector
// and all) under the same rules, restated in test/helpers/tshark-answers.ts. No tool here
// can multicast without leaving loopback, so the capture is written by hand; only tshark
// reads it.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { A, pcapOf, response, rr, SRV, TXT, wireName } from "../helpers/pcap-handmade.js";
import { assertSameSet, storedRun } from "../helpers/pcap-oracle.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { answerKey, tsharkAnswerKeys } from "../helpers/tshark-answers.js";

const FLUSH = 0x8001; // IN with the cache-flush bit (RFC 6762 §10.2)
const LINK = { src: "192.0.2.42", dst: "224.0.0.251", srcPort: 5353, dstPort: 5353 };

const CAPTURE = pcapOf([
  // Unicast DNS on port 53.
  response(1, 0x8180, "www.example.test", [rr("www.example.test", 1, A("192.0.2.10"))]),
  // A printer's unsolicited announcement: no question.
  {
    ...LINK,
    dns: response(0, 0x8400, undefined, [
      rr("_ipp._tcp.local", 12, wireName("Printer._ipp._tcp.local")),
      rr("Printer._ipp._tcp.local", 33, SRV(0, 0, 631, "printer.local"), FLUSH),
      rr("Printer._ipp._tcp.local", 16, TXT("txtvers=1", "rp=ipp/print"), FLUSH),
      rr("printer.local", 1, A("192.0.2.42"), FLUSH),
    ]),
  },
  // Another host's answer with a question in it, which mDNS ignores (§6): kept all the same.
  {
    ...LINK,
    src: "192.0.2.43",
    dns: response(0, 0x8400, "nas.local", [
      rr("nas.local", 1, A("192.0.2.43"), FLUSH),
      rr("nas-2.local", 1, A("192.0.2.44"), FLUSH),
    ]),
  },
  // An mDNS response with an error rcode: ignored (§18.11).
  { ...LINK, dns: response(0, 0x8403, undefined, [rr("bad.local", 1, A("192.0.2.99"), FLUSH)]) },
  // A reply to a one-shot query from port 40000 (§6.7): unicast DNS, chain rule and all.
  {
    ...LINK,
    dst: "192.0.2.1",
    dstPort: 40000,
    dns: response(7, 0x8400, "tv.local", [
      rr("tv.local", 1, A("192.0.2.45")),
      rr("off-chain.local", 1, A("192.0.2.46")),
    ]),
  },
]);

const ANNOUNCED = [
  answerKey("_ipp._tcp.local", "PTR", "Printer._ipp._tcp.local."),
  answerKey("printer._ipp._tcp.local", "SRV", "0 0 631 printer.local."),
  answerKey("printer._ipp._tcp.local", "TXT", '"txtvers=1" "rp=ipp/print"'),
  answerKey("printer.local", "A", "192.0.2.42"),
  answerKey("nas.local", "A", "192.0.2.43"),
  answerKey("nas-2.local", "A", "192.0.2.44"),
];

describe("pcap oracle: multicast DNS", () => {
  it("by default stores port 53 only, as tshark reads it, and names what it left on 5353", async (t) => {
    const file = join(makeTmpDir("oracle-mdns", t).path, "mdns.pcap");
    writeFileSync(file, CAPTURE);
    const ours = await storedRun(t, file);
    assertSameSet(ours.keys, await tsharkAnswerKeys(file), "mDNS capture, default ports");
    assert.deepEqual([...ours.keys], [answerKey("www.example.test", "A", "192.0.2.10")]);
    assert.match(
      ours.stderr,
      /^not read: 4 packets on port 5353 \(multicast DNS, read only when asked: --port 53,5353\)$/m,
    );
    // tshark sees the announcements on 5353 all the same.
    const all = await tsharkAnswerKeys(file, { ports: [53, 5353] });
    for (const k of ANNOUNCED) assert.ok(all.has(k), `tshark reads ${k}`);
  });

  it("asked for 5353, keeps the announcements, as tshark reads them", async (t) => {
    const file = join(makeTmpDir("oracle-mdns", t).path, "mdns.pcap");
    writeFileSync(file, CAPTURE);
    const ports = [53, 5353];
    const ours = await storedRun(t, file, {
      ports,
      skipped: /^skipped 1: answer record unrelated to the question 1$/,
      args: ["--sensor", "lan-mdns"],
    });
    const theirs = await tsharkAnswerKeys(file, { ports });
    t.diagnostic(`stored ${ours.keys.size}, tshark ${theirs.size}`);
    assertSameSet(ours.keys, theirs, "mDNS capture, --port 53,5353");
    for (const k of ANNOUNCED) assert.ok(ours.keys.has(k), `stored ${k}`);
    assert.ok(ours.keys.has(answerKey("tv.local", "A", "192.0.2.45")));
    assert.ok(!ours.keys.has(answerKey("bad.local", "A", "192.0.2.99")));
    assert.ok(ours.rows.every((r) => r.sensor_id === "lan-mdns" && r.bailiwick === undefined));
    assert.doesNotMatch(ours.stderr, /^not read/m);
  });

  it("a capture of mDNS alone stores nothing by default and says how to read it", async (t) => {
    const dir = makeTmpDir("oracle-mdns", t).path;
    const file = join(dir, "only-mdns.pcap");
    writeFileSync(
      file,
      pcapOf([
        { ...LINK, dns: response(0, 0x8400, undefined, [rr("a.local", 1, A("192.0.2.7"), FLUSH)]) },
      ]),
    );
    const r = await cli(["ingest", "pcap", file, "--db", join(dir, "pdns.db")]);
    // The capture was read (a warning, as for DNS on any other port).
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /^warning: no DNS found in .*only-mdns\.pcap on port 53; 1 packets are on port 5353, multicast DNS, which is read only when asked: try --port 5353/m,
    );
  });
});
