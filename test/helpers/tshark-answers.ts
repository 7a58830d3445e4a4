// tshark as the oracle for what a pcap ingest stores: the answer records of the DNS
// responses in a capture, as tshark dissects them (`-T json -x`), put into the presentation
// form kdig prints by code of our own, never by the project's codec. Types the converter does
// not know throw, so a capture with something new fails loudly instead of being half-checked.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TsharkAnswerOptions {
  /**
   * The ports dnsight is told to read (`ingest pcap --port`), dissected as DNS over UDP and
   * TCP; messages on no such port are left out, as dnsight leaves them. Default: 53 only
   * (port 5353, mDNS, which tshark reads by default, is read by dnsight only when asked).
   */
  ports?: readonly number[];
  /** Apply the chain and bailiwick rules (default true); false lists every answer record. */
  poisoningRules?: boolean;
}

/** One stored observation in comparable form: `owner TYPE rdata`, owner lowercase, no trailing dot. */
export const answerKey = (rrname: string, rrtype: string, rdata: string): string =>
  `${rrname.toLowerCase().replace(/\.$/, "")} ${rrtype} ${rdata}`;

// The types a capture may hold, by code (IANA "Resource Record (RR) TYPEs"); RRSIG's
// covered type and NSEC's bitmap print through it too.
const TYPES: Readonly<Record<number, string>> = {
  1: "A",
  2: "NS",
  5: "CNAME",
  6: "SOA",
  12: "PTR",
  15: "MX",
  16: "TXT",
  28: "AAAA",
  33: "SRV",
  39: "DNAME",
  43: "DS",
  46: "RRSIG",
  47: "NSEC",
  48: "DNSKEY",
  50: "NSEC3",
  51: "NSEC3PARAM",
  52: "TLSA",
  59: "CDS",
  60: "CDNSKEY",
  64: "SVCB",
  65: "HTTPS",
  99: "SPF",
  257: "CAA",
};
const typeName = (code: number): string => TYPES[code] ?? `TYPE${code}`;

type Json = Record<string, unknown>;
/** tshark's `_raw` companion: [hex, offset, length, bitmask, type]. */
type Raw = [string, number, number, number, number];

/** The one value of field `f` in `o`; throws when it is missing or repeated. */
function one(o: Json, f: string): string {
  const v = o[f];
  if (typeof v !== "string") throw new Error(`tshark record without a single ${f}: ${show(o)}`);
  return v;
}
/** A numeric field in decimal; tshark shows some (DS key id, DNSKEY flags) in hex, "0x3039". */
const num = (o: Json, f: string): string => String(Number(one(o, f)));
/** Every value of a field that may repeat (--no-duplicate-keys turns repeats into arrays). */
function all<T>(o: Json, f: string): T[] {
  const v = o[f];
  if (v === undefined) return [];
  // A raw value is itself an array, so only an array of arrays is a repeated raw field.
  const repeated = Array.isArray(v) && (!f.endsWith("_raw") || Array.isArray(v[0]));
  return (repeated ? v : [v]) as T[];
}
const rawHex = (o: Json, f: string): string => {
  const r = o[`${f}_raw`] as Raw | undefined;
  if (!Array.isArray(r) || typeof r[0] !== "string") throw new Error(`no ${f}_raw: ${show(o)}`);
  return r[0];
};
const show = (o: unknown): string => JSON.stringify(o).slice(0, 4000);

/** A domain name as tshark prints it → absolute presentation form. */
function absolute(name: string): string {
  if (name === "<Root>") return ".";
  // tshark prints label bytes as they are; anything beyond LDH, `_` and `*` would need the
  // \DDD escapes dig uses, which the printed form no longer tells apart. Say so, do not guess.
  if (!/^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*$/.test(name))
    throw new Error(`name with characters the oracle cannot present: ${JSON.stringify(name)}`);
  return `${name}.`;
}

/** A <character-string> as dig/kdig print it: quoted, `"` and `\` escaped, other non-printables as \DDD. */
export function quoteCharacterString(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) s += `\\${String(b).padStart(3, "0")}`;
    else s += String.fromCharCode(b);
  }
  return `${s}"`;
}

const base64 = (hex: string): string => Buffer.from(hex, "hex").toString("base64");

