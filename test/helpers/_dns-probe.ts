// A minimal UDP DNS query for readiness checks. Deliberately independent of src/dns so a
// bug there cannot make the rig itself misbehave; it reads only the header and answer types.
import { createSocket } from "node:dgram";
import { isIPv6 } from "node:net";

export interface ProbeResult {
  rcode: number;
  aa: boolean;
  /** RR type numbers of the answer section, in order (1 = A, 6 = SOA, 46 = RRSIG, 48 = DNSKEY). */
  answerTypes: number[];
}

export const TYPE = { A: 1, SOA: 6, RRSIG: 46, DNSKEY: 48 } as const;

/** Sends one query; resolves null on timeout or an unusable reply instead of throwing. */
export function probe(
  host: string,
  port: number,
  name: string,
  type: number,
  opts: { dnssec?: boolean; rd?: boolean; timeoutMs?: number } = {},
): Promise<ProbeResult | null> {
  const id = Math.floor(Math.random() * 0x10000);
  const query = encode(id, name, type, opts.dnssec ?? false, opts.rd ?? false);
  return new Promise((resolve) => {
    const sock = createSocket(isIPv6(host) ? "udp6" : "udp4");
    const done = (r: ProbeResult | null): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => done(null), opts.timeoutMs ?? 200);
    sock.on("error", () => done(null)); // e.g. ICMP port unreachable while a server starts
    sock.on("message", (msg) => {
      if (msg.length >= 12 && msg.readUInt16BE(0) === id) done(decode(msg));
    });
    sock.send(query, port, host);
  });
}

function encode(id: number, name: string, type: number, dnssec: boolean, rd: boolean): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  const qname = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(rd ? 0x0100 : 0, 2);
  header.writeUInt16BE(1, 4); // QDCOUNT
  header.writeUInt16BE(dnssec ? 1 : 0, 10); // ARCOUNT: the OPT record
  const q = Buffer.alloc(4);
  q.writeUInt16BE(type, 0);
  q.writeUInt16BE(1, 2); // class IN
  // RFC 6891 OPT: root owner, type 41, class = UDP size, TTL carries the DO bit (RFC 3225).
  const opt = Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]);
  return Buffer.concat([header, qname, q, ...(dnssec ? [opt] : [])]);
}

function decode(msg: Buffer): ProbeResult | null {
  try {
    const flags = msg.readUInt16BE(2);
    let off = 12;
    for (let i = msg.readUInt16BE(4); i > 0; i--) off = skipName(msg, off) + 4;
    const answerTypes: number[] = [];
    for (let i = msg.readUInt16BE(6); i > 0; i--) {
      off = skipName(msg, off);
      answerTypes.push(msg.readUInt16BE(off));
      off += 10 + msg.readUInt16BE(off + 8);
    }
    return { rcode: flags & 0xf, aa: (flags & 0x0400) !== 0, answerTypes };
  } catch {
    return null; // truncated reply: readUInt16BE threw RangeError
  }
}

function skipName(msg: Buffer, off: number): number {
  for (;;) {
    const len = msg.readUInt8(off);
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) return off + 2; // compression pointer ends the name
    off += 1 + len;
  }
}
