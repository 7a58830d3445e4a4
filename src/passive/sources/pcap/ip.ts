import { ipv4ToText, ipv6ToRfc5952Text } from "../../../net/ip.js";
import { need, PacketSkip } from "./_skip.js";
import { DEFAULT_FRAGMENT_LIMITS, FragmentBuffer, type FragmentLimits } from "./fragments.js";
import type { IpFrame } from "./link.js";

// IPv4 (RFC 791) and IPv6 (RFC 8200) down to the transport payload, fragments reassembled.
// Checksums are not verified, as tshark does not by default: captures taken on the sending
// host carry checksums the NIC fills in later.

export interface IpPacket {
  src: string;
  dst: string;
  /** IP protocol number of the payload (6 TCP, 17 UDP). */
  protocol: number;
  payload: Buffer;
}

// IPv6 extension headers sized (length + 1) * 8 bytes: hop-by-hop, routing, destination
// options, mobility, HIP, shim6 (RFC 8200 §4, RFC 6564). AH (51) counts 4-byte units.
const EXT_8 = new Set([0, 43, 60, 135, 139, 140]);
const AH = 51;
const FRAGMENT = 44;
const NO_NEXT = 59;
const MAX_EXTENSIONS = 16;

export class IpDecoder {
  private readonly v4: FragmentBuffer;
  private readonly v6: FragmentBuffer;

  constructor(limits: FragmentLimits = DEFAULT_FRAGMENT_LIMITS, onDrop?: (reason: string) => void) {
    this.v4 = new FragmentBuffer(limits, onDrop);
    this.v6 = new FragmentBuffer(limits, onDrop);
  }

  /** Datagrams waiting for fragments, v4 and v6. */
  get pendingFragments(): number {
    return this.v4.size + this.v6.size;
  }

  /** The transport payload, or undefined while a fragmented datagram is incomplete. */
  decode(frame: IpFrame, time: number): IpPacket | undefined {
    return frame.version === 4 ? this.decode4(frame.data, time) : this.decode6(frame.data, time);
  }

  private decode4(d: Buffer, time: number): IpPacket | undefined {
    need(d, 20, "IPv4 header");
    if ((d[0] as number) >> 4 !== 4) throw new PacketSkip("not an IPv4 header");
    const ihl = ((d[0] as number) & 0x0f) * 4;
    if (ihl < 20) throw new PacketSkip("IPv4 header length below 20");
    need(d, ihl, "IPv4 options");
    // Zero means a segmentation-offload packet captured before the NIC split it.
    let total = d.readUInt16BE(2);
    if (total === 0) total = d.length;
    if (total < ihl) throw new PacketSkip("IPv4 total length below its header");
    if (total > d.length) throw new PacketSkip("truncated IPv4 packet");
    const src = ipv4ToText(d, 12);
    const dst = ipv4ToText(d, 16);
    const protocol = d[9] as number;
    // Bytes past `total` are link-layer padding (Ethernet's 60-byte minimum).
    const payload = d.subarray(ihl, total);
    const frag = d.readUInt16BE(6);
    const more = (frag & 0x2000) !== 0;
    const offset = (frag & 0x1fff) * 8;
    if (!more && offset === 0) return { src, dst, protocol, payload };
    const key = `${src}|${dst}|${protocol}|${d.readUInt16BE(4)}`;
    const whole = this.v4.add(key, time, offset, more, payload, protocol);
    return whole && { src, dst, protocol, payload: whole.payload };
  }

  private decode6(d: Buffer, time: number): IpPacket | undefined {
    need(d, 40, "IPv6 header");
    if ((d[0] as number) >> 4 !== 6) throw new PacketSkip("not an IPv6 header");
    // Zero: a jumbogram or a segmentation-offload packet; the capture's length is all we have.
    let length = d.readUInt16BE(4);
    if (length === 0) length = d.length - 40;
    if (40 + length > d.length) throw new PacketSkip("truncated IPv6 packet");
    const src = ipv6ToRfc5952Text(d, 8);
    const dst = ipv6ToRfc5952Text(d, 24);
    let next = d[6] as number;
    let p = d.subarray(40, 40 + length);
    for (let n = 0; ; n++) {
      if (n === MAX_EXTENSIONS) throw new PacketSkip("too many IPv6 extension headers");
      if (EXT_8.has(next) || next === AH) {
        need(p, 2, "IPv6 extension header");
        const len = next === AH ? ((p[1] as number) + 2) * 4 : ((p[1] as number) + 1) * 8;
        need(p, len, "IPv6 extension header");
        next = p[0] as number;
        p = p.subarray(len);
      } else if (next === FRAGMENT) {
        need(p, 8, "IPv6 fragment header");
        const field = p.readUInt16BE(2);
        const offset = field & 0xfff8;
        const more = (field & 1) !== 0;
        const inner = p[0] as number;
        const data = p.subarray(8);
        // An atomic fragment (RFC 6946) is a whole datagram.
        if (offset !== 0 || more) {
          const key = `${src}|${dst}|${p.readUInt32BE(4)}`;
          const whole = this.v6.add(key, time, offset, more, data, inner);
          if (!whole) return undefined;
          next = whole.protocol;
          p = whole.payload;
        } else {
          next = inner;
          p = data;
        }
      } else if (next === NO_NEXT) {
        return undefined;
      } else {
        return { src, dst, protocol: next, payload: p };
      }
    }
  }
}
