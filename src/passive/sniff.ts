// What format a file looks like from its first bytes, for the hint an ingest gives
// when it could read nothing: the magic numbers of pcap (including the nanosecond
// and byte-swapped forms) and pcapng, Frame Streams' control-frame escape (dnstap),
// Zeek's header or JSON fields, COF's rrname, passivedns's "||" separators.

export type SniffedFormat = "pcap" | "dnstap" | "zeek" | "passivedns" | "cof";

const PCAP_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1];
const PCAPNG_MAGIC = 0x0a0d0d0a;

export function sniffFormat(head: Uint8Array): SniffedFormat | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 4) {
    const magic = b.readUInt32BE(0);
    if (PCAP_MAGICS.includes(magic) || magic === PCAPNG_MAGIC) return "pcap";
    // A Frame Streams file starts with a control frame: a zero length, then its own length.
    if (magic === 0 && b.length >= 8) return "dnstap";
  }
  const line = firstLine(b);
  if (/^#(?:separator|fields|path)\b/.test(line)) return "zeek";
  if (line.startsWith("{")) {
    if (line.includes('"rrname"')) return "cof";
    if (line.includes('"query"') && line.includes('"ts"')) return "zeek";
    return undefined;
  }
  if (line.split("||").length >= 7) return "passivedns";
  return undefined;
}

/** The first line of `b` as text (at most 4 KiB of it). */
export function firstLine(b: Uint8Array): string {
  const text = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 4096)).toString("utf8");
  const nl = text.indexOf("\n");
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, "");
}
