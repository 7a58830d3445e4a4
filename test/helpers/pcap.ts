// Classic pcap files built byte by byte, for tests that need a capture of a shape
// no real one has (cut inside a record, DNS on an unusual port).
import { encodeMessage } from "../../src/dns/wire/message.js";

/** An Ethernet/IPv4/UDP frame from 10.0.0.53:`serverPort` to 10.0.0.1:40000 carrying `payload`. */
export function udpFrame(payload: Buffer, serverPort = 53): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(serverPort, 0);
  udp.writeUInt16BE(40000, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 17;
  Buffer.from([10, 0, 0, 53]).copy(ip, 12);
  Buffer.from([10, 0, 0, 1]).copy(ip, 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, udp, payload]);
}

/** The answer to "rI.example. A", as a sensor saw it. */
export const answer = (i: number): Buffer => {
  const name = `r${i}.example.`;
  return encodeMessage({
    id: i,
    flags: { qr: true, aa: true },
    questions: [{ name, type: "A", class: "IN" }],
    answers: [{ name, type: "A", class: "IN", ttl: 60, data: `192.0.2.${i % 250}` }],
  });
};

/** A classic pcap of `count` answers, one name each, and where each record starts. */
export function capture(count: number, serverPort = 53): { bytes: Buffer; starts: number[] } {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const parts: Buffer[] = [head];
  const starts: number[] = [];
  let at = 24;
  for (let i = 0; i < count; i++) {
    const frame = udpFrame(answer(i), serverPort);
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(1_700_000_000 + i, 0);
    rh.writeUInt32LE(frame.length, 8);
    rh.writeUInt32LE(frame.length, 12);
    parts.push(rh, frame);
    starts.push(at);
    at += 16 + frame.length;
  }
  return { bytes: Buffer.concat(parts), starts };
}