/** RFC 4034 §3.2: a 32-bit serial time as YYYYMMDDHHmmSS (UTC), the form kdig prints. */
function rrsigTime(hex: string): string {
  const d = new Date(Number.parseInt(hex, 16) * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The record's type: the first dns.resp.type (an NSEC's bitmap adds more, see below). */
function rrType(r: Json): number {
  const t = all<string>(r, "dns.resp.type")[0];
  if (t === undefined) throw new Error(`record without a type: ${show(r)}`);
  return Number(t);
}

/** One answer record tshark dissected → [TYPE, rdata in presentation form]. */
export function presentRecord(r: Json): [string, string] {
  const type = typeName(rrType(r));
  switch (type) {
    case "A":
      return [type, one(r, "dns.a")];
    case "AAAA":
      // tshark prints the RFC 5952 form, as kdig does.
      return [type, one(r, "dns.aaaa")];
    case "CNAME":
      return [type, absolute(one(r, "dns.cname"))];
    case "NS":
      return [type, absolute(one(r, "dns.ns"))];
    case "PTR":
      return [type, absolute(one(r, "dns.ptr.domain_name"))];
    case "DNAME":
      return [type, absolute(one(r, "dns.dname"))];
    case "MX":
      return [type, `${one(r, "dns.mx.preference")} ${absolute(one(r, "dns.mx.mail_exchange"))}`];
    case "TXT": {
      // Each <character-string> is its own dns.txt field; its raw bytes are the text
      // without the length octet (an empty string has an empty raw value).
      const lengths = all<string>(r, "dns.txt.length").map(Number);
      const raws = all<Raw>(r, "dns.txt_raw");
      const parts = lengths.map((n, i) => {
        const hex = raws[i]?.[0];
        if (hex === undefined || hex.length !== n * 2)
          throw new Error(`TXT string ${i} without its ${n} bytes: ${show(r)}`);
        return quoteCharacterString(Buffer.from(hex, "hex"));
      });
      if (parts.length === 0) throw new Error(`TXT without strings: ${show(r)}`);
      return [type, parts.join(" ")];
    }
    case "SOA":
      return [
        type,
        [
          absolute(one(r, "dns.soa.mname")),
          absolute(one(r, "dns.soa.rname")),
          one(r, "dns.soa.serial_number"),
          one(r, "dns.soa.refresh_interval"),
          one(r, "dns.soa.retry_interval"),
          one(r, "dns.soa.expire_limit"),
          one(r, "dns.soa.minimum_ttl"),
        ].join(" "),
      ];
    case "SRV":
      return [
        type,
        [
          one(r, "dns.srv.priority"),
          one(r, "dns.srv.weight"),
          one(r, "dns.srv.port"),
          absolute(one(r, "dns.srv.target")),
        ].join(" "),
      ];
    case "CAA": {
      // RFC 8659 §4.1.1: flags tag "value", the value as a quoted character-string.
      // tshark nests tag and value in a subtree named after the tag (dns.caa.issue_tree).
      const flags = Number.parseInt(rawHex(r, "dns.caa.flags"), 16);
      const tree = Object.values(r).find(
        (v): v is Json => typeof v === "object" && v !== null && "dns.caa.tag" in v,
      );
      if (!tree) throw new Error(`CAA without a tag: ${show(r)}`);
      const value = Buffer.from(rawHex(tree, "dns.caa.value"), "hex");
      return [type, `${flags} ${one(tree, "dns.caa.tag")} ${quoteCharacterString(value)}`];
    }
    case "DNSKEY":
    case "CDNSKEY":
      return [
        type,
        [
          num(r, "dns.dnskey.flags"),
          one(r, "dns.dnskey.protocol"),
          one(r, "dns.dnskey.algorithm"),
          base64(rawHex(r, "dns.dnskey.public_key")),
        ].join(" "),
      ];
    case "DS":
    case "CDS":
      return [
        type,
        [
          num(r, "dns.ds.key_id"),
          one(r, "dns.ds.algorithm"),
          one(r, "dns.ds.digest_type"),
          rawHex(r, "dns.ds.digest").toUpperCase(),
        ].join(" "),
      ];
    case "RRSIG":
      return [
        type,
        [
          typeName(Number(one(r, "dns.rrsig.type_covered"))),
          one(r, "dns.rrsig.algorithm"),
          one(r, "dns.rrsig.labels"),
          one(r, "dns.rrsig.original_ttl"),
          rrsigTime(rawHex(r, "dns.rrsig.signature_expiration")),
          rrsigTime(rawHex(r, "dns.rrsig.signature_inception")),
          one(r, "dns.rrsig.key_tag"),
          absolute(one(r, "dns.rrsig.signers_name")),
          base64(rawHex(r, "dns.rrsig.signature")),
        ].join(" "),
      ];
    case "NSEC": {
      // tshark lists the bitmap's types (RFC 4034 §4.1.2) as further dns.resp.type fields
      // of the record, in bitmap order, which is ascending.
      const bitmap = all<string>(r, "dns.resp.type").slice(1).map(Number);
      return [
        type,
        [absolute(one(r, "dns.nsec.next_domain_name")), ...bitmap.map(typeName)].join(" "),
      ];
    }
    default:
      throw new Error(`the oracle cannot present type ${type} yet: ${show(r)}`);
  }
}

interface Dissected {
  name: string;
  type: number;
  klass: number;
  fields: Json;
}

/** The records of a section ("Answers", "Authoritative nameservers"); their order is not kept. */
function records(section: unknown): Dissected[] {
  if (section === undefined) return [];
  const out: Dissected[] = [];
  for (const v of Object.values(section as Json)) {
    for (const r of (Array.isArray(v) ? v : [v]) as Json[]) {
      const name = owner(r);
      out.push({
        name: name === "<Root>" ? "." : name.toLowerCase(),
        type: rrType(r),
        klass: Number.parseInt(one(r, "dns.resp.class"), 16),
        fields: r,
      });
    }
  }
  return out;
}

/**
 * The owner name. tshark 4.0 dissects an SRV owner of the form _service._proto.name into
 * three fields (dns.srv.service, .proto, .name) instead of dns.resp.name.
 */
function owner(r: Json): string {
  if (r["dns.resp.name"] === undefined && r["dns.srv.service"] !== undefined)
    return ["dns.srv.service", "dns.srv.proto", "dns.srv.name"].map((f) => one(r, f)).join(".");
  return one(r, "dns.resp.name");
}

const under = (name: string, zone: string): boolean =>
  zone === "." || name === zone || name.endsWith(`.${zone}`);

/**
 * The keys (answerKey) of the answer records in `file` that a passive DNS store should hold:
 * only responses (QR=1), standard queries, rcode NOERROR, NXDOMAIN or YXDOMAIN, class IN.
 */
export async function tsharkAnswerKeys(
  file: string,
  o: TsharkAnswerOptions = {},
): Promise<Set<string>> {
  const args = [
    "-r",
    file,
    "-n",
    "-o",
    "tcp.desegment_tcp_streams:TRUE",
    "-o",
    "tcp.reassemble_out_of_order:TRUE",
    "-o",
    "dns.desegment_dns_messages:TRUE",
    "-o",
    "ip.defragment:TRUE",
    "-o",
    "ipv6.defragment:TRUE",
    // 5353 stays with tshark's mDNS dissector, which reads the cache-flush bit apart.
    ...(o.ports ?? [])
      .filter((p) => p !== MDNS_PORT)
      .flatMap((p) => ["-d", `udp.port==${p},dns`, "-d", `tcp.port==${p},dns`]),
    // ICMP errors quote the datagram that caused them; that is not a DNS message on the wire.
    "-Y",
    "dns.flags.response == 1 && !icmp && !icmpv6",
    "-T",
    "json",
    "-x",
    "--no-duplicate-keys",
  ];
  const read = new Set(o.ports?.length ? o.ports : [53]);
  const { stdout } = await run("tshark", args, { maxBuffer: 256 << 20, timeout: 60_000 });
  const packets = JSON.parse(stdout) as { _source: { layers: Json } }[];
  const keys = new Set<string>();
  for (const p of packets) {
    const layers = p._source.layers;
    const transport = (layers.udp ?? layers.tcp) as Json | undefined;
    if (transport === undefined) continue;
    const ports = [
      transport["udp.srcport"] ?? transport["tcp.srcport"],
      transport["udp.dstport"] ?? transport["tcp.dstport"],
    ].map(Number);
    if (!ports.some((port) => read.has(port))) continue;
    // RFC 6762: multicast DNS is UDP from port 5353 to port 5353 (a reply to a one-shot
    // query from another port is unicast DNS in all but the port); tshark puts it in "mdns".
    const mdns = layers.udp !== undefined && ports.every((port) => port === MDNS_PORT);
    const layer = layers.dns ?? layers.mdns;
    // A TCP segment may complete several messages: then "dns" is an array.
    for (const m of (Array.isArray(layer) ? layer : [layer]) as Json[]) {
      const answers = mdns ? mdnsAnswers(m) : messageAnswers(m, o.poisoningRules ?? true);
      for (const [name, type, rdata] of answers) keys.add(answerKey(name, type, rdata));
    }
  }
  return keys;
}

const MDNS_PORT = 5353;

/**
 * A multicast DNS response as dnsight reads it: every answer record is the responder's own
 * (RFC 6762 §6), question or none, so there is no chain to hang off; a non-zero rcode is
 * ignored (§18.11). tshark has already taken the cache-flush bit out of the class (§10.2).
 */
function mdnsAnswers(m: Json): [string, string, string][] {
  const flags = m["dns.flags_tree"] as Json;
  if (one(flags, "dns.flags.response") !== "1" || one(flags, "dns.flags.opcode") !== "0") return [];
  if (one(flags, "dns.flags.rcode") !== "0") return [];
  return records(m.Answers)
    .filter((rr) => rr.klass === 1)
    .map((rr) => {
      const [type, rdata] = presentRecord(rr.fields);
      return [rr.name, type, rdata];
    });
}

function messageAnswers(m: Json, rules: boolean): [string, string, string][] {
  const flags = m["dns.flags_tree"] as Json;
  if (one(flags, "dns.flags.response") !== "1" || one(flags, "dns.flags.opcode") !== "0") return [];
  // NOERROR, NXDOMAIN, and YXDOMAIN, which carries the DNAME whose substitution overflowed.
  const rcode = one(flags, "dns.flags.rcode");
  if (rcode !== "0" && rcode !== "3" && rcode !== "6") return [];
  const queries = Object.values((m.Queries ?? {}) as Json) as Json[];
  const first = queries[0];
  if (first === undefined) return [];
  const qname = one(first, "dns.qry.name");
  const answers = records(m.Answers);

  // The same two rules dnsight applies against poisoning (src/passive/answer-chain.ts), written
  // again here so the oracle states them rather than inherits them:
  // 1. a record counts only if its owner is the question or a name a CNAME in the answer leads
  //    to (or a DNAME at an ancestor of one of those names); `order` remembers the step at
  //    which the chain reached each name (the question is step 0);
  const order = new Map([[qname === "<Root>" ? "." : qname.toLowerCase(), 0]]);
  for (let grew = true; grew;) {
    grew = false;
    for (const rr of answers) {
      const add = (n: string): void => {
        if (!order.has(n)) {
          order.set(n, order.size);
          grew = true;
        }
      };
      if (rr.type === 5 && order.has(rr.name))
        add(one(rr.fields, "dns.cname").toLowerCase().replace(/\.$/, "") || ".");
      if (rr.type === 39 && [...order.keys()].some((n) => n !== rr.name && under(n, rr.name)))
        add(rr.name);
    }
  }
  // 2. per-link bailiwick: in an authoritative answer (AA) whose authority section has SOA or
  //    NS records, those owners are the zones the server speaks for besides the question's.
  //    The chain is vouched for up to the last name one of those zones holds (the question at
  //    least); records of names past it are not trusted.
  const aa = one(flags, "dns.flags.authoritative") === "1";
  const zones = aa
    ? records(m["Authoritative nameservers"])
        .filter((r) => r.type === 6 || r.type === 2)
        .map((r) => r.name)
    : [];
  let last = 0;
  for (const [n, step] of order) if (zones.some((z) => under(n, z))) last = Math.max(last, step);
  const vouched = (name: string): boolean => zones.length === 0 || (order.get(name) ?? 0) <= last;

  // 3. a zone transfer (QTYPE AXFR, 252) is the zone, not a chain: what lies in it counts.
  const zone = qname === "<Root>" ? "." : qname.toLowerCase();
  const transfer = one(first, "dns.qry.type") === "252";

  const out: [string, string, string][] = [];
  for (const rr of answers) {
    if (rr.klass !== 1) continue;
    if (rules && transfer && !under(rr.name, zone)) continue;
    if (rules && !transfer && !order.has(rr.name)) continue;
    if (rules && !transfer && !vouched(rr.name)) continue;
    const [type, rdata] = presentRecord(rr.fields);
    out.push([rr.name, type, rdata]);
  }
  return out;
}
