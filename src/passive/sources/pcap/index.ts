import type { Readable } from "node:stream";
import type { SkipCounter } from "../../source.js";
import { ChunkReader } from "./_chunk-reader.js";
import { PacketSkip } from "./_skip.js";
import { DEFAULT_FRAGMENT_LIMITS, type FragmentLimits } from "./fragments.js";
import { addressText, IpDecoder } from "./ip.js";
import { ipFromFrame, type IpAt } from "./link.js";
import type { Frame } from "./_frame.js";
import { readFrames } from "./pcap-file.js";
import { DEFAULT_TCP_LIMITS, TcpReassembler, type TcpLimits } from "./tcp-stream.js";
import { readTcp, readUdp, TCP, UDP } from "./transport.js";

// DNS messages out of a packet capture (pcap or pcapng, a file or `tcpdump -w -`), streamed
// in bounded memory. Messages are handed over raw: decoding is the consumer's business
// (src/dns/wire). A broken container is fatal; a broken packet is counted and skipped; a
// capture that ends inside a record (cut short) gives every whole record before it, and
// the cut is counted as damage.

export interface PcapDnsMessage {
  /** Capture time, epoch milliseconds, fractional. */
  time: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: "udp" | "tcp";
  /** Multicast DNS (RFC 6762): UDP from port 5353 to port 5353. */
  mdns: boolean;
  /** The DNS message, without TCP's length prefix. */
  message: Uint8Array;
  /** Byte offset of the capture record that completed it (non-decreasing along the file). */
  offset: number;
}

export interface PcapCounters {
  /** Records read from the capture. */
  packets: number;
  /** Packets that could not be read, and datagrams or streams given up on. */
  skipped: number;
  /** DNS messages yielded. */
  messages: number;
}

export interface PcapOptions {
  /** The input's name in error messages: a path, or "-" for stdin (the default). */
  name?: string;
  /** Traffic to or from these ports is DNS. Default 53 only: mDNS (5353) when asked. */
  ports?: readonly number[];
  /** Collects the reasons for what was skipped. */
  skipped?: SkipCounter;
  /**
   * Counts UDP and TCP packets on other ports, by the lower port of each (the
   * server's, as a rule): a capture of DNS on a port not asked for shows here.
   */
  otherPorts?: Map<string, number>;
  fragments?: Partial<FragmentLimits>;
  tcp?: Partial<TcpLimits>;
}

export interface PcapDnsMessages extends AsyncIterable<PcapDnsMessage> {
  /** Live counts, final once iteration ends. */
  readonly counters: PcapCounters;
  /**
   * The same messages in runs, one array per stretch of buffered input: the cheap way
   * through a large capture. Iterate this or the messages, not both.
   */
  runs(): AsyncIterable<PcapDnsMessage[]>;
}

// Port 5353 is multicast DNS: the link's devices announcing themselves (RFC 6762), not the
// Internet's DNS, so it is read only when asked for (`--port 53,5353`).
export const DEFAULT_DNS_PORTS: readonly number[] = [53];
export const MDNS_PORT = 5353;

/** Messages are at least a 12-byte header (RFC 1035 §4.1.1); anything shorter is not DNS. */
const DNS_HEADER = 12;

/**
 * A message as read, its addresses still bytes in the IP header: an ingest never needs
 * them as text, and a busy capture has millions of messages.
 */
export interface CapturedDnsMessage extends Omit<PcapDnsMessage, "src" | "dst"> {
  version: 4 | 6;
  /** The bytes of the IP header the message came under, the source address at `srcAt`. */
  header: Buffer;
  srcAt: number;
}

export function readPcapDnsMessages(
  input: AsyncIterable<Uint8Array> | Readable,
  options: PcapOptions = {},
): PcapDnsMessages {
  const captured = readCapturedDnsMessages(input, options);
  async function* runs(): AsyncGenerator<PcapDnsMessage[]> {
    for await (const run of captured.runs()) yield run.map(withAddresses);
  }
  return {
    counters: captured.counters,
    runs,
    async *[Symbol.asyncIterator]() {
      for await (const run of runs()) yield* run;
    },
  };
}

/** The same messages, addresses not made into text: the cheap way for an ingest. */
export function readCapturedDnsMessages(
  input: AsyncIterable<Uint8Array> | Readable,
  options: PcapOptions = {},
): { counters: PcapCounters; runs(): AsyncGenerator<CapturedDnsMessage[]> } {
  const counters: PcapCounters = { packets: 0, skipped: 0, messages: 0 };
  return { counters, runs: () => generate(input, options, counters) };
}

