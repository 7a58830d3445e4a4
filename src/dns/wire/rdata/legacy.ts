import { DnsightError } from "../../../errors.js";
import { ipv4ToBytes, ipv4ToText, ipv6ToBytes, ipv6ToInetNtopText } from "../../../net/ip.js";
import { expectTokens, quoteBytes } from "../text.js";
import type { RdataCodec } from "./codec.js";
import { stringsCodec, writeCharString } from "./basic.js";
import {
  fromBase64,
  fromHex,
  joinRest,
  needTokens,
  nonEmpty,
  toBase64,
  toHex,
  u32f,
  u8f,
} from "./fields.js";

// Types only dig knows (Knot 3.2 shows them as RFC 3597 "\# len hex", so a
// comparison against kdig must skip them). The text follows BIND 9.18: WKS
// (RFC 1035), X25/ISDN (RFC 1183), NSAP (RFC 1706), GPOS (RFC 1712), A6
// (RFC 2874), EID/NIMLOC/ATMA/SINK/NINFO drafts, AVC, DOA, RESINFO (RFC 9606), WALLET.

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17 };

/** RFC 1035 §3.4.2: address, protocol number, then the port bitmap as a list of ports. */
const wks: RdataCodec = {
  decode(r, end) {
    const out = [ipv4ToText(r.bytes(4, "WKS address")), String(r.u8("WKS protocol"))];
    const bits = r.bytes(end - r.pos, "WKS bitmap");
    if (bits.length > 8192) r.fail("WKS bitmap longer than 8192 bytes", r.pos - bits.length);
    for (let p = 0; p < bits.length * 8; p++)
      if (bits[p >> 3]! & (0x80 >> (p & 7))) out.push(String(p));
    return out.join(" ");
  },
  encode(tokens, w) {
    needTokens(tokens, 2, "WKS");
    const addr = ipv4ToBytes(tokens[0]!.raw);
    if (!addr) throw new DnsightError("INPUT", `WKS: "${tokens[0]!.raw}" is not an IPv4 address`);
    w.bytes(addr);
    w.u8(PROTOCOLS[tokens[1]!.raw.toLowerCase()] ?? u8f(tokens[1], "WKS protocol"));
    const ports = tokens.slice(2).map((t) => Number(/^\d{1,5}$/.test(t.raw) ? t.raw : NaN));
    if (ports.some((p) => !(p <= 0xffff)))
      throw new DnsightError("INPUT", "WKS ports must be numbers up to 65535");
    const bits = new Uint8Array(ports.length ? (Math.max(...ports) >> 3) + 1 : 0);
    for (const p of ports) bits[p >> 3] = bits[p >> 3]! | (0x80 >> (p & 7));
    w.bytes(bits);
  },
};

/** RFC 1706 §5: BIND prints the NSAP as "0x" and lower-case hex; dots are allowed on input. */
const nsap: RdataCodec = {
  decode: (r, end) => "0x" + toHex(nonEmpty(r, end, "NSAP address")).toLowerCase(),
  encode(tokens, w) {
    expectTokens(tokens, 1, "NSAP");
    const m = /^0x([0-9a-f.]+)$/i.exec(tokens[0]!.raw);
    const hex = m?.[1]!.replace(/\./g, "") ?? "";
    if (!m || hex.length === 0)
      throw new DnsightError("INPUT", `NSAP: "${tokens[0]!.raw}" is not 0x-prefixed hex`);
    w.bytes(fromHex(hex, "NSAP address"));
  },
};

/** RFC 2874 §3.1.1: prefix length, the address bits after the prefix, and the prefix name. */
const a6: RdataCodec = {
  decode(r) {
    const plen = r.u8("A6 prefix length");
    if (plen > 128) r.fail(`A6 prefix length ${plen} over 128`, r.pos - 1);
    const addr = new Uint8Array(16);
    const skip = plen >> 3;
    addr.set(r.bytes(16 - skip, "A6 address suffix"), skip);
    // With a 128-bit prefix there is no suffix, and dig prints no address.
    const out = plen === 128 ? "128" : `${plen} ${ipv6ToInetNtopText(addr)}`;
    return plen > 0 ? `${out} ${r.name("A6 prefix name")}` : out;
  },
  encode(tokens, w) {
    const plen = u8f(tokens[0], "A6 prefix length");
    const t =
      plen === 128 && tokens.length === 2
        ? [tokens[0]!, { raw: "::", quoted: false }, tokens[1]!]
        : tokens;
    expectTokens(t, plen > 0 ? 3 : 2, "A6");
    const addr = ipv6ToBytes(t[1]!.raw);
    if (plen > 128 || !addr)
      throw new DnsightError("INPUT", `A6: bad prefix length or address "${t[1]!.raw}"`);
    w.u8(plen);
    w.bytes(addr.subarray(plen >> 3));
    if (plen > 0) w.rdataName(t[2]!.raw);
  },
};

