import type { DnsMessage, ResourceRecord } from "../dns/wire/message.js";
import { classFromString, classToString, META_TYPES } from "../dns/wire/types.js";

// Multicast DNS (RFC 6762), read only when the sensor is told to read port 5353. Its
// responses are the link's devices announcing their own records, mostly unsolicited, and
// carry no question (§6: responses MUST NOT contain any, and a receiver ignores any there),
// so there is no chain to hang off and no zone to judge by. Every answer record is the
// responder's own and is kept as an observation of the sensor's link; ingest mDNS under a
// sensor id of its own to keep it apart from the Internet's DNS.

/** §10.2: the top bit of an mDNS record's class is the cache-flush flag, not class. */
const CACHE_FLUSH = 0x8000;

/** The record's class with the cache-flush bit taken out ("CLASS32769" → "IN"). */
export function mdnsClass(klass: string): string {
  const code = classFromString(klass);
  return code === undefined ? klass : classToString(code & ~CACHE_FLUSH);
}

/** Whether a decoded message is an mDNS response to read: §18.11, a non-zero rcode is ignored. */
export function readableMdns(m: DnsMessage): boolean {
  return m.flags.qr && m.opcode === 0 && m.rcode === 0;
}

/** The answer records to keep, class IN after the cache-flush bit. */
export function mdnsRecords(m: DnsMessage): ResourceRecord[] {
  return m.answers.filter((rr) => !META_TYPES.has(rr.type) && mdnsClass(rr.class) === "IN");
}
