// The pcap source end to end on hand-built captures: both container formats and their
// variants, every link layer, VLAN tags, IPv4 options and fragments, IPv6 extension headers
// and fragments, TCP reassembly, and the errors a broken file gives.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { decodeMessage, encodeMessage } from "../../../src/dns/wire/message.js";
import { isDnsightError } from "../../../src/errors.js";
import { SkipCounter } from "../../../src/passive/source.js";
import {
  readPcapDnsMessages,
  type PcapDnsMessage,
  type PcapOptions,
} from "../../../src/passive/sources/pcap/index.js";

// ---- DNS messages -----------------------------------------------------------------------
const query = (id: number, name = "example.com."): Buffer =>
  encodeMessage({ id, flags: { rd: true }, questions: [{ name, type: "A", class: "IN" }] });
const answer = (id: number, name: string, count: number): Buffer =>
  encodeMessage({
    id,
    flags: { qr: true, aa: true },
    questions: [{ name, type: "TXT", class: "IN" }],
    answers: Array.from({ length: count }, (_, i) => ({
      name,
      type: "TXT",
      class: "IN",
      ttl: 300,
      data: `"record ${i} ${"x".repeat(80)}"`,
    })),
  });

// ---- transport and IP -------------------------------------------------------------------
function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;
function tcp(
  sport: number,
  dport: number,
  seq: number,
  flags: number,
  payload: Buffer = Buffer.alloc(0),
) {
  const h = Buffer.alloc(24); // 20 bytes and one 4-byte option (NOPs), to exercise data offset
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h[12] = 6 << 4;
  h[13] = flags | ACK;
  h.fill(1, 20);
  return Buffer.concat([h, payload]);
}
const framed = (...msgs: Buffer[]): Buffer =>
  Buffer.concat(msgs.flatMap((m) => [Buffer.from([m.length >> 8, m.length & 0xff]), m]));

const V4A = [192, 0, 2, 1];
const V4B = [198, 51, 100, 53];
function ipv4(
  proto: number,
  payload: Buffer,
  o: {
    src?: number[];
    dst?: number[];
    id?: number;
    offset?: number;
    more?: boolean;
    options?: number;
  } = {},
): Buffer {
  const ihl = 20 + 4 * (o.options ?? 0);
  const h = Buffer.alloc(ihl, 1); // options: NOPs
  h[0] = 0x40 | (ihl / 4);
  h[1] = 0;
  h.writeUInt16BE(ihl + payload.length, 2);
  h.writeUInt16BE(o.id ?? 7, 4);
  h.writeUInt16BE((o.more ? 0x2000 : 0) | ((o.offset ?? 0) / 8), 6);
  h[8] = 64;
  h[9] = proto;
  h.writeUInt16BE(0, 10);
  Buffer.from(o.src ?? V4A).copy(h, 12);
  Buffer.from(o.dst ?? V4B).copy(h, 16);
  return Buffer.concat([h, payload]);
}

function v6(text: string): Buffer {
  const [head = "", tail] = text.split("::");
  const parts = (s: string): number[] => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const a = parts(head);
  const b = tail === undefined ? [] : parts(tail);
  const groups = [...a, ...Array<number>(8 - a.length - b.length).fill(0), ...b];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  return out;
}
const V6A = "2001:db8::1";
const V6B = "2001:db8:0:1::53";
function ipv6(next: number, payload: Buffer, src = V6A, dst = V6B): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[7] = 64;
  v6(src).copy(h, 8);
  v6(dst).copy(h, 24);
  return Buffer.concat([h, payload]);
}
/** An 8-byte hop-by-hop or destination-options header (PadN filling it). */
const ext8 = (next: number, payload: Buffer): Buffer =>
  Buffer.concat([Buffer.from([next, 0, 1, 4, 0, 0, 0, 0]), payload]);
function frag6(next: number, offset: number, more: boolean, id: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = next;
  h.writeUInt16BE(offset | (more ? 1 : 0), 2);
  h.writeUInt32BE(id, 4);
  return Buffer.concat([h, payload]);
}

