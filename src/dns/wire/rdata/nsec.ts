import { DnsightError } from "../../../errors.js";
import type { WireReader } from "../reader.js";
import { expectTokens } from "../text.js";
import { typeToString } from "../types.js";
import type { RdataCodec } from "./codec.js";
import {
  fromBase32Hex,
  fromHex,
  needTokens,
  parseType,
  readTypeBitmap,
  toBase32Hex,
  toHex,
  u16f,
  u8f,
  writeTypeBitmap,
} from "./fields.js";

// Authenticated denial of existence: NSEC (RFC 4034 §4), NSEC3 and NSEC3PARAM
// (RFC 5155) and their RFC 2535 predecessor NXT (kdig prints NXT as "\# len hex").

const nsec: RdataCodec = {
  decode(r, end) {
    const next = r.name("NSEC next name");
    return [next, ...readTypeBitmap(r, end, "NSEC")].join(" ");
  },
  encode(tokens, w) {
    needTokens(tokens, 1, "NSEC");
    w.rdataName(tokens[0]!.raw);
    writeTypeBitmap(tokens.slice(1), w, "NSEC");
  },
};

/** The salt field shared by NSEC3 and NSEC3PARAM: "-" when empty (RFC 5155 §3.3). */
function readSalt(r: WireReader, type: string): string {
  const len = r.u8(`${type} salt length`);
  return len === 0 ? "-" : toHex(r.bytes(len, `${type} salt`));
}

function saltFromText(raw: string, type: string): Buffer {
  const salt = raw === "-" ? Buffer.alloc(0) : fromHex(raw, `${type} salt`);
  if (salt.length > 255) throw new DnsightError("INPUT", `${type} salt longer than 255 bytes`);
  return salt;
}

const nsec3: RdataCodec = {
  decode(r, end) {
    const head = `${r.u8("NSEC3 algorithm")} ${r.u8("NSEC3 flags")} ${r.u16("NSEC3 iterations")} ${readSalt(r, "NSEC3")}`;
    const hashLen = r.u8("NSEC3 hash length");
    if (hashLen === 0) r.fail("NSEC3 with an empty next hashed owner", r.pos - 1);
    // kdig prints the hash in lower case, dig in upper case.
    const next = toBase32Hex(r.bytes(hashLen, "NSEC3 next hashed owner"));
    return [head, next, ...readTypeBitmap(r, end, "NSEC3")].join(" ");
  },
  encode(tokens, w) {
    needTokens(tokens, 5, "NSEC3");
    w.u8(u8f(tokens[0], "NSEC3 algorithm"));
    w.u8(u8f(tokens[1], "NSEC3 flags"));
    w.u16(u16f(tokens[2], "NSEC3 iterations"));
    w.charString(saltFromText(tokens[3]!.raw, "NSEC3"));
    const hash = fromBase32Hex(tokens[4]!.raw, "NSEC3 next hashed owner");
    if (hash.length < 1 || hash.length > 255)
      throw new DnsightError("INPUT", "NSEC3 next hashed owner must be 1..255 bytes");
    w.charString(hash);
    writeTypeBitmap(tokens.slice(5), w, "NSEC3");
  },
};

const nsec3param: RdataCodec = {
  decode: (r) =>
    `${r.u8("NSEC3PARAM algorithm")} ${r.u8("NSEC3PARAM flags")} ${r.u16("NSEC3PARAM iterations")} ${readSalt(r, "NSEC3PARAM")}`,
  encode(tokens, w) {
    expectTokens(tokens, 4, "NSEC3PARAM");
    w.u8(u8f(tokens[0], "NSEC3PARAM algorithm"));
    w.u8(u8f(tokens[1], "NSEC3PARAM flags"));
    w.u16(u16f(tokens[2], "NSEC3PARAM iterations"));
    w.charString(saltFromText(tokens[3]!.raw, "NSEC3PARAM"));
  },
};

/** RFC 2535 §5.2: NXT's bitmap covers types 0..127 from bit 0, without windows. */
const nxt: RdataCodec = {
  decode(r, end) {
    const out = [r.name("NXT next name")];
    const bytes = r.bytes(end - r.pos, "NXT bitmap");
    if (bytes.length > 16) r.fail("NXT bitmap longer than 16 bytes", r.pos - bytes.length);
    // Bit 0 set announces a bitmap format RFC 2535 never defined.
    if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0)
      r.fail("NXT bitmap in an undefined format (bit 0 set)", r.pos - bytes.length);
    for (let i = 0; i < bytes.length * 8; i++)
      if (bytes[i >> 3]! & (0x80 >> (i & 7))) out.push(typeToString(i));
    return out.join(" ");
  },
  encode(tokens, w) {
    needTokens(tokens, 1, "NXT");
    w.rdataName(tokens[0]!.raw);
    const bits = new Uint8Array(16);
    let len = 0;
    for (const t of tokens.slice(1)) {
      const code = parseType(t, "NXT bitmap");
      if (code < 1 || code > 127)
        throw new DnsightError("INPUT", `NXT bitmap cannot hold type ${t.raw}`);
      bits[code >> 3] = bits[code >> 3]! | (0x80 >> (code & 7));
      len = Math.max(len, (code >> 3) + 1);
    }
    w.bytes(bits.subarray(0, len));
  },
};

export const NSEC_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [30, nxt],
  [47, nsec],
  [50, nsec3],
  [51, nsec3param],
]);
