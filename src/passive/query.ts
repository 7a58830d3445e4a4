import { domainToASCII } from "node:url";
import { DnsightError } from "../errors.js";
import { ipNumber } from "../net/ip-number.js";
import { normaliseName } from "../store/observation.js";
import { ipFamily } from "../net/ip.js";

// The pdns query language (DNSDB's): what one QUERY string asks for.
//   www.example.com   the name itself
//   *.example.com     every name below example.com (not example.com itself)
//   www.example.*     every name that starts with the labels www.example
//   192.0.2.1         an address; 192.0.2.0/24 or DNSDB's 192.0.2.0,24 a prefix;
//   192.0.2.1-192.0.2.9 a range (IPv4 or IPv6)
// With --rdata a name form searches names inside record data (CNAME, NS, MX
// targets) instead of owner names; an address form always searches rdata.

export type PdnsQuery =
  | { kind: "name"; name: string }
  | { kind: "below"; suffix: string }
  | { kind: "prefix"; labels: string }
  | { kind: "ip"; version: 4 | 6; first: bigint; last: bigint; text: string };

const fail = (query: string, why: string): never => {
  throw new DnsightError("INPUT", `pdns query "${query}": ${why}`);
};

function addressRange(q: string): PdnsQuery | undefined {
  const range = /^([0-9a-f:.]+)\s*-\s*([0-9a-f:.]+)$/i.exec(q);
  if (range) {
    const a = ipNumber(range[1]!);
    const b = ipNumber(range[2]!);
    if (!a || !b) return undefined;
    if (a.version !== b.version) fail(q, "a range must be all IPv4 or all IPv6");
    if (a.value > b.value) fail(q, "the range ends before it starts");
    return { kind: "ip", version: a.version, first: a.value, last: b.value, text: q };
  }
  const cidr = /^([0-9a-f:.]+)[/,](\d{1,3})$/i.exec(q);
  if (cidr) {
    const a = ipNumber(cidr[1]!);
    if (!a) return undefined;
    const bits = a.version === 4 ? 32 : 128;
    const len = Number(cidr[2]);
    if (len > bits) fail(q, `a /${len} prefix is longer than ${bits} bits`);
    const host = BigInt(bits - len);
    const first = (a.value >> host) << host;
    return { kind: "ip", version: a.version, first, last: first + (1n << host) - 1n, text: q };
  }
  if (ipFamily(q)) {
    const a = ipNumber(q)!;
    return { kind: "ip", version: a.version, first: a.value, last: a.value, text: q };
  }
  return undefined;
}

/** Parses one QUERY; DnsightError("INPUT") naming the query when it is none of the forms. */
export function parsePdnsQuery(raw: string): PdnsQuery {
  const q = raw.trim();
  if (q === "") fail(raw, "empty");
  const ip = addressRange(q);
  if (ip) return ip;
  if (q.startsWith("*.")) {
    const rest = q.slice(2);
    if (rest.includes("*")) fail(q, "only one wildcard, at the left or the right end");
    return { kind: "below", suffix: name(rest, q) };
  }
  if (q.endsWith(".*")) {
    const rest = q.slice(0, -2);
    if (rest.includes("*")) fail(q, "only one wildcard, at the left or the right end");
    return { kind: "prefix", labels: name(rest, q) };
  }
  if (q.includes("*"))
    fail(q, "a wildcard must be a whole label at the left (*.x) or right (x.*) end");
  return { kind: "name", name: name(q, q) };
}

/** A name of the query as stored: IDNs to A-labels (UTS-46), lowercase, no trailing dot. */
function name(text: string, q: string): string {
  const ascii = /[^\x00-\x7f]/.test(text) ? domainToASCII(text) : text;
  if (ascii === "") fail(q, "not a valid internationalised domain name");
  return normaliseName(ascii, `pdns query "${q}"`);
}