// ---- link layers ------------------------------------------------------------------------
const MAC = Buffer.from("020000000001020000000002", "hex");
/** An Ethernet frame; each VLAN tag's TPID sits where the ethertype would, the real type last. */
function ether(type: number, payload: Buffer, vlans: number[] = []): Buffer {
  const types = [...vlans, type];
  const tags = vlans.map((_, i) => Buffer.concat([u16(10 + i), u16(types[i + 1] as number)]));
  return Buffer.concat([MAC, u16(types[0] as number), ...tags, payload]);
}
const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
function sll(proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // sent to us
  h.writeUInt16BE(1, 2); // ARPHRD_ETHER
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(proto, 14);
  return Buffer.concat([h, payload]);
}
function sll2(proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(proto, 0);
  h.writeUInt32BE(2, 4); // interface index
  h.writeUInt16BE(1, 8);
  h[11] = 6;
  return Buffer.concat([h, payload]);
}
function nullLink(family: number, payload: Buffer, little: boolean): Buffer {
  const h = Buffer.alloc(4);
  if (little) h.writeUInt32LE(family);
  else h.writeUInt32BE(family);
  return Buffer.concat([h, payload]);
}

// ---- containers -------------------------------------------------------------------------
interface Rec {
  data: Buffer;
  /** Epoch ms; default 1_700_000_000_000 + index. */
  time?: number;
}
const T0 = 1_700_000_000_000;
function pcap(linkType: number, recs: Rec[], o: { little?: boolean; nano?: boolean } = {}) {
  const little = o.little ?? true;
  const w32 = (b: Buffer, v: number, at: number) =>
    little ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
  const w16 = (b: Buffer, v: number, at: number) =>
    little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at);
  const h = Buffer.alloc(24);
  w32(h, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, 262144, 16);
  w32(h, linkType, 20);
  const parts: Buffer[] = [h];
  recs.forEach((r, i) => {
    const t = r.time ?? T0 + i;
    const rh = Buffer.alloc(16);
    w32(rh, Math.floor(t / 1000), 0);
    w32(rh, Math.round((t % 1000) * (o.nano ? 1e6 : 1e3)), 4);
    w32(rh, r.data.length, 8);
    w32(rh, r.data.length, 12);
    parts.push(rh, r.data);
  });
  return Buffer.concat(parts);
}

class Ng {
  private readonly parts: Buffer[] = [];
  private little = true;
  private w32 = (b: Buffer, v: number, at: number) =>
    this.little ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
  private w16 = (b: Buffer, v: number, at: number) =>
    this.little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at);
  block(type: number, body: Buffer): this {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const h = Buffer.alloc(8);
    const t = Buffer.alloc(4);
    this.w32(h, type, 0);
    this.w32(h, padded.length + 12, 4);
    this.w32(t, padded.length + 12, 0);
    this.parts.push(h, padded, t);
    return this;
  }
  shb(little: boolean): this {
    this.little = little;
    const b = Buffer.alloc(16, 0xff); // section length -1: unknown
    this.w32(b, 0x1a2b3c4d, 0);
    this.w16(b, 1, 4);
    this.w16(b, 0, 6);
    return this.block(0x0a0d0d0a, b);
  }
  idb(linkType: number, tsresol?: number): this {
    const b = Buffer.alloc(8);
    this.w16(b, linkType, 0);
    this.w32(b, 65535, 4);
    const opts: Buffer[] = [];
    if (tsresol !== undefined) {
      const o = Buffer.alloc(8);
      this.w16(o, 9, 0);
      this.w16(o, 1, 2);
      o[4] = tsresol;
      opts.push(o, Buffer.alloc(4)); // then opt_endofopt
    }
    return this.block(1, Buffer.concat([b, ...opts]));
  }
  epb(iface: number, ticks: bigint, data: Buffer): this {
    const b = Buffer.alloc(20);
    this.w32(b, iface, 0);
    this.w32(b, Number(ticks >> 32n), 4);
    this.w32(b, Number(ticks & 0xffffffffn), 8);
    this.w32(b, data.length, 12);
    this.w32(b, data.length, 16);
    return this.block(6, Buffer.concat([b, data]));
  }
  spb(data: Buffer): this {
    const b = Buffer.alloc(4);
    this.w32(b, data.length, 0);
    return this.block(3, Buffer.concat([b, data]));
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

// ---- reading ----------------------------------------------------------------------------
async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Buffer, o: PcapOptions = {}, chunk = 13) {
  const skipped = new SkipCounter();
  const it = readPcapDnsMessages(chunks(bytes, chunk), { name: "cap.pcap", skipped, ...o });
  const messages: PcapDnsMessage[] = [];
  let error: unknown;
  try {
    for await (const m of it) messages.push(m);
  } catch (e) {
    error = e;
  }
  return { messages, counters: { ...it.counters }, skipped, error };
}

