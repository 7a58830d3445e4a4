import { need, PacketSkip } from "./_skip.js";
import type { TcpSegment } from "./tcp-stream.js";

// UDP (RFC 768) and TCP (RFC 9293) headers: ports, and for TCP what reassembly needs.

export const UDP = 17;
export const TCP = 6;

export interface Ports {
  srcPort: number;
  dstPort: number;
}

export function readUdp(p: Buffer): Ports & { payload: Buffer } {
  need(p, 8, "UDP header");
  const length = p.readUInt16BE(4);
  // Zero is legal in an IPv6 jumbogram; then the IP layer's length is the only one.
  if (length !== 0 && length < 8) throw new PacketSkip("UDP length below its header");
  if (length > p.length) throw new PacketSkip("truncated UDP datagram");
  return {
    srcPort: p.readUInt16BE(0),
    dstPort: p.readUInt16BE(2),
    payload: p.subarray(8, length === 0 ? p.length : length),
  };
}

export function readTcp(p: Buffer): Ports & TcpSegment {
  need(p, 20, "TCP header");
  const headerLength = ((p[12] as number) >> 4) * 4;
  if (headerLength < 20) throw new PacketSkip("TCP header length below 20");
  need(p, headerLength, "TCP options");
  const flags = p[13] as number;
  return {
    srcPort: p.readUInt16BE(0),
    dstPort: p.readUInt16BE(2),
    seq: p.readUInt32BE(4),
    fin: (flags & 0x01) !== 0,
    syn: (flags & 0x02) !== 0,
    rst: (flags & 0x04) !== 0,
    payload: p.subarray(headerLength),
  };
}