function withAddresses(m: CapturedDnsMessage): PcapDnsMessage {
  return {
    time: m.time,
    src: addressText(m.version, m.header, m.srcAt),
    dst: addressText(m.version, m.header, m.srcAt + (m.version === 4 ? 4 : 16)),
    srcPort: m.srcPort,
    dstPort: m.dstPort,
    transport: m.transport,
    mdns: m.mdns,
    message: m.message,
    offset: m.offset,
  };
}

async function* generate(
  input: AsyncIterable<Uint8Array> | Readable,
  o: PcapOptions,
  counters: PcapCounters,
): AsyncGenerator<CapturedDnsMessage[]> {
  const name = o.name ?? "-";
  const ports = new Set(o.ports ?? DEFAULT_DNS_PORTS);
  const skip = (reason: string, offset?: number): void => {
    counters.skipped++;
    o.skipped?.add(reason, offset === undefined ? undefined : `${name}: byte ${offset}`);
  };
  const ip = new IpDecoder({ ...DEFAULT_FRAGMENT_LIMITS, ...o.fragments }, skip);
  const ipAt: IpAt = { version: 4, start: 0 };
  const tcp = new TcpReassembler({ ...DEFAULT_TCP_LIMITS, ...o.tcp }, skip);
  const reader = new ChunkReader(input as AsyncIterable<Uint8Array>, name);
  try {
    const cutShort = (offset: number, what: string): void => {
      counters.skipped++;
      o.skipped?.damaged("capture ends inside a record", `${name}: byte ${offset} (${what})`);
    };
    for await (const frames of readFrames(reader, name, cutShort)) {
      const found: CapturedDnsMessage[] = [];
      for (const frame of frames) {
        counters.packets++;
        try {
          readFrame(frame, found);
        } catch (err) {
          if (!(err instanceof PacketSkip)) throw err;
          skip(err.reason, frame.offset);
        }
      }
      counters.messages += found.length;
      if (found.length > 0) yield found;
    }
  } finally {
    await reader.close();
  }

  function countOther(transport: string, a: number, b: number): void {
    const m = o.otherPorts;
    if (!m) return;
    const key = `${transport}/${Math.min(a, b)}`;
    // Bounded: a port scan has a port per packet.
    if (m.has(key) || m.size < 256) m.set(key, (m.get(key) ?? 0) + 1);
  }

  /** Appends the DNS messages the frame carries (or completes) to `found`. */
  function readFrame(frame: Frame, found: CapturedDnsMessage[]): void {
    if (!ipFromFrame(frame.linkType, frame.data, ipAt)) return;
    const packet = ip.decode(frame.data, ipAt, frame.time);
    if (!packet) return;
    const { version, header, srcAt } = packet;
    if (packet.protocol === UDP) {
      const u = readUdp(packet.payload, packet.start, packet.end);
      if (!ports.has(u.srcPort) && !ports.has(u.dstPort))
        return countOther("udp", u.srcPort, u.dstPort);
      if (u.payload.length < DNS_HEADER)
        throw new PacketSkip("UDP payload shorter than a DNS header");
      // A view, not a copy: input chunks are never written, so it stays valid; a caller
      // that keeps messages long keeps their chunks too.
      found.push({
        time: frame.time,
        version,
        header,
        srcAt,
        srcPort: u.srcPort,
        dstPort: u.dstPort,
        transport: "udp",
        // RFC 6762 §6.7: a reply to a one-shot query from another port is unicast DNS.
        mdns: u.srcPort === MDNS_PORT && u.dstPort === MDNS_PORT,
        message: u.payload,
        offset: frame.offset,
      });
    } else if (packet.protocol === TCP) {
      const t = readTcp(packet.payload, packet.start, packet.end);
      if (!ports.has(t.srcPort) && !ports.has(t.dstPort))
        return countOther("tcp", t.srcPort, t.dstPort);
      const src = addressText(version, header, srcAt);
      const dst = addressText(version, header, packet.dstAt);
      const key = `${src}|${t.srcPort}|${dst}|${t.dstPort}`;
      const reverse = `${dst}|${t.dstPort}|${src}|${t.srcPort}`;
      for (const message of tcp.push(key, reverse, frame.time, t)) {
        if (message.length < DNS_HEADER) {
          skip("TCP message shorter than a DNS header", frame.offset);
          continue;
        }
        found.push({
          time: frame.time,
          version,
          header,
          srcAt,
          srcPort: t.srcPort,
          dstPort: t.dstPort,
          transport: "tcp",
          mdns: false,
          message,
          offset: frame.offset,
        });
      }
    }
  }
}
