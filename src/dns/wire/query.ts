import { DnsightError } from "../../errors.js";
import { textToLabels } from "./name.js";
import { WireReader } from "./reader.js";
import { typeFromString } from "./types.js";

// The two hot paths of a stub resolver, kept apart from the general codec:
// writing a one-question query and checking a reply's header and question
// before paying for a full decode.

export interface QueryOptions {
  rd?: boolean;
  cd?: boolean;
  ad?: boolean;
  /** EDNS(0) advertised UDP size; 0 sends no OPT record. */
  udpSize?: number;
  dnssecOk?: boolean;
}

/** Encodes a query for (name, type, IN). `name` is presentation form. */
export function encodeQuery(id: number, name: string, type: string, o: QueryOptions = {}): Buffer {
  const qtype = typeFromString(type);
  if (qtype === undefined) throw new DnsightError("INPUT", `unknown record type "${type}"`);
  const udpSize = o.udpSize ?? 1232;
  const tail = 4 + (udpSize > 0 ? 11 : 0);
  // A name without escapes is written as it is read; any other goes through the parser.
  const end = name.charCodeAt(name.length - 1) === 0x2e ? name.length - 1 : name.length;
  let buf = Buffer.allocUnsafe(12 + end + 2 + tail);
  let p = end > 0 && end <= 253 ? writePlainName(name, end, buf, 12) : -1;
  if (p < 0) {
    const labels = textToLabels(name);
    let nameLen = 1;
    for (const l of labels) nameLen += l.length + 1;
    buf = Buffer.allocUnsafe(12 + nameLen + tail);
    p = 12;
    for (const l of labels) {
      buf[p++] = l.length;
      buf.set(l, p);
      p += l.length;
    }
    buf[p++] = 0;
  }
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(((o.rd ?? true) ? 0x0100 : 0) | (o.ad ? 0x0020 : 0) | (o.cd ? 0x0010 : 0), 2);
  buf.writeUInt16BE(1, 4);
  buf.writeUInt32BE(0, 6);
  buf.writeUInt16BE(udpSize > 0 ? 1 : 0, 10);
  buf.writeUInt16BE(qtype, p);
  buf.writeUInt16BE(1, p + 2);
  p += 4;
  if (udpSize > 0) {
    buf[p] = 0; // root owner
    buf.writeUInt16BE(41, p + 1); // OPT
    buf.writeUInt16BE(udpSize, p + 3);
    buf.writeUInt32BE(o.dnssecOk ? 0x8000 : 0, p + 5);
    buf.writeUInt16BE(0, p + 9);
  }
  return buf;
}

/**
 * Writes name[0..end) as wire labels at `at` when it has no escapes and only printable
 * ASCII (the common case), without building label arrays; returns the offset after
 * the root label, or -1 for a name the general parser must read (or reject).
 */
function writePlainName(name: string, end: number, buf: Buffer, at: number): number {
  let lenAt = at;
  let p = at + 1;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      const l = p - lenAt - 1;
      if (l === 0 || l > 63) return -1;
      buf[lenAt] = l;
      lenAt = p++;
      continue;
    }
    if (c < 0x21 || c > 0x7e || c === 0x5c) return -1;
    buf[p++] = c;
  }
  const l = p - lenAt - 1;
  if (l === 0 || l > 63) return -1;
  buf[lenAt] = l;
  buf[p++] = 0;
  return p;
}

export interface ReplyHead {
  id: number;
  qr: boolean;
  opcode: number;
  /** Lower four RCODE bits from the header. */
  rcode: number;
  qdcount: number;
  qname?: string;
  qtype?: number;
  qclass?: number;
}

/** Reads the header and the first question; throws a WIRE error when they are malformed. */
export function readReplyHead(buf: Buffer): ReplyHead {
  const r = new WireReader(buf);
  if (buf.length < 12) r.fail("message shorter than the 12-byte header", 0);
  const id = r.u16();
  const bits = r.u16();
  const qdcount = r.u16();
  const head: ReplyHead = {
    id,
    qr: (bits & 0x8000) !== 0,
    opcode: (bits >> 11) & 0xf,
    rcode: bits & 0xf,
    qdcount,
  };
  if (qdcount > 0) {
    r.pos = 12;
    head.qname = r.name("question name");
    head.qtype = r.u16("question type");
    head.qclass = r.u16("question class");
  }
  return head;
}

const FORMERR = 1;
const NOTIMP = 4;

/**
 * Checks a reply against the query it claims to answer, without decoding it: QR
 * set, standard opcode, and a question section equal to the query's byte for
 * byte, letters compared without case (RFC 4343; servers may echo 0x20 case).
 * A reply with no question is accepted only as FORMERR or NOTIMP, which servers
 * send when they reject EDNS or the opcode.
 */
export function questionMatches(reply: Buffer, query: Buffer): "match" | "mismatch" | "malformed" {
  if (reply.length < 12) return "malformed";
  const flags = reply[2]!;
  if ((flags & 0x80) === 0 || (flags & 0x78) !== 0) return "mismatch";
  const qd = (reply[4]! << 8) | reply[5]!;
  if (qd === 0) {
    const rcode = reply[3]! & 0xf;
    return rcode === FORMERR || rcode === NOTIMP ? "match" : "mismatch";
  }
  if (qd !== 1) return "mismatch";
  // The query's QNAME runs from byte 12 to its root label; QTYPE and QCLASS follow.
  let p = 12;
  while (query[p] !== 0) p += query[p]! + 1;
  if (reply.length < p + 5) return "malformed";
  // Letters in the name compare without case; length bytes and the type and
  // class must match exactly (folding them would let TYPE97 pass for HTTPS, 65).
  for (let i = 12; i < p; i++) {
    let a = reply[i]!;
    let b = query[i]!;
    if (a === b) continue;
    if (a >= 0x41 && a <= 0x5a) a += 32;
    if (b >= 0x41 && b <= 0x5a) b += 32;
    if (a !== b) return "mismatch";
  }
  for (let i = p; i < p + 5; i++) if (reply[i] !== query[i]) return "mismatch";
  return "match";
}
