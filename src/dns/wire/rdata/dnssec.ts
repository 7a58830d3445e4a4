import { DnsightError } from "../../../errors.js";
import { typeToString } from "../types.js";
import type { RdataCodec } from "./codec.js";
import {
  fromBase64,
  fromHex,
  joinRest,
  needTokens,
  parseType,
  toBase64,
  toHex,
  u16f,
  u32f,
  u8f,
} from "./fields.js";

// DNSSEC keys, digests and signatures (RFC 4034, RFC 7344), their predecessors
// (RFC 2535 KEY/SIG, RFC 4431 DLV, the TA proposal) and RKEY, which shares the
// DNSKEY layout. The denial-of-existence types are in nsec.ts. kdig 3.2 prints SIG,
// RKEY, TA and DLV as RFC 3597 "\# len hex"; their text here follows dig.

/** flags protocol algorithm key: DNSKEY, CDNSKEY, KEY, RKEY. */
export function keyCodec(type: string): RdataCodec {
  return {
    decode(r, end) {
      const head = `${r.u16(`${type} flags`)} ${r.u8(`${type} protocol`)} ${r.u8(`${type} algorithm`)}`;
      return r.pos < end ? `${head} ${toBase64(r.bytes(end - r.pos))}` : head;
    },
    encode(tokens, w) {
      needTokens(tokens, 3, type);
      w.u16(u16f(tokens[0], `${type} flags`));
      w.u8(u8f(tokens[1], `${type} protocol`));
      w.u8(u8f(tokens[2], `${type} algorithm`));
      w.bytes(fromBase64(joinRest(tokens, 3), `${type} key`));
    },
  };
}

/** key-tag algorithm digest-type digest: DS, CDS, DLV, TA. */
export function dsCodec(type: string): RdataCodec {
  return {
    decode(r, end) {
      const head = `${r.u16(`${type} key tag`)} ${r.u8(`${type} algorithm`)} ${r.u8(`${type} digest type`)}`;
      return r.pos < end ? `${head} ${toHex(r.bytes(end - r.pos))}` : head;
    },
    encode(tokens, w) {
      needTokens(tokens, 3, type);
      w.u16(u16f(tokens[0], `${type} key tag`));
      w.u8(u8f(tokens[1], `${type} algorithm`));
      w.u8(u8f(tokens[2], `${type} digest type`));
      w.bytes(fromHex(joinRest(tokens, 3), `${type} digest`));
    },
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * RFC 4034 §3.2: signature times print as YYYYMMDDHHmmSS in UTC. The 32-bit value is
 * taken as the time nearest to `now` (serial arithmetic, §3.1.5), as dig and kdig both
 * do: 0xFFFFFFFF prints as 19691231235959, not 2106.
 */
export function timeToText(t: number, now = Date.now()): string {
  const nowS = Math.floor(now / 1000);
  const d = new Date((nowS + ((t - nowS) | 0)) * 1000);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Accepts YYYYMMDDHHmmSS or plain seconds; later dates wrap (serial arithmetic, RFC 4034 §3.1.5). */
export function timeFromText(raw: string, what: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(raw);
  if (!m) return u32f({ raw, quoted: false }, what);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new DnsightError("INPUT", `${what}: "${raw}" is not a valid time`);
  }
  return (((ms / 1000) % 2 ** 32) + 2 ** 32) % 2 ** 32;
}

/** type-covered algorithm labels ttl expiration inception key-tag signer signature: RRSIG, SIG. */
export function sigCodec(type: string): RdataCodec {
  return {
    decode(r, end) {
      const covered = typeToString(r.u16(`${type} type covered`));
      const alg = r.u8(`${type} algorithm`);
      const labels = r.u8(`${type} labels`);
      const ttl = r.u32(`${type} original TTL`);
      const exp = timeToText(r.u32(`${type} expiration`));
      const inc = timeToText(r.u32(`${type} inception`));
      const tag = r.u16(`${type} key tag`);
      const signer = r.name(`${type} signer`);
      const sig = r.pos < end ? " " + toBase64(r.bytes(end - r.pos)) : "";
      return `${covered} ${alg} ${labels} ${ttl} ${exp} ${inc} ${tag} ${signer}${sig}`;
    },
    encode(tokens, w) {
      needTokens(tokens, 8, type);
      w.u16(parseType(tokens[0]!, `${type} type covered`));
      w.u8(u8f(tokens[1], `${type} algorithm`));
      w.u8(u8f(tokens[2], `${type} labels`));
      w.u32(u32f(tokens[3], `${type} original TTL`));
      w.u32(timeFromText(tokens[4]!.raw, `${type} expiration`));
      w.u32(timeFromText(tokens[5]!.raw, `${type} inception`));
      w.u16(u16f(tokens[6], `${type} key tag`));
      w.rdataName(tokens[7]!.raw);
      w.bytes(fromBase64(joinRest(tokens, 8), `${type} signature`));
    },
  };
}

export const DNSSEC_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [24, sigCodec("SIG")],
  [25, keyCodec("KEY")],
  [43, dsCodec("DS")],
  [46, sigCodec("RRSIG")],
  [48, keyCodec("DNSKEY")],
  [57, keyCodec("RKEY")],
  [59, dsCodec("CDS")],
  [60, keyCodec("CDNSKEY")],
  [32768, dsCodec("TA")],
  [32769, dsCodec("DLV")],
]);
