import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeQuery } from "../../../src/dns/wire/query.js";
import { DnsightError } from "../../../src/errors.js";
import { SkipCounter, type SourceItem } from "../../../src/passive/source.js";
import {
  decodeDnstap,
  isPassiveDnsResponse,
  type DnstapRecord,
} from "../../../src/passive/sources/dnstap/dnstap-message.js";
import { encodeDnstap } from "../../../src/passive/sources/dnstap/encode.js";
import { encodeControl, encodeData } from "../../../src/passive/sources/dnstap/frame-streams.js";
import { readDnstap } from "../../../src/passive/sources/dnstap/read.js";
import { readDnstapSource } from "../../../src/passive/sources/dnstap/source.js";

const CTX = { name: "t.dnstap", base: 100 };

// Hand-written protobuf: tag = field << 3 | wire type.
const varint = (v: number): number[] => {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  return [...out, v];
};
const vfield = (f: number, v: number): number[] => [...varint(f << 3), ...varint(v)];
const lfield = (f: number, b: ArrayLike<number>): number[] => [
  ...varint((f << 3) | 2),
  ...varint(b.length),
  ...Array.from(b),
];
const f32 = (f: number, v: number): number[] => [
  ...varint((f << 3) | 5),
  ...[v, v >>> 8, v >>> 16, v >>> 24].map((b) => b & 255),
];
const f64 = (f: number): number[] => [...varint((f << 3) | 1), 1, 2, 3, 4, 5, 6, 7, 8];
const dnstap = (message: number[], extra: number[] = []): Uint8Array =>
  Uint8Array.from([
    ...lfield(1, Buffer.from("ns1")),
    ...extra,
    ...lfield(14, message),
    ...vfield(15, 1),
  ]);

const fail = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DnsightError, String(e));
    assert.doesNotMatch(e.message, /\n/);
    return e.message;
  }
  return assert.fail("no error");
};

describe("dnstap protobuf decoder", () => {
  it("decodes every field of a hand-built message", () => {
    const zone = [7, ...Buffer.from("example"), 4, ...Buffer.from("test"), 0];
    const msg = [
      ...vfield(1, 4),
      ...vfield(2, 2),
      ...vfield(3, 2),
      ...lfield(4, [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]),
      ...lfield(5, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]),
      ...vfield(6, 40000),
      ...vfield(7, 53),
      ...vfield(8, 1700000000),
      ...f32(9, 123456789),
      ...lfield(10, [1, 2, 3]),
      ...lfield(11, zone),
      ...vfield(12, 1700000001),
      ...f32(13, 5),
      ...lfield(14, [4, 5]),
      ...lfield(15, [8, 1]), // policy: skipped
      ...vfield(16, 2),
    ];
    const r = decodeDnstap(dnstap(msg, [...lfield(2, Buffer.from("v1")), ...lfield(3, [9])]), CTX);
    assert.deepEqual(r, {
      identity: "ns1",
      version: "v1",
      extra: Uint8Array.from([9]),
      messageType: "RESOLVER_RESPONSE",
      socketFamily: "INET6",
      socketProtocol: "TCP",
      queryAddress: "2001:db8::1",
      responseAddress: "::ffff:192.0.2.1",
      queryPort: 40000,
      responsePort: 53,
      queryTime: 1700000000123.4568,
      queryMessage: Uint8Array.from([1, 2, 3]),
      queryZone: "example.test.",
      responseTime: 1700000001 * 1000 + 5 / 1e6,
      responseMessage: Uint8Array.from([4, 5]),
      httpProtocol: "HTTP2",
    });
  });

  it("skips unknown fields of every wire type, at both levels, and unknown optional enum values", () => {
    const unknown = [...vfield(99, 7), ...f64(100), ...lfield(101, [1, 2, 3]), ...f32(102, 1)];
    const msg = [...unknown, ...vfield(1, 6), ...vfield(2, 9), ...vfield(3, 42), ...unknown];
    assert.deepEqual(decodeDnstap(dnstap(msg, unknown), CTX), {
      identity: "ns1",
      messageType: "CLIENT_RESPONSE",
    });
  });

  it("round-trips through the encoder", () => {
    const rec: DnstapRecord = {
      identity: "resolver",
      version: "unbound 1.17",
      messageType: "AUTH_RESPONSE",
      socketFamily: "INET",
      socketProtocol: "UDP",
      queryAddress: "127.0.0.1",
      responseAddress: "127.0.0.2",
      queryPort: 5353,
      responsePort: 53,
      queryTime: 1717613389590.25,
      responseTime: 1717613389601.5,
      queryZone: "a\\.b.example.",
      responseMessage: new Uint8Array(encodeQuery(7, "www.example.", "A")),
    };
    assert.deepEqual(decodeDnstap(encodeDnstap(rec), CTX), rec);
  });

  it("a frame without a Message (Dnstap type other than MESSAGE) decodes to nothing", () => {
    assert.equal(decodeDnstap(Uint8Array.from(vfield(15, 2)), CTX), undefined);
  });

  it("fails with the input name and the absolute offset", () => {
    // A length-delimited field that claims more bytes than there are.
    const short = Uint8Array.from([...lfield(1, Buffer.from("ns1")), (14 << 3) | 2, 50, 8, 4]);
    assert.equal(
      fail(() => decodeDnstap(short, CTX)),
      "t.dnstap: field 14 of 50 bytes runs past the end (2 left) in Dnstap at byte 105",
    );
    // Inside the nested message, offsets count from the start of the input too.
    const nested = dnstap([...vfield(1, 4), (6 << 3) | 0, 0x80]);
    assert.equal(
      fail(() => decodeDnstap(nested, CTX)),
      "t.dnstap: truncated field 6 varint in dnstap Message at byte 111",
    );
    assert.match(
      fail(() =>
        decodeDnstap(Uint8Array.from([...vfield(15, 1), 0x08, ...Array(10).fill(0xff), 1]), CTX),
      ),
      /field 1 varint overflows 64 bits in Dnstap at byte 112$/,
    );
    assert.match(
      fail(() => decodeDnstap(dnstap([...vfield(1, 4), ...f32(6, 53)]), CTX)),
      /field 6 \(query_port\) is 32-bit, expected varint in dnstap Message at byte 109$/,
    );
    assert.match(
      fail(() => decodeDnstap(dnstap([...vfield(1, 15)]), CTX)),
      /unknown message type 15/,
    );
    assert.match(
      fail(() => decodeDnstap(dnstap([...vfield(2, 1)]), CTX)),
      /missing required field 1 \(type\)/,
    );
    assert.match(
      fail(() => decodeDnstap(Uint8Array.from([0x0b]), CTX)),
      /unsupported wire type 3 for field 1 in Dnstap at byte 100$/,
    );
    assert.match(
      fail(() =>
        decodeDnstap(
          dnstap([...vfield(1, 4), ...vfield(2, 1), ...lfield(4, [1, 2, 3, 4, 5])]),
          CTX,
        ),
      ),
      /query_address of 5 bytes for socket family INET in dnstap Message at byte 111$/,
    );
    assert.match(
      fail(() => decodeDnstap(dnstap([...vfield(1, 4), ...lfield(11, [3, 97, 98])]), CTX)),
      /bad query_zone: truncated label in query_zone at byte 0 in dnstap Message at byte 109$/,
    );
  });

  it("says which responses passive DNS uses", () => {
    const used = ["RESOLVER_RESPONSE", "AUTH_RESPONSE", "CLIENT_RESPONSE", "FORWARDER_RESPONSE"];
    for (const t of [
      "RESOLVER_QUERY",
      "STUB_RESPONSE",
      "TOOL_RESPONSE",
      "UPDATE_RESPONSE",
      ...used,
    ])
      assert.equal(
        isPassiveDnsResponse({ messageType: t as DnstapRecord["messageType"] }),
        used.includes(t),
        t,
      );
  });
});