const ids = (ms: PcapDnsMessage[]): number[] =>
  ms.map((m) => decodeMessage(Buffer.from(m.message)).id);

const udpV4 = (msg: Buffer, sport = 40000, dport = 53) => ipv4(17, udp(sport, dport, msg));

describe("pcap containers", () => {
  const frames = [
    ether(0x0800, udpV4(query(1))),
    ether(0x0800, udpV4(answer(1, "a.test.", 2), 53, 40000)),
  ];

  for (const little of [true, false]) {
    for (const nano of [false, true]) {
      it(`pcap, ${little ? "little" : "big"}-endian, ${nano ? "nano" : "micro"}seconds`, async () => {
        const t = T0 + 123.456;
        const { messages, counters, error } = await read(
          pcap(
            1,
            frames.map((data) => ({ data, time: t })),
            { little, nano },
          ),
        );
        assert.equal(error, undefined);
        assert.deepEqual(ids(messages), [1, 1]);
        assert.equal(messages[0]?.time, t);
        assert.deepEqual(counters, { packets: 2, skipped: 0, messages: 2 });
        const [q, a] = messages;
        assert.deepEqual(
          {
            src: q?.src,
            dst: q?.dst,
            srcPort: q?.srcPort,
            dstPort: q?.dstPort,
            transport: q?.transport,
          },
          { src: "192.0.2.1", dst: "198.51.100.53", srcPort: 40000, dstPort: 53, transport: "udp" },
        );
        assert.deepEqual(Buffer.from(q?.message ?? []), query(1));
        assert.equal(decodeMessage(Buffer.from(a?.message ?? [])).answers.length, 2);
      });
    }
  }

  it("pcapng: both byte orders, if_tsresol, EPB, SPB, unknown blocks, a second section", async () => {
    const ng = new Ng()
      .shb(true)
      .block(0x00000bad, Buffer.from("custom block, skipped"))
      .idb(1) // microseconds
      .idb(101, 9) // raw IP, nanoseconds
      .epb(0, 1_700_000_000_123_456n, frames[0] as Buffer)
      .epb(1, 1_700_000_001_000_500_000n, udpV4(query(2)))
      .block(5, Buffer.alloc(16)) // interface statistics, skipped
      .spb(frames[1] as Buffer) // the first interface; no timestamp of its own
      .shb(false) // a new section forgets the interfaces and switches byte order
      .idb(113, 0x80 | 10) // SLL, 2^-10 s
      .epb(0, 1_700_000_002n * 1024n + 512n, sll(0x0800, udpV4(query(3))));
    const { messages, error, counters } = await read(ng.bytes(), {}, 5);
    assert.equal(error, undefined);
    assert.deepEqual(ids(messages), [1, 2, 1, 3]);
    assert.deepEqual(
      messages.map((m) => m.time),
      [1_700_000_000_123.456, 1_700_000_001_000.5, 1_700_000_001_000.5, 1_700_000_002_500],
    );
    assert.equal(counters.packets, 4);
  });

  it("reads a Node Readable (stdin) the same as an async iterable", async () => {
    const bytes = pcap(
      1,
      frames.map((data) => ({ data })),
    );
    const got: number[] = [];
    for await (const m of readPcapDnsMessages(Readable.from([bytes])))
      got.push(decodeMessage(Buffer.from(m.message)).id);
    assert.deepEqual(got, [1, 1]);
  });

  // Issue 10 §5: a cut capture used to be refused whole, with nothing stored.
  it("a capture cut inside its last record gives every whole record and counts the cut", async () => {
    const whole = pcap(
      1,
      frames.map((data) => ({ data })),
    );
    const second = 24 + 16 + (frames[0] as Buffer).length;
    const caplen = (frames[1] as Buffer).length;
    for (const [at, what] of [
      [whole.length - 10, `${caplen - 10} of a ${caplen}-byte record`],
      [second + 5, "5 of a 16-byte record header"],
    ] as const) {
      const r = await read(whole.subarray(0, at));
      assert.equal(r.error, undefined);
      assert.deepEqual(ids(r.messages), [1]);
      assert.deepEqual(r.counters, { packets: 1, skipped: 1, messages: 1 });
      assert.deepEqual([...r.skipped.damage], ["capture ends inside a record"]);
      assert.deepEqual(r.skipped.examples, [
        `cap.pcap: byte ${second} (${what}): capture ends inside a record`,
      ]);
    }
  });

  it("a pcapng cut inside a packet block or an unknown block gives the packets before", async () => {
    const head = (): Ng =>
      new Ng()
        .shb(true)
        .idb(1)
        .epb(0, 0n, frames[0] as Buffer);
    const unknownAt = head().bytes().length;
    const ng = head()
      .block(0x0bad, Buffer.alloc(64))
      .epb(0, 1n, frames[1] as Buffer)
      .bytes();
    for (const at of [ng.length - 3, unknownAt + 40, unknownAt + 7]) {
      const r = await read(ng.subarray(0, at), {}, 7);
      assert.equal(r.error, undefined, `cut at ${at}`);
      assert.deepEqual(ids(r.messages), [1], `cut at ${at}`);
      assert.equal(r.skipped.reasons.get("capture ends inside a record"), 1, `cut at ${at}`);
    }
  });

  it("bad magic, empty input, a broken pcapng block are errors", async () => {
    const magic = await read(Buffer.from("GIF89a-not-a-capture-at-all"));
    assert.match(String(magic.error), /cap\.pcap: not a pcap or pcapng file .* at byte 0$/);
    const empty = await read(Buffer.alloc(0));
    assert.match(String(empty.error), /cap\.pcap: empty input, not a capture at byte 0$/);
    const ng = new Ng()
      .shb(true)
      .idb(1)
      .epb(0, 0n, frames[0] as Buffer)
      .bytes();
    ng.writeUInt32LE(0xdead, ng.length - 4); // trailing length no longer matches
    const bad = await read(ng);
    assert.match(String(bad.error), /trailing length .* at byte 48$/);
    const undeclared = await read(
      new Ng()
        .shb(true)
        .epb(0, 0n, frames[0] as Buffer)
        .bytes(),
    );
    assert.match(String(undeclared.error), /undeclared pcapng interface 0 at byte 28$/);
  });
});

