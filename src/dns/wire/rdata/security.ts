import { DnsightError } from "../../../errors.js";
import { ipv4ToBytes, ipv4ToText, ipv6ToBytes, ipv6ToRfc5952Text } from "../../../net/ip.js";
import type { RdataCodec } from "./codec.js";
import {
  fromBase64,
  fromHex,
  joinRest,
  needTokens,
  nonEmpty,
  toBase64,
  toHex,
  u16f,
  u32f,
  u8f,
} from "./fields.js";

// Certificates, fingerprints and keys outside DNSSEC proper: TLSA (RFC 6698),
// SMIMEA (RFC 8162), SSHFP (RFC 4255), CERT (RFC 4398), OPENPGPKEY (RFC 7929),
// DHCID (RFC 4701), IPSECKEY (RFC 4025), HIP (RFC 8005), ZONEMD (RFC 8976).

/** A few one-byte numbers, then a hex blob: TLSA, SMIMEA, SSHFP, ZONEMD. */
function numbersHexCodec(type: string, widths: readonly (1 | 4)[]): RdataCodec {
  return {
    decode(r, end) {
      const head = widths
        .map((wd) => (wd === 1 ? r.u8(`${type} field`) : r.u32(`${type} field`)))
        .join(" ");
      return r.pos < end ? `${head} ${toHex(r.bytes(end - r.pos))}` : head;
    },
    encode(tokens, w) {
      needTokens(tokens, widths.length, type);
      widths.forEach((wd, i) =>
        wd === 1 ? w.u8(u8f(tokens[i], `${type} field`)) : w.u32(u32f(tokens[i], `${type} field`)),
      );
      w.bytes(fromHex(joinRest(tokens, widths.length), `${type} data`));
    },
  };
}

/** RDATA that is one base64 blob: OPENPGPKEY, DHCID. */
function base64Codec(type: string): RdataCodec {
  return {
    decode: (r, end) => toBase64(nonEmpty(r, end, `${type} data`)),
    encode(tokens, w) {
      needTokens(tokens, 1, type);
      w.bytes(fromBase64(joinRest(tokens, 0), `${type} data`));
    },
  };
}

// RFC 4398 §2.1/§2.2 mnemonics; accepted on input, while kdig prints numbers.
const CERT_TYPES: Record<string, number> = {
  PKIX: 1,
  SPKI: 2,
  PGP: 3,
  IPKIX: 4,
  ISPKI: 5,
  IPGP: 6,
  ACPKIX: 7,
  IACPKIX: 8,
  URI: 253,
  OID: 254,
};
const ALGORITHMS: Record<string, number> = {
  RSAMD5: 1,
  DH: 2,
  DSA: 3,
  RSASHA1: 5,
  "DSA-NSEC3-SHA1": 6,
  "RSASHA1-NSEC3-SHA1": 7,
  RSASHA256: 8,
  RSASHA512: 10,
  "ECC-GOST": 12,
  ECDSAP256SHA256: 13,
  ECDSAP384SHA384: 14,
  ED25519: 15,
  ED448: 16,
  INDIRECT: 252,
  PRIVATEDNS: 253,
  PRIVATEOID: 254,
};

/** dig prints CERT type and algorithm mnemonics (`PGP 0 0`); kdig prints numbers (`3 0 0`), which we follow. */
const cert: RdataCodec = {
  decode(r, end) {
    const head = `${r.u16("CERT type")} ${r.u16("CERT key tag")} ${r.u8("CERT algorithm")}`;
    return r.pos < end ? `${head} ${toBase64(r.bytes(end - r.pos))}` : head;
  },
  encode(tokens, w) {
    needTokens(tokens, 3, "CERT");
    const t0 = tokens[0]!;
    const t2 = tokens[2]!;
    w.u16(CERT_TYPES[t0.raw.toUpperCase()] ?? u16f(t0, "CERT type"));
    w.u16(u16f(tokens[1], "CERT key tag"));
    w.u8(ALGORITHMS[t2.raw.toUpperCase()] ?? u8f(t2, "CERT algorithm"));
    w.bytes(fromBase64(joinRest(tokens, 3), "CERT certificate"));
  },
};

