import { chance, int, pick, type Rng } from "../rng.js";

// Packet captures built byte by byte for the fuzzer: Ethernet, IPv4/IPv6, UDP and TCP
// (with IP fragments and TCP segments cut and shuffled), in pcap (either byte order,
// micro- or nanoseconds) or pcapng (either byte order, EPB/SPB/PB, options).

export interface Packet {
  /** Link-layer frame (Ethernet). */
  frame: Buffer;
  time: number;
}

const ipv4Sum = (h: Buffer): number => {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += h.readUInt16BE(i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
};

function ether(v6: boolean, payload: Buffer, vlan = false): Buffer {
  const h = Buffer.alloc(vlan ? 18 : 14);
  h.fill(0x02, 0, 12);
  if (vlan) {
    h.writeUInt16BE(0x8100, 12);
    h.writeUInt16BE(7, 14);
  }
  h.writeUInt16BE(v6 ? 0x86dd : 0x0800, vlan ? 16 : 12);
  return Buffer.concat([h, payload]);
}

function ipv4(
  proto: number,
  payload: Buffer,
  frag?: { offset8: number; more: boolean; id: number },
): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(frag?.id ?? 1, 4);
  h.writeUInt16BE((frag?.more ? 0x2000 : 0) | (frag?.offset8 ?? 0), 6);
  h[8] = 64;
  h[9] = proto;
  h.set([10, 0, 0, 1], 12);
  h.set([10, 0, 0, 2], 16);
  h.writeUInt16BE(ipv4Sum(h), 10);
  return Buffer.concat([h, payload]);
}

function ipv6(
  proto: number,
  payload: Buffer,
  frag?: { offset8: number; more: boolean; id: number },
): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length + (frag ? 8 : 0), 4);
  h[6] = frag ? 44 : proto;
  h[7] = 64;
  h[23] = 1;
  h[39] = 2;
  if (!frag) return Buffer.concat([h, payload]);
  const f = Buffer.alloc(8);
  f[0] = proto;
  f.writeUInt16BE((frag.offset8 << 3) | (frag.more ? 1 : 0), 2);
  f.writeUInt32BE(frag.id, 4);
  return Buffer.concat([h, f, payload]);
}

const udp = (sport: number, dport: number, dns: Buffer): Buffer => {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + dns.length, 4);
  return Buffer.concat([h, dns]);
};

const tcp = (sport: number, dport: number, seq: number, flags: number, data: Buffer): Buffer => {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, data]);
};

/** DNS messages as the packets a sensor would capture: UDP, fragmented UDP, or TCP segments. */
export function packetsFor(messages: readonly Buffer[], r: Rng): Packet[] {
  const out: Packet[] = [];
  let time = 1_700_000_000_000 + int(r, 0, 1e9);
  const v6 = chance(r, 0.3);
  const vlan = chance(r, 0.1);
  const ip = (proto: number, p: Buffer, frag?: { offset8: number; more: boolean; id: number }) =>
    ether(v6, v6 ? ipv6(proto, p, frag) : ipv4(proto, p, frag), vlan);
  const mode = int(r, 0, 2);
  if (mode === 0) {
    for (const m of messages)
      out.push({ frame: ip(17, udp(53, int(r, 1024, 65535), m)), time: (time += int(r, 0, 1000)) });
  } else if (mode === 1) {
    // UDP datagrams cut into IP fragments, sometimes out of order or overlapping
    for (const m of messages) {
      const dgram = udp(53, 5353, m);
      const id = int(r, 1, 65535);
      const step = 8 * int(r, 1, Math.max(1, Math.ceil(dgram.length / 8 / 2)));
      const frags: Packet[] = [];
      for (let at = 0; at < dgram.length; at += step) {
        const back = chance(r, 0.1) && at >= 8 ? 8 : 0;
        frags.push({
          frame: ip(17, dgram.subarray(at - back, at + step), {
            offset8: (at - back) / 8,
            more: at + step < dgram.length,
            id,
          }),
          time: (time += int(r, 0, 10)),
        });
      }
      if (chance(r, 0.3)) frags.reverse();
      out.push(...frags);
    }
  } else {
    // DNS over TCP (RFC 1035 §4.2.2): two-byte lengths, the stream cut into segments
    const stream = Buffer.concat(
      messages.map((m) => Buffer.concat([Uint8Array.of(m.length >> 8, m.length & 0xff), m])),
    );
    const isn = int(r, 0, 0xffffffff);
    const sport = int(r, 1024, 65535);
    out.push({ frame: ip(6, tcp(53, sport, isn, 0x12, Buffer.alloc(0))), time: (time += 1) });
    const segs: Packet[] = [];
    for (let at = 0; at < stream.length;) {
      const n = int(r, 1, 600);
      segs.push({
        frame: ip(6, tcp(53, sport, isn + 1 + at, 0x18, stream.subarray(at, at + n))),
        time: (time += 1),
      });
      at += n;
    }
    if (chance(r, 0.2) && segs.length > 1) [segs[0], segs[1]] = [segs[1]!, segs[0]!];
    if (chance(r, 0.1)) segs.push(pick(r, segs));
    out.push(...segs);
    if (chance(r, 0.7))
      out.push({
        frame: ip(6, tcp(53, sport, isn + 1 + stream.length, 0x11, Buffer.alloc(0))),
        time: (time += 1),
      });
  }
  return out;
}

