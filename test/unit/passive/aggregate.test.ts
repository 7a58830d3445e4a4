import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inBailiwick, observationsFromMessage } from "../../../src/passive/aggregate.js";
import { SkipCounter, type MessageItem } from "../../../src/passive/source.js";
import { responseItem, rr } from "../../helpers/responses.js";

const item = (m: Parameters<typeof responseItem>[0], extra?: Parameters<typeof responseItem>[1]) =>
  responseItem(m, extra, 1700000000.9);

const brief = (o: {
  rrname: string;
  rrtype: string | number;
  rdata: string;
  bailiwick?: string | null;
}) => `${o.rrname} ${o.rrtype} ${o.rdata}${o.bailiwick ? ` @${o.bailiwick}` : ""}`;

describe("observations from a response", () => {
  it("makes one observation per record of a CNAME chain", () => {
    const obs = observationsFromMessage(
      item({
        answers: [
          rr("www.example.com.", "CNAME", "edge.cdn.example.net."),
          rr("edge.cdn.example.net.", "A", "192.0.2.1"),
          rr("edge.cdn.example.net.", "A", "192.0.2.2"),
        ],
      }),
      { sensorId: "s1" },
    );
    assert.deepEqual(obs.map(brief), [
      "www.example.com. CNAME edge.cdn.example.net.",
      "edge.cdn.example.net. A 192.0.2.1",
      "edge.cdn.example.net. A 192.0.2.2",
    ]);
    assert.equal(obs[0]?.sensorId, "s1");
    assert.equal(obs[0]?.source, "passive");
    assert.equal(obs[0]?.timeFirst, 1700000000.9);
  });

  it("drops a record that does not hang off the question (a poisoning attempt)", () => {
    const skipped = new SkipCounter();
    const obs = observationsFromMessage(
      item({
        answers: [
          rr("www.example.com.", "A", "192.0.2.1"),
          rr("www.bank.example.", "A", "203.0.113.66"),
        ],
      }),
      { skipped },
    );
    assert.deepEqual(obs.map(brief), ["www.example.com. A 192.0.2.1"]);
    assert.equal(skipped.reasons.get("answer record unrelated to the question"), 1);
  });

  it("keeps only records inside the answering zone when dnstap names it", () => {
    const skipped = new SkipCounter();
    const obs = observationsFromMessage(
      item(
        {
          answers: [
            rr("www.example.com.", "CNAME", "www.example.net."),
            rr("www.example.net.", "A", "198.51.100.9"),
          ],
        },
        { bailiwick: "example.com" },
      ),
      { skipped },
    );
    assert.deepEqual(obs.map(brief), ["www.example.com. CNAME www.example.net. @example.com"]);
    assert.equal(skipped.reasons.get("answer record outside every zone the answer speaks for"), 1);
  });

  it("takes the zone of an authoritative answer from its authority section", () => {
    const obs = observationsFromMessage(
      item({
        flags: { qr: true, aa: true },
        answers: [rr("www.example.com.", "A", "192.0.2.1")],
        authorities: [rr("example.com.", "NS", "ns1.example.com.")],
      }),
    );
    assert.deepEqual(obs.map(brief), ["www.example.com. A 192.0.2.1 @example.com"]);
  });

  it("follows a DNAME to the synthesised CNAME and on", () => {
    const obs = observationsFromMessage(
      item({
        questions: [{ name: "a.old.example.", type: "A", class: "IN" }],
        answers: [
          rr("old.example.", "DNAME", "new.example."),
          rr("a.old.example.", "CNAME", "a.new.example."),
          rr("a.new.example.", "A", "192.0.2.3"),
        ],
      }),
    );
    assert.equal(obs.length, 3);
  });

  it("ignores queries, refusals and meta records; counts a malformed message", () => {
    assert.deepEqual(observationsFromMessage(item({ flags: { qr: false } })), []);
    assert.deepEqual(
      observationsFromMessage(
        item({ rcode: 5, answers: [rr("www.example.com.", "A", "192.0.2.1")] }),
      ),
      [],
    );
    const skipped = new SkipCounter();
    const bad: MessageItem = {
      kind: "message",
      time: 1,
      message: new Uint8Array([1, 2, 3]),
      position: { offset: 42 },
    };
    assert.deepEqual(observationsFromMessage(bad, { skipped, name: "cap.pcap" }), []);
    assert.match(skipped.examples[0] ?? "", /^cap\.pcap at byte 42: malformed DNS message/);
  });
});

describe("inBailiwick", () => {
  it("is true at and below the zone, not for a name that only ends the same", () => {
    assert.ok(inBailiwick("www.a.example.com.", "example.com"));
    assert.ok(inBailiwick("Example.COM", "example.com."));
    assert.ok(inBailiwick("anything.", "."));
    assert.ok(!inBailiwick("badexample.com", "example.com"));
    assert.ok(!inBailiwick("example.com", "www.example.com"));
  });
});