describe("pcap link layers", () => {
  const msg4 = udpV4(query(4));
  const msg6 = ipv6(17, udp(40000, 53, query(6)));
  const cases: [string, number, Buffer, string][] = [
    ["Ethernet IPv6", 1, ether(0x86dd, msg6), "2001:db8::1"],
    ["802.1Q", 1, ether(0x0800, msg4, [0x8100]), "192.0.2.1"],
    ["802.1ad + 802.1Q stacked", 1, ether(0x86dd, msg6, [0x88a8, 0x8100]), "2001:db8::1"],
    ["Linux cooked (SLL)", 113, sll(0x86dd, msg6), "2001:db8::1"],
    ["Linux cooked v2 (SLL2)", 276, sll2(0x0800, msg4), "192.0.2.1"],
    [
      "SLL2 with a VLAN tag",
      276,
      sll2(0x8100, Buffer.concat([u16(5), u16(0x0800), msg4])),
      "192.0.2.1",
    ],
    ["raw IP (101) v4", 101, msg4, "192.0.2.1"],
    ["raw IP (101) v6", 101, msg6, "2001:db8::1"],
    ["raw IP (12)", 12, msg4, "192.0.2.1"],
    ["raw IP (14)", 14, msg6, "2001:db8::1"],
    ["IPv4 (228)", 228, msg4, "192.0.2.1"],
    ["NULL little-endian AF_INET", 0, nullLink(2, msg4, true), "192.0.2.1"],
    ["NULL big-endian AF_INET6 (BSD 24)", 0, nullLink(24, msg6, false), "2001:db8::1"],
    ["NULL AF_INET6 (macOS 30)", 0, nullLink(30, msg6, true), "2001:db8::1"],
    ["LOOP (108)", 108, nullLink(2, msg4, false), "192.0.2.1"],
  ];
  for (const [title, linkType, data, src] of cases) {
    it(title, async () => {
      const { messages, counters } = await read(pcap(linkType, [{ data }]));
      assert.equal(messages.length, 1, JSON.stringify(counters));
      assert.equal(messages[0]?.src, src);
    });
  }

  it("ignores non-IP frames and other ports; honours a port list", async () => {
    const arp = ether(0x0806, Buffer.alloc(28));
    const other = ether(0x0800, udpV4(query(9), 40000, 5300));
    const mdns = ether(0x0800, udpV4(query(10), 5353, 5353));
    const recs = [arp, other, mdns].map((data) => ({ data }));
    assert.deepEqual(ids((await read(pcap(1, recs))).messages), [10]);
    assert.deepEqual(ids((await read(pcap(1, recs), { ports: [5300] })).messages), [9]);
  });

  it("an unsupported link type or a broken packet is skipped and counted, not fatal", async () => {
    const recs = [
      { data: ether(0x0800, udpV4(query(1)).subarray(0, 30)) }, // cut inside UDP
      { data: ether(0x0800, Buffer.from([0x45, 0])) }, // cut inside the IP header
      { data: ether(0x0800, udpV4(query(2))) },
    ];
    const r = await read(pcap(1, recs));
    assert.deepEqual(ids(r.messages), [2]);
    assert.deepEqual(r.counters, { packets: 3, skipped: 2, messages: 1 });
    assert.deepEqual([...r.skipped.reasons.keys()].sort(), [
      "truncated IPv4 header",
      "truncated IPv4 packet",
    ]);
    assert.match(r.skipped.examples[0] ?? "", /^cap\.pcap: byte 24: /);
    const odd = await read(pcap(147, [{ data: udpV4(query(1)) }]));
    assert.deepEqual(odd.counters, { packets: 1, skipped: 1, messages: 0 });
    assert.deepEqual([...odd.skipped.reasons.keys()], ["unsupported link type 147"]);
  });
});

