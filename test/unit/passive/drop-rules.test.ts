// Issue 12: every rule by which a sensor leaves an answer record out (src/passive/aggregate.ts,
// answer-chain.ts, mdns.ts), each with a record it rightly leaves out and a good record a
// naive form of the rule would lose. The chain-leaving and mDNS cases have their own files
// (answer-chain.test.ts, mdns.test.ts); the per-link bailiwick rule is there too.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeMessage } from "../../../src/dns/wire/message.js";
import { NO_QUESTION, observationsFromMessage } from "../../../src/passive/aggregate.js";
import { inBailiwick, OUTSIDE, UNRELATED } from "../../../src/passive/answer-chain.js";
import { MessageObservations } from "../../../src/passive/message-observations.js";
import { SkipCounter, type MessageItem } from "../../../src/passive/source.js";
import { responseItem, rr } from "../../helpers/responses.js";

const q = (name: string, type = "A") => [{ name, type, class: "IN" }];

/** Kept records as "owner TYPE rdata", the skip reasons, and the same through the memo. */
function judge(m: Parameters<typeof responseItem>[0]) {
  const item = responseItem(m);
  const skipped = new SkipCounter();
  const kept = observationsFromMessage(item, { skipped }).map(
    (o) => `${o.rrname} ${o.rrtype} ${o.rdata}`,
  );
  // The memoised path (message-observations.ts) must agree, header pre-filter included.
  const memo = new MessageObservations({ name: "x" }).of(item, new SkipCounter());
  assert.equal(memo.length, kept.length, "memoised path agrees");
  return { kept, skipped: Object.fromEntries(skipped.reasons) };
}

describe("drop rule: a message that does not decode", () => {
  it("drops the whole message, answers that happened to parse included", () => {
    const good = encodeMessage({
      id: 1,
      flags: { qr: true },
      questions: q("www.example.com."),
      answers: [rr("www.example.com.", "A", "192.0.2.1")],
    });
    // An additional record is announced that is not there: the message is not what it says.
    const broken = Buffer.from(good);
    broken.writeUInt16BE(1, 10);
    const item: MessageItem = {
      kind: "message",
      time: 1,
      message: broken,
      position: { offset: 9 },
    };
    const skipped = new SkipCounter();
    assert.deepEqual(observationsFromMessage(item, { skipped }), []);
    assert.match([...skipped.reasons.keys()][0] ?? "", /^malformed DNS message/);
  });

  it("keeps a message followed by stray bytes (padding some middleboxes add)", () => {
    const m = encodeMessage({
      id: 1,
      flags: { qr: true },
      questions: q("www.example.com."),
      answers: [rr("www.example.com.", "A", "192.0.2.1")],
    });
    const item: MessageItem = {
      kind: "message",
      time: 1,
      message: Buffer.concat([m, Buffer.alloc(4)]),
      position: { offset: 9 },
    };
    assert.equal(observationsFromMessage(item).length, 1);
  });
});

describe("drop rule: only responses to standard queries", () => {
  it("drops records in a query (nobody answered) and in an UPDATE response", () => {
    const answers = [rr("www.example.com.", "A", "192.0.2.1")];
    assert.deepEqual(judge({ flags: { qr: false }, answers }).kept, []);
    assert.deepEqual(judge({ opcode: 5, answers }).kept, []);
    assert.deepEqual(judge({ opcode: 4, answers }).kept, []); // NOTIFY
  });
});

describe("drop rule: rcode", () => {
  it("drops the answers of a server that failed or refused", () => {
    for (const rcode of [2, 5])
      assert.deepEqual(
        judge({ rcode, answers: [rr("www.example.com.", "A", "192.0.2.1")] }).kept,
        [],
      );
  });

  it("keeps an NXDOMAIN's chain (RFC 6604) and a YXDOMAIN's DNAME (RFC 6672 §2.2)", () => {
    assert.deepEqual(
      judge({ rcode: 3, answers: [rr("www.example.com.", "CNAME", "gone.example.net.")] }).kept,
      ["www.example.com. CNAME gone.example.net."],
    );
    // The substitution would pass 255 octets: the server answers the DNAME and YXDOMAIN.
    const long = `${"b".repeat(63)}.${"b".repeat(63)}.${"b".repeat(63)}.example.net.`;
    const r = judge({
      rcode: 6,
      questions: q(`${"a".repeat(63)}.${"a".repeat(63)}.dn.example.com.`),
      answers: [rr("dn.example.com.", "DNAME", long)],
    });
    assert.deepEqual(r.kept, [`dn.example.com. DNAME ${long}`]);
  });
});

describe("drop rule: a unicast response without a question", () => {
  it("drops its records, counted (nothing matches it to a query)", () => {
    const r = judge({ questions: [], answers: [rr("www.bank.test.", "A", "203.0.113.66")] });
    assert.deepEqual(r.kept, []);
    assert.deepEqual(r.skipped, { [NO_QUESTION]: 1 });
  });
  // The good records such a rule would lose are mDNS announcements: mdns.test.ts.
});

