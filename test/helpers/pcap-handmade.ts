// Captures written by hand, byte by byte and without the project's codec, for answers no
// server on loopback will give (poisoned, multicast DNS): each message goes in a classic
// little-endian pcap as Ethernet, IPv4, UDP. The file is only written, never sent.

/** A DNS name in wire form, uncompressed. */
export const wireName = (name: string): Buffer =>
  Buffer.concat([
    ...name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
export const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
export const u32 = (n: number): Buffer =>
  Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
/** A resource record; `klass` 0x8001 is IN with mDNS's cache-flush bit (RFC 6762 §10.2). */
export const rr = (name: string, type: number, rdata: Buffer, klass = 1): Buffer =>
  Buffer.concat([wireName(name), u16(type), u16(klass), u32(300), u16(rdata.length), rdata]);
export const A = (ip: string): Buffer => Buffer.from(ip.split(".").map(Number));
export const SOA = (zone: string): Buffer =>
  Buffer.concat([
    wireName(`ns.${zone}`),
    wireName(`h.${zone}`),
    u32(1),
    u32(1),
    u32(1),
    u32(1),
    u32(1),
  ]);
/** TXT rdata: each string with its length octet. */
export const TXT = (...strings: string[]): Buffer =>
  Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)])));
/** SRV rdata (RFC 2782). */
export const SRV = (priority: number, weight: number, port: number, target: string): Buffer =>
  Buffer.concat([u16(priority), u16(weight), u16(port), wireName(target)]);

/** A response: flags, one question (type A) or none, answers and authority records. */
export function response(
  id: number,
  flags: number,
  q: string | undefined,
  an: Buffer[],
  ns: Buffer[] = [],
): Buffer {
  return Buffer.concat([
    u16(id),
    u16(flags),
    u16(q === undefined ? 0 : 1),
    u16(an.length),
    u16(ns.length),
    u16(0),
    ...(q === undefined ? [] : [wireName(q), u16(1), u16(1)]),
    ...an,
    ...ns,
  ]);
}

export interface Datagram {
  dns: Buffer;
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
}

/** A pcap, one record per datagram: by default from 192.0.2.53:53 to 192.0.2.1:40000+i. */
export function pcapOf(messages: (Buffer | Datagram)[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records = messages.map((m, i) => {
    const d: Datagram = Buffer.isBuffer(m) ? { dns: m } : m;
    const udp = Buffer.concat([
      u16(d.srcPort ?? 53),
      u16(d.dstPort ?? 40000 + i),
      u16(8 + d.dns.length),
      u16(0),
      d.dns,
    ]);
    const ip = Buffer.concat([
      Buffer.from([0x45, 0]),
      u16(20 + udp.length),
      u16(i),
      u16(0),
      Buffer.from([d.dst?.startsWith("224.") ? 255 : 64, 17]),
      u16(0),
      A(d.src ?? "192.0.2.53"),
      A(d.dst ?? "192.0.2.1"),
    ]);
    let sum = 0; // RFC 791 header checksum
    for (let k = 0; k < 20; k += 2) sum += ip.readUInt16BE(k);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const frame = Buffer.concat([Buffer.alloc(12, 2), u16(0x0800), ip, udp]);
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(1_700_000_000 + i, 0);
    rh.writeUInt32LE(frame.length, 8);
    rh.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rh, frame]);
  });
  return Buffer.concat([header, ...records]);
}