describe("pcap IP layer", () => {
  it("IPv4 with options, and Ethernet padding past the IP length", async () => {
    const small = ipv4(17, udp(40000, 53, query(5)), { options: 2 });
    const padded = Buffer.concat([ether(0x0800, small), Buffer.alloc(20)]);
    const { messages } = await read(pcap(1, [{ data: padded }]));
    assert.deepEqual(Buffer.from(messages[0]?.message ?? []), query(5));
  });

  it("IPv4 fragments, out of order, reassembled; an incomplete datagram yields nothing", async () => {
    const big = answer(77, "frag.test.", 30); // ~2.9 KB
    const dgram = udp(53, 40000, big);
    const cut = [0, 1480, 2960].map((o) => dgram.subarray(o, o + 1480));
    const frag = (i: number, id = 9) =>
      ether(
        0x0800,
        ipv4(17, cut[i] as Buffer, { id, offset: i * 1480, more: i < cut.length - 1, options: 1 }),
      );
    const recs = [frag(2), frag(0), frag(0, 10), frag(1)].map((data) => ({ data }));
    const { messages, counters } = await read(pcap(1, recs));
    assert.equal(messages.length, 1);
    assert.deepEqual(Buffer.from(messages[0]?.message ?? []), big);
    assert.equal(messages[0]?.time, T0 + 3); // completed by the last fragment
    assert.deepEqual(counters, { packets: 4, skipped: 0, messages: 1 });
  });

  it("a fragmented datagram still incomplete after the timeout is dropped and counted", async () => {
    const dgram = udp(53, 40000, answer(1, "x.test.", 10));
    const head = ether(0x0800, ipv4(17, dgram.subarray(0, 600), { id: 3, more: true }));
    const tail = ether(0x0800, ipv4(17, dgram.subarray(600), { id: 3, offset: 600 }));
    const later = ether(0x0800, udpV4(query(2)));
    const recs = [
      { data: head, time: T0 },
      { data: later, time: T0 + 31_000 }, // expires the pending datagram
      { data: tail, time: T0 + 31_001 }, // starts a new one that never completes
    ];
    const r = await read(pcap(1, recs));
    assert.deepEqual(ids(r.messages), [2]);
    assert.equal(r.skipped.reasons.get("fragment reassembly timed out"), 1);
  });

  it("IPv6 extension headers and fragment-header reassembly, fragments reversed", async () => {
    const big = answer(66, "frag6.test.", 20);
    const dgram = udp(53, 40000, big);
    const half = 1232;
    const f0 = ipv6(0, ext8(44, frag6(17, 0, true, 0xabcdef, dgram.subarray(0, half))), V6B, V6A);
    const f1 = ipv6(0, ext8(44, frag6(17, half, false, 0xabcdef, dgram.subarray(half))), V6B, V6A);
    const plain = ipv6(60, ext8(17, udp(40000, 53, query(65))));
    const atomic = ipv6(44, frag6(17, 0, false, 1, udp(40000, 53, query(64))));
    const recs = [f1, plain, f0, atomic].map((d) => ({ data: ether(0x86dd, d) }));
    const { messages, counters } = await read(pcap(1, recs));
    assert.deepEqual(ids(messages), [65, 66, 64]);
    assert.equal(messages[1]?.src, "2001:db8:0:1::53");
    assert.deepEqual(Buffer.from(messages[1]?.message ?? []), big);
    assert.deepEqual(counters, { packets: 4, skipped: 0, messages: 3 });
  });
});

