import { need, PacketSkip } from "./_skip.js";

// Link layers (https://www.tcpdump.org/linktypes.html) down to the IP packet they carry.
// Anything that is not IPv4 or IPv6 (ARP, LLDP, 802.3 frames) is none of our business.

/** Where a frame's IP packet starts. Filled in place: one per reader, not one per packet. */
export interface IpAt {
  version: 4 | 6;
  /** Offset of the IP header in the frame's bytes. */
  start: number;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
// 802.1Q, 802.1ad (QinQ) and the pre-standard 0x9100 outer tag; tags may be stacked.
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
const MAX_VLAN_TAGS = 8;

// BSD address families in the 4-byte loopback header: AF_INET is 2 everywhere, AF_INET6
// differs by OS (Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30).
const AF_INET6 = new Set([10, 24, 28, 30]);

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_12: 12, // DLT_RAW on most BSDs
  RAW_14: 14, // DLT_RAW on OpenBSD
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Finds the IP packet inside a frame and says where in `out`; false when it carries something else. */
export function ipFromFrame(linkType: number, data: Buffer, out: IpAt): boolean {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      need(data, 14, "Ethernet header");
      return byEthertype(data.readUInt16BE(12), data, 14, out);
    case LINKTYPE.LINUX_SLL:
      // packet type, ARPHRD type, address length, 8 address bytes, protocol.
      need(data, 16, "Linux cooked header");
      return byEthertype(data.readUInt16BE(14), data, 16, out);
    case LINKTYPE.LINUX_SLL2:
      // protocol, reserved, interface index, ARPHRD type, packet type, address length, address.
      need(data, 20, "Linux cooked v2 header");
      return byEthertype(data.readUInt16BE(0), data, 20, out);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      // NULL is in the capturing host's byte order, LOOP in network order; a family is
      // small, so whichever reading fits in 16 bits is the right one.
      need(data, 4, "loopback header");
      const le = data.readUInt32LE(0);
      const family = le <= 0xffff ? le : data.readUInt32BE(0);
      if (family === 2) return found(out, 4, 4);
      if (AF_INET6.has(family)) return found(out, 6, 4);
      return false;
    }
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_12:
    case LINKTYPE.RAW_14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return byVersion(data, out);
    default:
      throw new PacketSkip(`unsupported link type ${linkType}`);
  }
}

function found(out: IpAt, version: 4 | 6, start: number): true {
  out.version = version;
  out.start = start;
  return true;
}

function byEthertype(type: number, data: Buffer, at: number, out: IpAt): boolean {
  for (let tags = 0; VLAN_TAGS.has(type); tags++) {
    if (tags === MAX_VLAN_TAGS) throw new PacketSkip("too many VLAN tags");
    // 2-byte tag control information, then the next ethertype.
    need(data, at + 4, "VLAN tag");
    type = data.readUInt16BE(at + 2);
    at += 4;
  }
  if (type === ETHERTYPE_IPV4) return found(out, 4, at);
  if (type === ETHERTYPE_IPV6) return found(out, 6, at);
  return false;
}

function byVersion(data: Buffer, out: IpAt): boolean {
  need(data, 1, "IP header");
  const v = (data[0] as number) >> 4;
  if (v === 4 || v === 6) return found(out, v, 0);
  throw new PacketSkip(`IP version ${v} on a raw IP link`);
}