describe("dnstap stream", () => {
  const response = new Uint8Array(encodeQuery(1, "www.example.", "A"));
  const records: DnstapRecord[] = [
    { messageType: "RESOLVER_QUERY", queryTime: 1000, queryZone: "example." },
    {
      messageType: "RESOLVER_RESPONSE",
      responseTime: 2500,
      queryZone: "example.",
      responseMessage: response,
    },
    { messageType: "AUTH_RESPONSE", queryTime: 3000, responseMessage: response },
  ];
  const file = (...payloads: Uint8Array[]): AsyncIterable<Uint8Array> =>
    (async function* () {
      yield encodeControl("START", ["protobuf:dnstap.Dnstap"]);
      for (const p of payloads) yield encodeData(p);
      yield encodeControl("STOP");
    })();

  it("decodes records in order", async () => {
    const out: DnstapRecord[] = [];
    for await (const r of readDnstap(file(...records.map(encodeDnstap)), { name: "f" }))
      out.push(r);
    assert.deepEqual(out, records);
  });

  it("a bad frame ends the read, or is counted and skipped when asked", async () => {
    const bad = Uint8Array.from([0x0b]);
    const input = (): AsyncIterable<Uint8Array> =>
      file(encodeDnstap(records[0]!), bad, encodeDnstap(records[1]!));
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const r of readDnstap(input(), { name: "f" })) seen.push(r.messageType);
    }, /^DnsightError: f: unsupported wire type 3 for field 1 in Dnstap at byte 74$/);
    assert.deepEqual(seen, ["RESOLVER_QUERY"]);
    const skipped = new SkipCounter();
    const all: string[] = [];
    for await (const r of readDnstap(input(), { name: "f", skipped })) all.push(r.messageType);
    assert.deepEqual(all, ["RESOLVER_QUERY", "RESOLVER_RESPONSE"]);
    assert.equal(skipped.total, 1);
  });

  it("as an ingest Source: responses only, query_zone as bailiwick, offsets to resume at", async () => {
    const items: SourceItem[] = [];
    for await (const i of readDnstapSource(file(...records.map(encodeDnstap)), { name: "f" }))
      items.push(i);
    assert.deepEqual(
      items.map((i) => (i.kind === "message" ? [i.time, i.bailiwick, i.authoritative] : [])),
      [
        [2.5, "example.", undefined],
        [3, undefined, true],
      ],
    );
    assert.ok(items.every((i) => i.kind === "message" && Buffer.from(i.message).equals(response)));
    assert.ok(items[0]!.position.offset < items[1]!.position.offset);
  });
});
