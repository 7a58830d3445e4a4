import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MessageObservations } from "../../../src/passive/message-observations.js";
import { SkipCounter, type MessageItem } from "../../../src/passive/source.js";
import { responseItem, rr } from "../../helpers/responses.js";

// The memo must be invisible: a repeat of an answer (new ID, TTLs counted down) makes
// what the first made, and anything that changes the observations is a different answer.

const item = (m: Parameters<typeof responseItem>[0], extra?: Parameters<typeof responseItem>[1]) =>
  responseItem(m, extra);

const rows = (m: MessageObservations, i: MessageItem, skipped = new SkipCounter()) =>
  m
    .of(i, skipped)
    .map((t) => `${t.row.rrname} ${t.row.rrtype} ${t.row.rdata} ${t.row.bailiwick ?? "-"}`);

const chain = [
  rr("www.example.com.", "CNAME", "edge.example.net."),
  rr("edge.example.net.", "A", "192.0.2.1"),
];

describe("observations remembered per distinct answer", () => {
  it("gives a repeat with another ID and lower TTLs what the first gave", () => {
    const m = new MessageObservations({ name: "t" });
    const first = rows(m, item({ answers: chain }));
    const again = rows(m, item({ id: 999, answers: chain.map((r) => ({ ...r, ttl: 17 })) }));
    assert.deepEqual(first, [
      "www.example.com CNAME edge.example.net. -",
      "edge.example.net A 192.0.2.1 -",
    ]);
    assert.deepEqual(again, first);
  });

  it("tells apart answers that differ in data, in the AA bit, or in the sensor's bailiwick", () => {
    const m = new MessageObservations({ name: "t" });
    rows(m, item({ answers: chain }));
    assert.deepEqual(rows(m, item({ answers: [rr("www.example.com.", "A", "192.0.2.9")] })), [
      "www.example.com A 192.0.2.9 -",
    ]);
    // Authoritative, with the zone in the authority section: the zone becomes the bailiwick.
    const auth = {
      flags: { qr: true, aa: true },
      authorities: [rr("example.com.", "NS", "ns.example.com.")],
    };
    assert.deepEqual(
      rows(m, item({ ...auth, answers: [rr("www.example.com.", "A", "192.0.2.9")] })),
      ["www.example.com A 192.0.2.9 example.com"],
    );
    assert.deepEqual(rows(m, item({ answers: chain }, { bailiwick: "example.com" })), [
      "www.example.com CNAME edge.example.net. example.com",
    ]);
  });

  it("counts what it leaves out again for every repeat", () => {
    const m = new MessageObservations({ name: "cap.pcap" });
    const skipped = new SkipCounter();
    const stray = [...chain, rr("evil.example.org.", "A", "203.0.113.6")];
    rows(m, item({ answers: stray }), skipped);
    rows(m, item({ id: 8, answers: stray }, { position: { offset: 200 } }), skipped);
    assert.equal(skipped.reasons.get("answer record unrelated to the question"), 2);
    assert.match(skipped.examples[1] ?? "", /^cap\.pcap at byte 200: /);
  });

  it("keeps the EDNS extended RCODE: an answer under BADVERS is not an observation", () => {
    const m = new MessageObservations({ name: "t" });
    assert.equal(rows(m, item({ answers: chain, edns: { udpSize: 1232 } })).length, 2);
    // Same bytes but for the OPT TTL's extended-RCODE byte (RCODE 16 = BADVERS).
    const bad = item({ answers: chain, edns: { udpSize: 1232 } });
    const msg = Buffer.from(bad.message);
    const opt = msg.length - 11; // root name, type, class, then the TTL
    assert.equal(msg.readUInt16BE(opt + 1), 41);
    msg[opt + 5] = 1;
    assert.deepEqual(rows(m, { ...bad, message: msg }), []);
  });

  it("makes nothing of queries, errors and empty answers, and reports a broken response", () => {
    const m = new MessageObservations({ name: "t" });
    assert.deepEqual(rows(m, item({ flags: { qr: false } })), []);
    assert.deepEqual(rows(m, item({ rcode: 2, answers: chain })), []);
    assert.deepEqual(rows(m, item({})), []);
    const skipped = new SkipCounter();
    const cut = item({ answers: chain });
    rows(m, { ...cut, message: cut.message.subarray(0, cut.message.length - 3) }, skipped);
    rows(m, { ...cut, message: cut.message.subarray(0, cut.message.length - 3) }, skipped);
    assert.equal(skipped.total, 2);
    assert.match([...skipped.reasons.keys()][0] ?? "", /^malformed DNS message/);
  });

  it("reads the same bytes under another sensor's bailiwick as another answer", () => {
    const m = new MessageObservations({ name: "t" });
    const a = item({ answers: chain });
    const first = (i: MessageItem) => rows(m, i)[0];
    assert.equal(first(a), "www.example.com CNAME edge.example.net. -");
    assert.equal(first({ ...a, bailiwick: "com" }), "www.example.com CNAME edge.example.net. com");
    assert.equal(
      first({ ...a, bailiwick: "example.com" }),
      "www.example.com CNAME edge.example.net. example.com",
    );
    assert.equal(first(a), "www.example.com CNAME edge.example.net. -");
    assert.equal(m.remembered, 3);
  });

  it("stays within its capacity", () => {
    const m = new MessageObservations({ name: "t", capacity: 3 });
    for (let i = 0; i < 10; i++)
      assert.deepEqual(rows(m, item({ answers: [rr("www.example.com.", "A", `192.0.2.${i}`)] })), [
        `www.example.com A 192.0.2.${i} -`,
      ]);
    assert.ok(m.remembered <= 3);
  });
});
