import { PacketSkip } from "./_skip.js";
import type { TcpSegment } from "./tcp-stream.js";

// UDP (RFC 768) and TCP (RFC 9293) headers: ports, and for TCP what reassembly needs.

export const UDP = 17;
export const TCP = 6;

export interface Ports {
  srcPort: number;
  dstPort: number;
}

/** The UDP datagram in p[start, end). */
export function readUdp(p: Buffer, start: number, end: number): Ports & { payload: Buffer } {
  if (end - start < 8) throw new PacketSkip("truncated UDP header");
  const length = p.readUInt16BE(start + 4);
  // Zero is legal in an IPv6 jumbogram; then the IP layer's length is the only one.
  if (length !== 0 && length < 8) throw new PacketSkip("UDP length below its header");
  if (length > end - start) throw new PacketSkip("truncated UDP datagram");
  return {
    srcPort: p.readUInt16BE(start),
    dstPort: p.readUInt16BE(start + 2),
    payload: p.subarray(start + 8, length === 0 ? end : start + length),
  };
}

/** The TCP segment in p[start, end). */
export function readTcp(p: Buffer, start: number, end: number): Ports & TcpSegment {
  if (end - start < 20) throw new PacketSkip("truncated TCP header");
  const headerLength = ((p[start + 12] as number) >> 4) * 4;
  if (headerLength < 20) throw new PacketSkip("TCP header length below 20");
  if (end - start < headerLength) throw new PacketSkip("truncated TCP options");
  const flags = p[start + 13] as number;
  return {
    srcPort: p.readUInt16BE(start),
    dstPort: p.readUInt16BE(start + 2),
    seq: p.readUInt32BE(start + 4),
    fin: (flags & 0x01) !== 0,
    syn: (flags & 0x02) !== 0,
    rst: (flags & 0x04) !== 0,
    payload: p.subarray(start + headerLength, end),
  };
}