/** A classic pcap file: either byte order, micro- or nanosecond stamps, Ethernet. */
export function pcapFile(packets: readonly Packet[], r: Rng, linkType = 1): Buffer {
  const le = chance(r, 0.7);
  const nano = chance(r, 0.2);
  const u32 = (b: Buffer, v: number, at: number) =>
    le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
  const h = Buffer.alloc(24);
  u32(h, nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  (le ? h.writeUInt16LE.bind(h) : h.writeUInt16BE.bind(h))(2, 4);
  (le ? h.writeUInt16LE.bind(h) : h.writeUInt16BE.bind(h))(4, 6);
  u32(h, 65535, 16);
  u32(h, linkType, 20);
  const parts: Buffer[] = [h];
  for (const p of packets) {
    const rh = Buffer.alloc(16);
    const sec = Math.floor(p.time / 1000);
    u32(rh, sec, 0);
    u32(rh, Math.round((p.time - sec * 1000) * (nano ? 1e6 : 1e3)), 4);
    u32(rh, p.frame.length, 8);
    u32(rh, p.frame.length, 12);
    parts.push(rh, p.frame);
  }
  return Buffer.concat(parts);
}

/** The same packets as pcapng: SHB, IDB (tsresol now and then), then EPB, SPB or PB. */
export function pcapngFile(packets: readonly Packet[], r: Rng, linkType = 1): Buffer {
  const le = chance(r, 0.7);
  const u32 = (b: Buffer, v: number, at: number) =>
    le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
  const u16 = (b: Buffer, v: number, at: number) =>
    le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at);
  const block = (type: number, body: Buffer): Buffer => {
    const pad = (4 - (body.length % 4)) % 4;
    const b = Buffer.alloc(12 + body.length + pad);
    u32(b, type, 0);
    u32(b, b.length, 4);
    body.copy(b, 8);
    u32(b, b.length, b.length - 4);
    return b;
  };
  const shb = Buffer.alloc(16);
  u32(shb, 0x1a2b3c4d, 0);
  u16(shb, 1, 4);
  shb.fill(0xff, 8, 16);
  const nano = chance(r, 0.3);
  const idb = Buffer.alloc(nano ? 20 : 8);
  u16(idb, linkType, 0);
  u32(idb, 65535, 4);
  if (nano) {
    u16(idb, 9, 8);
    u16(idb, 1, 10);
    idb[12] = 9;
  }
  const parts: Buffer[] = [block(0x0a0d0d0a, shb), block(1, idb)];
  for (const p of packets) {
    const kind = chance(r, 0.8) ? 6 : pick(r, [3, 2]);
    if (kind === 3) {
      const b = Buffer.alloc(4 + p.frame.length);
      u32(b, p.frame.length, 0);
      p.frame.copy(b, 4);
      parts.push(block(3, b));
      continue;
    }
    const units = BigInt(Math.round(p.time * (nano ? 1e6 : 1e3)));
    const b = Buffer.alloc(20 + p.frame.length);
    if (kind === 2) u16(b, 0, 0);
    else u32(b, 0, 0);
    u32(b, Number(units >> 32n), 4);
    u32(b, Number(units & 0xffffffffn), 8);
    u32(b, p.frame.length, 12);
    u32(b, p.frame.length, 16);
    p.frame.copy(b, 20);
    parts.push(block(kind, b));
  }
  return Buffer.concat(parts);
}

/** The records of a pcap file, to rebuild it as pcapng or recombine its packets. */
export function pcapPackets(file: Buffer): Packet[] {
  const out: Packet[] = [];
  const le = file.readUInt32LE(0) === 0xa1b2c3d4 || file.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (at: number) => (le ? file.readUInt32LE(at) : file.readUInt32BE(at));
  for (let at = 24; at + 16 <= file.length;) {
    const len = u32(at + 8);
    if (at + 16 + len > file.length) break;
    out.push({
      frame: file.subarray(at + 16, at + 16 + len),
      time: u32(at) * 1000 + u32(at + 4) / 1000,
    });
    at += 16 + len;
  }
  return out;
}