/** RFC 4025 §2.3: the gateway's form depends on the gateway type; "." when there is none. */
const ipseckey: RdataCodec = {
  decode(r, end) {
    const prec = r.u8("IPSECKEY precedence");
    const gwType = r.u8("IPSECKEY gateway type");
    const alg = r.u8("IPSECKEY algorithm");
    let gw: string;
    if (gwType === 0) gw = ".";
    else if (gwType === 1) gw = ipv4ToText(r.bytes(4, "IPSECKEY gateway"));
    else if (gwType === 2) gw = ipv6ToRfc5952Text(r.bytes(16, "IPSECKEY gateway"));
    else if (gwType === 3) gw = r.name("IPSECKEY gateway");
    else gw = r.fail(`IPSECKEY gateway type ${gwType} unknown`, r.pos - 2);
    const key = r.pos < end ? " " + toBase64(r.bytes(end - r.pos)) : "";
    return `${prec} ${gwType} ${alg} ${gw}${key}`;
  },
  encode(tokens, w) {
    needTokens(tokens, 4, "IPSECKEY");
    const gwType = u8f(tokens[1], "IPSECKEY gateway type");
    w.u8(u8f(tokens[0], "IPSECKEY precedence"));
    w.u8(gwType);
    w.u8(u8f(tokens[2], "IPSECKEY algorithm"));
    const gw = tokens[3]!.raw;
    const bad = (): never => {
      throw new DnsightError(
        "INPUT",
        `IPSECKEY gateway "${gw}" does not fit gateway type ${gwType}`,
      );
    };
    if (gwType === 0) {
      if (gw !== ".") bad();
    } else if (gwType === 1) w.bytes(ipv4ToBytes(gw) ?? bad());
    else if (gwType === 2) w.bytes(ipv6ToBytes(gw) ?? bad());
    else if (gwType === 3) w.rdataName(gw);
    else bad();
    w.bytes(fromBase64(joinRest(tokens, 4), "IPSECKEY key"));
  },
};

/** RFC 8005 §5: algorithm, HIT in hex, key in base64, rendezvous servers (as dig; kdig prints "\# len hex"). */
const hip: RdataCodec = {
  decode(r, end) {
    const hitLen = r.u8("HIP HIT length");
    const alg = r.u8("HIP algorithm");
    const pkLen = r.u16("HIP key length");
    // RFC 8005 §5: both are required; empty, they print as nothing and cannot be read back.
    if (hitLen === 0) r.fail("HIP with an empty HIT", r.pos - 4);
    if (pkLen === 0) r.fail("HIP with an empty public key", r.pos - 2);
    const hit = toHex(r.bytes(hitLen, "HIP HIT"));
    const pk = toBase64(r.bytes(pkLen, "HIP public key"));
    const out = [`${alg} ${hit} ${pk}`];
    while (r.pos < end) out.push(r.name("HIP rendezvous server"));
    return out.join(" ");
  },
  encode(tokens, w) {
    needTokens(tokens, 3, "HIP");
    const hit = fromHex(tokens[1]!.raw, "HIP HIT");
    const pk = fromBase64(tokens[2]!.raw, "HIP public key");
    if (hit.length === 0 || hit.length > 255)
      throw new DnsightError("INPUT", "HIP HIT must be 1..255 bytes");
    w.u8(hit.length);
    w.u8(u8f(tokens[0], "HIP algorithm"));
    w.u16(pk.length);
    w.bytes(hit);
    w.bytes(pk);
    for (const t of tokens.slice(3)) w.rdataName(t.raw);
  },
};

export const SECURITY_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [37, cert],
  [44, numbersHexCodec("SSHFP", [1, 1])],
  [45, ipseckey],
  [49, base64Codec("DHCID")],
  [52, numbersHexCodec("TLSA", [1, 1, 1])],
  [53, numbersHexCodec("SMIMEA", [1, 1, 1])],
  [55, hip],
  [61, base64Codec("OPENPGPKEY")],
  [63, numbersHexCodec("ZONEMD", [4, 1, 1])],
]);