/** Opaque hex RDATA (EID, NIMLOC). */
function hexCodec(type: string): RdataCodec {
  return {
    decode: (r, end) => toHex(nonEmpty(r, end, `${type} data`)),
    encode(tokens, w) {
      needTokens(tokens, 1, type);
      w.bytes(fromHex(joinRest(tokens, 0), `${type} data`));
    },
  };
}

/** ATM address: format 0 (AESA) as hex, format 1 (E.164) as "+digits" (ATM Forum af-saa-0069). */
const atma: RdataCodec = {
  decode(r, end) {
    const format = r.u8("ATMA format");
    const addr = nonEmpty(r, end, "ATMA address");
    if (format === 0) return toHex(addr).toLowerCase();
    // E.164 is digits only (BIND refuses anything else, as the encoder does)
    if (format === 1 && /^\d+$/.test(addr.toString("latin1"))) return "+" + addr.toString("latin1");
    if (format === 1) return r.fail("ATMA E.164 address with a non-digit", r.pos - addr.length);
    return r.fail(`ATMA format ${format} unknown`, r.pos - addr.length - 1);
  },
  encode(tokens, w) {
    expectTokens(tokens, 1, "ATMA");
    const raw = tokens[0]!.raw;
    if (/^\+\d+$/.test(raw)) {
      w.u8(1);
      w.bytes(Buffer.from(raw.slice(1), "latin1"));
    } else {
      w.u8(0);
      w.bytes(fromHex(raw.replace(/\./g, ""), "ATMA address"));
    }
  },
};

/** meaning coding subcoding data (draft-eastlake-kitchen-sink). */
const sink: RdataCodec = {
  decode(r, end) {
    const head = `${r.u8("SINK meaning")} ${r.u8("SINK coding")} ${r.u8("SINK subcoding")}`;
    return r.pos < end ? `${head} ${toBase64(r.bytes(end - r.pos))}` : head;
  },
  encode(tokens, w) {
    needTokens(tokens, 3, "SINK");
    for (let i = 0; i < 3; i++) w.u8(u8f(tokens[i], "SINK field"));
    w.bytes(fromBase64(joinRest(tokens, 3), "SINK data"));
  },
};

/** enterprise type location "media-type" data, "-" for no data (draft-durand-doa-over-dns). */
const doa: RdataCodec = {
  decode(r, end) {
    const head = `${r.u32("DOA enterprise")} ${r.u32("DOA type")} ${r.u8("DOA location")}`;
    const media = quoteBytes(r.charString("DOA media type"));
    return `${head} ${media} ${r.pos < end ? toBase64(r.bytes(end - r.pos)) : "-"}`;
  },
  encode(tokens, w) {
    needTokens(tokens, 5, "DOA");
    w.u32(u32f(tokens[0], "DOA enterprise"));
    w.u32(u32f(tokens[1], "DOA type"));
    w.u8(u8f(tokens[2], "DOA location"));
    writeCharString(tokens[3]!, w, "DOA");
    const data = joinRest(tokens, 4);
    if (data !== "-") w.bytes(fromBase64(data, "DOA data"));
  },
};

export const LEGACY_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [11, wks],
  [19, stringsCodec("X25", 1, 1)],
  [20, stringsCodec("ISDN", 1, 2)],
  [22, nsap],
  [27, stringsCodec("GPOS", 3, 3)],
  [31, hexCodec("EID")],
  [32, hexCodec("NIMLOC")],
  [34, atma],
  [38, a6],
  [40, sink],
  [56, stringsCodec("NINFO", 1, Infinity)],
  [258, stringsCodec("AVC", 1, Infinity)],
  [259, doa],
  [261, stringsCodec("RESINFO", 1, Infinity)],
  [262, stringsCodec("WALLET", 1, Infinity)],
]);