describe("pcap TCP", () => {
  const c = 40001;
  const seg = (flags: number, seq: number, payload?: Buffer, toServer = true) =>
    ether(
      0x0800,
      ipv4(
        6,
        toServer ? tcp(c, 53, seq, flags, payload) : tcp(53, c, seq, flags, payload),
        toServer ? {} : { src: V4B, dst: V4A },
      ),
    );

  it("reassembles across segments: split length prefix, out of order, retransmitted, several per segment", async () => {
    const q1 = query(101, "one.test.");
    const q2 = query(102, "two.test.");
    const q3 = query(103, "three.test.");
    const stream = framed(q1, q2, q3);
    const isn = 0xfffffff0; // the stream crosses the 32-bit sequence wrap
    const at = (i: number) => (isn + 1 + i) >>> 0;
    const a = stream.subarray(0, 1); // half of the first length prefix
    const b = stream.subarray(1, 20);
    const rest = stream.subarray(20); // the rest of q1, all of q2 and q3
    const r1 = answer(101, "one.test.", 3);
    const recs = [
      seg(SYN, isn),
      seg(SYN, 5000, undefined, false),
      seg(0, at(0), a),
      seg(0, at(20), rest), // arrives before the gap is filled
      seg(0, at(0), a), // retransmission
      seg(0, at(1), b), // fills the gap
      seg(0, at(1), stream.subarray(1, 30)), // overlapping retransmission
      seg(0, 5001, framed(r1), false),
      seg(FIN, at(stream.length)),
    ].map((data) => ({ data }));
    const { messages, counters } = await read(pcap(1, recs));
    assert.deepEqual(ids(messages), [101, 102, 103, 101]);
    assert.deepEqual(
      messages.map((m) => m.transport),
      ["tcp", "tcp", "tcp", "tcp"],
    );
    assert.equal(messages[0]?.time, T0 + 5);
    assert.deepEqual(Buffer.from(messages[2]?.message ?? []), q3);
    assert.equal(messages[3]?.srcPort, 53);
    assert.deepEqual(counters, { packets: 9, skipped: 0, messages: 4 });
  });

  it("data on the SYN (TCP Fast Open), a capture starting mid-flow, a reset flow", async () => {
    const q = query(201);
    const recs = [
      seg(SYN, 100, framed(q)),
      seg(SYN, 100, framed(q)), // the SYN retransmitted: not a new connection
      seg(0, 9000, framed(query(202)), false), // no SYN seen for this direction
      seg(0, 9000 + 2 + query(202).length, framed(query(203)).subarray(0, 5), false),
      seg(RST, 9000, undefined, false), // the partial message dies with the flow
      seg(0, 9000 + 2 + query(202).length + 5, framed(query(203)).subarray(5), false),
    ].map((data) => ({ data }));
    const { messages, skipped } = await read(pcap(1, recs));
    // After the RST the tail of 203 starts a new flow mid-message; its bogus length waits forever.
    assert.deepEqual(ids(messages), [201, 202]);
    assert.equal(skipped.reasons.get("TCP flow ended inside a message"), 1);
  });

  it("bounded: a gap that never fills gives the flow up once its waiting bytes pass the limit", async () => {
    const q = framed(query(301));
    const recs = [
      seg(SYN, 0),
      ...Array.from({ length: 5 }, (_, i) => seg(0, 1000 + i * q.length, q)),
    ];
    const r = await read(
      pcap(
        1,
        recs.map((data) => ({ data })),
      ),
      { tcp: { maxFlowBytes: 3 * q.length } },
    );
    assert.equal(r.messages.length, 0);
    assert.equal(r.skipped.reasons.get("TCP gap never filled"), 1);
  });
});

