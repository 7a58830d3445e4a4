import { DnsightError } from "../../../errors.js";
import { ipv4ToBytes, ipv4ToText, ipv6ToBytes, ipv6ToRfc5952Text } from "../../../net/ip.js";
import type { WireReader } from "../reader.js";
import { expectTokens, parseUint, quoteBytes, unescapeBytes, type Token } from "../text.js";
import type { WireWriter } from "../writer.js";
import type { RdataCodec } from "./codec.js";

// The RFC 1035 / RFC 3596 types: addresses, single names, MX, SOA and the
// character-string types. Names here may be compressed (RFC 3597 §4).

const a: RdataCodec = {
  decode: (r) => ipv4ToText(r.bytes(4, "A address")),
  encode(tokens, w) {
    expectTokens(tokens, 1, "A");
    const b = ipv4ToBytes(tokens[0]!.raw);
    if (!b) throw new DnsightError("INPUT", `A: "${tokens[0]!.raw}" is not an IPv4 address`);
    w.bytes(b);
  },
};

const aaaa: RdataCodec = {
  decode: (r) => ipv6ToRfc5952Text(r.bytes(16, "AAAA address")),
  encode(tokens, w) {
    expectTokens(tokens, 1, "AAAA");
    const b = ipv6ToBytes(tokens[0]!.raw);
    if (!b) throw new DnsightError("INPUT", `AAAA: "${tokens[0]!.raw}" is not an IPv6 address`);
    w.bytes(b);
  },
};

/** A type whose RDATA is a fixed list of names (NS, CNAME, MINFO, RP, ...). */
export function namesCodec(type: string, count: number, compressible: boolean): RdataCodec {
  return {
    compressible,
    decode(r: WireReader) {
      let out = r.name(`${type} name`);
      for (let i = 1; i < count; i++) out += " " + r.name(`${type} name`);
      return out;
    },
    encode(tokens: readonly Token[], w: WireWriter) {
      expectTokens(tokens, count, type);
      for (const t of tokens) w.rdataName(t.raw);
    },
  };
}

/** A 16-bit preference followed by a name (MX, AFSDB, RT, KX). */
export function prefNameCodec(type: string, compressible: boolean): RdataCodec {
  return {
    compressible,
    decode: (r) => `${r.u16(`${type} preference`)} ${r.name(`${type} name`)}`,
    encode(tokens, w) {
      expectTokens(tokens, 2, type);
      w.u16(parseUint(tokens[0], 0xffff, `${type} preference`));
      w.rdataName(tokens[1]!.raw);
    },
  };
}

const soa: RdataCodec = {
  compressible: true,
  decode(r) {
    const mname = r.name("SOA MNAME");
    const rname = r.name("SOA RNAME");
    return `${mname} ${rname} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()}`;
  },
  encode(tokens, w) {
    expectTokens(tokens, 7, "SOA");
    w.rdataName(tokens[0]!.raw);
    w.rdataName(tokens[1]!.raw);
    for (let i = 2; i < 7; i++) w.u32(parseUint(tokens[i], 0xffffffff, "SOA field"));
  },
};

/** One or more <character-string>s, each quoted on output (TXT, SPF). */
export const stringsCodec = (type: string, min: number, max: number): RdataCodec => ({
  decode(r, end) {
    const parts: string[] = [];
    while (r.pos < end) {
      const len = r.u8(`${type} string length`);
      r.need(len, `${type} string`);
      parts.push(quoteBytes(r.buf, r.pos, r.pos + len));
      r.pos += len;
    }
    // A count the encoder would refuse is malformed (dig says FORMERR): HINFO is two strings.
    if (parts.length < min || parts.length > max)
      r.fail(
        `${type} RDATA with ${parts.length} strings (${min === max ? min : `${min} to ${max}`} expected)`,
      );
    return parts.join(" ");
  },
  encode(tokens, w) {
    if (tokens.length < min || tokens.length > max) {
      throw new DnsightError(
        "INPUT",
        `${type} data needs ${min === max ? min : `${min} or more`} strings, got ${tokens.length}`,
      );
    }
    for (const t of tokens) writeCharString(t, w, type);
  },
});

export function writeCharString(t: Token, w: WireWriter, type: string): void {
  const b = unescapeBytes(t.raw);
  if (b.length > 255)
    throw new DnsightError("INPUT", `${type}: a character-string is limited to 255 bytes`);
  w.charString(b);
}

export const BASIC_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [1, a],
  [2, namesCodec("NS", 1, true)],
  [3, namesCodec("MD", 1, true)],
  [4, namesCodec("MF", 1, true)],
  [5, namesCodec("CNAME", 1, true)],
  [6, soa],
  [7, namesCodec("MB", 1, true)],
  [8, namesCodec("MG", 1, true)],
  [9, namesCodec("MR", 1, true)],
  [12, namesCodec("PTR", 1, true)],
  [13, stringsCodec("HINFO", 2, 2)],
  [14, namesCodec("MINFO", 2, true)],
  [15, prefNameCodec("MX", true)],
  [16, stringsCodec("TXT", 1, Infinity)],
  [17, namesCodec("RP", 2, false)],
  [18, prefNameCodec("AFSDB", false)],
  [21, prefNameCodec("RT", false)],
  [28, aaaa],
  [36, prefNameCodec("KX", false)],
  [39, namesCodec("DNAME", 1, false)],
  [99, stringsCodec("SPF", 1, Infinity)],
]);