describe("drop rule: class other than IN", () => {
  it("drops a CHAOS record, which the store (no class column) would show as IN", () => {
    const r = judge({
      questions: [{ name: "version.bind.", type: "TXT", class: "CH" }],
      answers: [{ name: "version.bind.", type: "TXT", class: "CH", ttl: 0, data: '"9.18"' }],
    });
    assert.deepEqual(r.kept, []);
  });
  // mDNS's cache-flush bit (class 0x8001) is IN: mdns.test.ts.
});

describe("drop rule: meta types", () => {
  it("drops OPT/TSIG-like records in the answer section; keeps DNSSEC records", () => {
    const r = judge({
      answers: [
        rr("www.example.com.", "A", "192.0.2.1"),
        { name: "www.example.com.", type: "TYPE249", class: "IN", ttl: 0, data: "\\# 0" }, // TKEY
        rr(
          "www.example.com.",
          "RRSIG",
          "A 13 3 300 20270101000000 20260101000000 12345 example.com. AAAA",
        ),
      ],
    });
    assert.deepEqual(r.kept, [
      "www.example.com. A 192.0.2.1",
      "www.example.com. RRSIG A 13 3 300 20270101000000 20260101000000 12345 example.com. AAAA",
    ]);
  });
});

describe("drop rule: the chain", () => {
  it("drops a record for a name the question does not lead to", () => {
    const r = judge({
      answers: [
        rr("www.example.com.", "A", "192.0.2.1"),
        rr("www.bank.test.", "A", "203.0.113.66"),
      ],
    });
    assert.deepEqual(r.kept, ["www.example.com. A 192.0.2.1"]);
    assert.deepEqual(r.skipped, { [UNRELATED]: 1 });
  });

  it("keeps a chain whatever the case of its names (0x20) and the order of its records", () => {
    const r = judge({
      questions: q("WwW.ExAmPlE.CoM."),
      answers: [
        rr("edge.CDN.example.net.", "A", "192.0.2.7"),
        rr("www.example.com.", "CNAME", "Edge.cdn.Example.NET."),
      ],
    });
    assert.equal(r.kept.length, 2);
    assert.deepEqual(r.skipped, {});
  });

  it("keeps the root's records (a priming answer)", () => {
    const r = judge({
      questions: q(".", "NS"),
      answers: [rr(".", "NS", "a.root-servers.net.")],
    });
    assert.deepEqual(r.kept, [". NS a.root-servers.net."]);
  });
});

describe("drop rule: the bailiwick, label by label", () => {
  it("drops a name whose last label only looks like the zone (a\\.zone is a label of its parent)", () => {
    // `evil\.example.com` is the label "evil.example" in com, not a name in example.com.
    const r = judge({
      flags: { qr: true, aa: true },
      answers: [
        rr("www.example.com.", "CNAME", "evil\\.example.com."),
        rr("evil\\.example.com.", "A", "203.0.113.66"),
      ],
      authorities: [rr("example.com.", "NS", "ns.example.com.")],
    });
    assert.deepEqual(r.kept, ["www.example.com. CNAME evil\\.example.com."]);
    assert.deepEqual(r.skipped, { [OUTSIDE]: 1 });
  });

  it("keeps names whose labels hold escaped backslashes and dots below the zone", () => {
    assert.ok(inBailiwick("a\\\\.example.com", "example.com")); // label `a\` then example.com
    assert.ok(inBailiwick("a\\.b.example.com", "example.com")); // label `a.b` in example.com
    assert.ok(!inBailiwick("a\\.example.com", "example.com"));
    assert.ok(!inBailiwick("a\\\\\\.example.com", "example.com"));
  });
});

describe("drop rule: the chain, in a zone transfer", () => {
  const transfer = (answers: ReturnType<typeof rr>[]) =>
    judge({ flags: { qr: true, aa: true }, questions: q("example.com.", "AXFR"), answers });
  const soa = rr("example.com.", "SOA", "ns.example.com. h.example.com. 1 3600 900 604800 300");

  it("keeps the zone's records, which hang off no chain (RFC 5936)", () => {
    const r = transfer([
      soa,
      rr("www.example.com.", "A", "192.0.2.1"),
      rr("a.b.example.com.", "TXT", '"x"'),
      soa,
    ]);
    assert.deepEqual(r.kept, [
      `example.com. SOA ${soa.data}`,
      "www.example.com. A 192.0.2.1",
      'a.b.example.com. TXT "x"',
      `example.com. SOA ${soa.data}`,
    ]);
    assert.deepEqual(r.skipped, {});
  });

  it("drops a record outside the zone transferred", () => {
    const r = transfer([soa, rr("www.bank.test.", "A", "203.0.113.66"), soa]);
    assert.deepEqual(r.kept, [`example.com. SOA ${soa.data}`, `example.com. SOA ${soa.data}`]);
    assert.deepEqual(r.skipped, { [OUTSIDE]: 1 });
  });
});
