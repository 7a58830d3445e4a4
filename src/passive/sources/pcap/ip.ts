import { ipv4ToText, ipv6ToRfc5952Text } from "../../../net/ip.js";
import { need, PacketSkip } from "./_skip.js";
import { DEFAULT_FRAGMENT_LIMITS, FragmentBuffer, type FragmentLimits } from "./fragments.js";
import type { IpAt } from "./link.js";

// IPv4 (RFC 791) and IPv6 (RFC 8200) down to the transport payload, fragments reassembled.
// Checksums are not verified, as tshark does not by default: captures taken on the sending
// host carry checksums the NIC fills in later.

/**
 * A decoded IP packet, as offsets into the bytes it came in: the decoder fills one in place
 * per packet (a busy capture has millions), valid until its next decode.
 */
export interface IpPacket {
  version: 4 | 6;
  /** The bytes holding the IP header, and where its two addresses are in them. */
  header: Buffer;
  srcAt: number;
  dstAt: number;
  /** IP protocol number of the payload (6 TCP, 17 UDP). */
  protocol: number;
  /** The transport payload: payload[start, end) (a reassembled datagram has its own bytes). */
  payload: Buffer;
  start: number;
  end: number;
}

/** An address in an IP header as text (the source's at `srcAt`, the destination's at `dstAt`). */
export const addressText = (version: 4 | 6, header: Uint8Array, at: number): string =>
  version === 4 ? ipv4ToText(header, at) : ipv6ToRfc5952Text(header, at);

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
  private readonly packet: IpPacket = {
    version: 4,
    header: Buffer.alloc(0),
    srcAt: 0,
    dstAt: 0,
    protocol: 0,
    payload: Buffer.alloc(0),
    start: 0,
    end: 0,
  };

  constructor(limits: FragmentLimits = DEFAULT_FRAGMENT_LIMITS, onDrop?: (reason: string) => void) {
    this.v4 = new FragmentBuffer(limits, onDrop);
    this.v6 = new FragmentBuffer(limits, onDrop);
  }

  /** Datagrams waiting for fragments, v4 and v6. */
  get pendingFragments(): number {
    return this.v4.size + this.v6.size;
  }

  /**
   * The transport payload of the IP packet at `at` in `data` (a frame's bytes), or
   * undefined while a fragmented datagram is incomplete.
   */
  decode(data: Buffer, at: IpAt, time: number): IpPacket | undefined {
    return at.version === 4
      ? this.decode4(data, at.start, time)
      : this.decode6(data, at.start, time);
  }

  private filled(
    version: 4 | 6,
    header: Buffer,
    srcAt: number,
    protocol: number,
    payload: Buffer,
    start: number,
    end: number,
  ): IpPacket {
    const p = this.packet;
    p.version = version;
    p.header = header;
    p.srcAt = srcAt;
    p.dstAt = srcAt + (version === 4 ? 4 : 16);
    p.protocol = protocol;
    p.payload = payload;
    p.start = start;
    p.end = end;
    return p;
  }

  private decode4(d: Buffer, base: number, time: number): IpPacket | undefined {
    need(d, base + 20, "IPv4 header");
    if ((d[base] as number) >> 4 !== 4) throw new PacketSkip("not an IPv4 header");
    const ihl = ((d[base] as number) & 0x0f) * 4;
    if (ihl < 20) throw new PacketSkip("IPv4 header length below 20");
    need(d, base + ihl, "IPv4 options");
    // Zero means a segmentation-offload packet captured before the NIC split it.
    let total = d.readUInt16BE(base + 2);
    if (total === 0) total = d.length - base;
    if (total < ihl) throw new PacketSkip("IPv4 total length below its header");
    if (base + total > d.length) throw new PacketSkip("truncated IPv4 packet");
    const protocol = d[base + 9] as number;
    // Bytes past `total` are link-layer padding (Ethernet's 60-byte minimum).
    const frag = d.readUInt16BE(base + 6);
    const more = (frag & 0x2000) !== 0;
    const offset = (frag & 0x1fff) * 8;
    if (!more && offset === 0)
      return this.filled(4, d, base + 12, protocol, d, base + ihl, base + total);
    const key = `${ipv4ToText(d, base + 12)}|${ipv4ToText(d, base + 16)}|${protocol}|${d.readUInt16BE(base + 4)}`;
    const payload = d.subarray(base + ihl, base + total);
    const whole = this.v4.add(key, time, offset, more, payload, protocol);
    return whole && this.filled(4, d, base + 12, protocol, whole.payload, 0, whole.payload.length);
  }

  private decode6(d: Buffer, base: number, time: number): IpPacket | undefined {
    need(d, base + 40, "IPv6 header");
    if ((d[base] as number) >> 4 !== 6) throw new PacketSkip("not an IPv6 header");
    // Zero: a jumbogram or a segmentation-offload packet; the capture's length is all we have.
    let length = d.readUInt16BE(base + 4);
    if (length === 0) length = d.length - base - 40;
    if (base + 40 + length > d.length) throw new PacketSkip("truncated IPv6 packet");
    let next = d[base + 6] as number;
    // The payload so far: p[at, end), the packet's own bytes until a reassembly.
    let p = d;
    let at = base + 40;
    let end = at + length;
    const left = (n: number, what: string): void => {
      if (end - at < n) throw new PacketSkip(`truncated ${what}`);
    };
    for (let n = 0; ; n++) {
      if (n === MAX_EXTENSIONS) throw new PacketSkip("too many IPv6 extension headers");
      if (EXT_8.has(next) || next === AH) {
        left(2, "IPv6 extension header");
        const len = next === AH ? ((p[at + 1] as number) + 2) * 4 : ((p[at + 1] as number) + 1) * 8;
        left(len, "IPv6 extension header");
        next = p[at] as number;
        at += len;
      } else if (next === FRAGMENT) {
        left(8, "IPv6 fragment header");
        const field = p.readUInt16BE(at + 2);
        const offset = field & 0xfff8;
        const more = (field & 1) !== 0;
        const inner = p[at] as number;
        // An atomic fragment (RFC 6946) is a whole datagram.
        if (offset !== 0 || more) {
          const key = `${ipv6ToRfc5952Text(d, base + 8)}|${ipv6ToRfc5952Text(d, base + 24)}|${p.readUInt32BE(at + 4)}`;
          const whole = this.v6.add(key, time, offset, more, p.subarray(at + 8, end), inner);
          if (!whole) return undefined;
          next = whole.protocol;
          p = whole.payload;
          at = 0;
          end = p.length;
        } else {
          next = inner;
          at += 8;
        }
      } else if (next === NO_NEXT) {
        return undefined;
      } else {
        return this.filled(6, d, base + 8, next, p, at, end);
      }
    }
  }
}