describe("pcap bounds and the input", () => {
  it("fragment buffers are bounded in datagrams and in bytes; the oldest is given up", async () => {
    const dgram = udp(53, 40000, answer(1, "x.test.", 10));
    const head = (id: number) =>
      ether(0x0800, ipv4(17, dgram.subarray(0, 600), { id, more: true }));
    const tail = (id: number) => ether(0x0800, ipv4(17, dgram.subarray(600), { id, offset: 600 }));
    const recs = [head(1), head(2), head(3), tail(1), tail(3)].map((data) => ({ data }));
    const byCount = await read(pcap(1, recs), { fragments: { maxDatagrams: 2 } });
    // 3 evicts 1; the tail of 1 then starts afresh and evicts 2; 3 completes.
    assert.deepEqual(ids(byCount.messages), [1]);
    assert.equal(byCount.skipped.reasons.get("fragment buffer full"), 2);
    // Room for two heads and one tail, not for three heads nor two heads and a tail: the
    // same evictions as above.
    const maxBytes = 600 + dgram.length - 1;
    const byBytes = await read(pcap(1, recs), { fragments: { maxBytes } });
    assert.deepEqual(ids(byBytes.messages), [1]);
    assert.equal(byBytes.skipped.reasons.get("fragment buffer full"), 2);
  });

  it("TCP reassembly memory is bounded across flows; the least recently used flow goes", async () => {
    const half = framed(answer(1, "x.test.", 10)).subarray(0, 700);
    const seg = (port: number) => ether(0x0800, ipv4(6, tcp(port, 53, 1, 0, half)));
    const recs = [seg(1001), seg(1002), seg(1003)].map((data) => ({ data }));
    const r = await read(pcap(1, recs), { tcp: { maxBytes: 1500 } });
    assert.equal(r.skipped.reasons.get("TCP reassembly memory full"), 1);
  });

  it("reads byte by byte the same as in one piece, and stops its input when the consumer does", async () => {
    const frames = [1, 2, 3].map((id) => ({ data: ether(0x0800, udpV4(query(id))) }));
    const bytes = pcap(1, frames);
    assert.deepEqual(ids((await read(bytes, {}, 1)).messages), [1, 2, 3]);
    let closed = false;
    async function* input(): AsyncGenerator<Uint8Array> {
      try {
        yield bytes;
        yield bytes.subarray(24); // more records after, never reached
      } finally {
        closed = true;
      }
    }
    for await (const m of readPcapDnsMessages(input())) {
      assert.equal(decodeMessage(Buffer.from(m.message)).id, 1);
      break;
    }
    assert.ok(closed);
  });

  it("a failing input is an INPUT error naming the file and how far it got", async () => {
    const bytes = pcap(1, [{ data: ether(0x0800, udpV4(query(1))) }]);
    async function* input(): AsyncGenerator<Uint8Array> {
      yield bytes;
      throw new Error("EIO: i/o error, read");
    }
    const got: number[] = [];
    await assert.rejects(
      async () => {
        for await (const m of readPcapDnsMessages(input(), { name: "/mnt/cap.pcap" }))
          got.push(decodeMessage(Buffer.from(m.message)).id);
      },
      (e: unknown) =>
        isDnsightError(e) &&
        e.code === "INPUT" &&
        e.message === `/mnt/cap.pcap: EIO: i/o error, read at byte ${bytes.length}`,
    );
    assert.deepEqual(got, [1]);
  });
});
