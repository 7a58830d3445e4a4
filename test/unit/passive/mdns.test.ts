// Multicast DNS (issue 12): port 5353 is read only when asked; then an unsolicited
// announcement (no question, cache-flush bit in the class) is kept whole, while the same
// records in a unicast response without a question are still dropped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeMessage, type ResourceRecord } from "../../../src/dns/wire/message.js";
import { NO_QUESTION, observationsFromMessage } from "../../../src/passive/aggregate.js";
import { mdnsClass } from "../../../src/passive/mdns.js";
import { MessageObservations } from "../../../src/passive/message-observations.js";
import { SkipCounter, type MessageItem } from "../../../src/passive/source.js";

const FLUSH_IN = "CLASS32769"; // IN with the cache-flush bit (RFC 6762 §10.2)
const rec = (name: string, type: string, data: string, klass = FLUSH_IN): ResourceRecord => ({
  name,
  type,
  class: klass,
  ttl: 120,
  data,
});

/** The announcement a printer multicasts when it joins the link. */
const ANNOUNCEMENT = encodeMessage({
  id: 0,
  flags: { qr: true, aa: true },
  questions: [],
  answers: [
    rec("_ipp._tcp.local.", "PTR", "Printer._ipp._tcp.local.", "IN"), // shared: no flush bit
    rec("Printer._ipp._tcp.local.", "SRV", "0 0 631 printer.local."),
    rec("Printer._ipp._tcp.local.", "TXT", '"txtvers=1" "rp=ipp/print"'),
    rec("printer.local.", "A", "192.0.2.42"),
    rec("printer.local.", "TXT", '"chaos"', "CH"),
  ],
});

const item = (message: Uint8Array, mdns: boolean): MessageItem => ({
  kind: "message",
  time: 1_700_000_000,
  message,
  ...(mdns ? { mdns: true } : {}),
  position: { offset: 1 },
});

const brief = (o: {
  rrname: string;
  rrtype: string | number;
  rdata: string;
  bailiwick?: unknown;
}) => `${o.rrname} ${o.rrtype} ${o.rdata}${o.bailiwick ? ` @${String(o.bailiwick)}` : ""}`;

describe("multicast DNS", () => {
  it("keeps every IN answer of an unsolicited announcement, cache-flush bit taken out", () => {
    const skipped = new SkipCounter();
    const obs = observationsFromMessage(item(ANNOUNCEMENT, true), { skipped, sensorId: "lan" });
    assert.deepEqual(obs.map(brief), [
      "_ipp._tcp.local. PTR Printer._ipp._tcp.local.",
      "Printer._ipp._tcp.local. SRV 0 0 631 printer.local.",
      'Printer._ipp._tcp.local. TXT "txtvers=1" "rp=ipp/print"',
      "printer.local. A 192.0.2.42",
    ]);
    assert.ok(obs.every((o) => o.sensorId === "lan" && o.source === "passive"));
    assert.equal(skipped.total, 0);
  });

  it("drops the same records in a unicast response without a question, and says why", () => {
    const skipped = new SkipCounter();
    assert.deepEqual(observationsFromMessage(item(ANNOUNCEMENT, false), { skipped }), []);
    assert.equal(skipped.reasons.get(NO_QUESTION), 5);
  });

  it("ignores mDNS queries and responses with a non-zero rcode (RFC 6762 §18.11)", () => {
    const m = (qr: boolean, rcode: number) =>
      encodeMessage({ id: 0, flags: { qr }, rcode, answers: [rec("a.local.", "A", "192.0.2.1")] });
    assert.equal(observationsFromMessage(item(m(true, 0), true)).length, 1);
    assert.deepEqual(observationsFromMessage(item(m(false, 0), true)), []);
    assert.deepEqual(observationsFromMessage(item(m(true, 3), true)), []);
  });

  it("answers the same bytes by the rules they came under, memo or not", () => {
    const memo = new MessageObservations({ name: "cap.pcap" });
    const skipped = new SkipCounter();
    assert.equal(memo.of(item(ANNOUNCEMENT, true), skipped).length, 4);
    assert.equal(memo.of(item(ANNOUNCEMENT, false), skipped).length, 0);
    assert.equal(memo.of(item(ANNOUNCEMENT, true), skipped).length, 4);
    assert.equal(skipped.reasons.get(NO_QUESTION), 5);
  });

  it("mdnsClass takes out only the top bit", () => {
    assert.equal(mdnsClass("CLASS32769"), "IN");
    assert.equal(mdnsClass("IN"), "IN");
    assert.equal(mdnsClass("CH"), "CH");
    assert.equal(mdnsClass("CLASS32771"), "CH");
  });
});
