import { DnsightError } from "../../../errors.js";
import type { WireReader } from "../reader.js";
import { tokenize } from "../text.js";
import { typeToString } from "../types.js";
import type { WireWriter } from "../writer.js";
import type { RdataCodec } from "./codec.js";
import { BASIC_CODECS } from "./basic.js";
import { DNSSEC_CODECS } from "./dnssec.js";
import { LEGACY_CODECS } from "./legacy.js";
import { LOC_CODECS } from "./loc.js";
import { MISC_CODECS } from "./misc.js";
import { NAMING_CODECS } from "./naming.js";
import { NSEC_CODECS } from "./nsec.js";
import { SECURITY_CODECS } from "./security.js";
import { SVCB_CODECS } from "./svcb.js";
import { decodeUnknown, encodeUnknown, isUnknownForm } from "./unknown.js";

const CODECS = new Map<number, RdataCodec>();

/** Registers codecs by type code; each family module exports its table. */
function register(table: ReadonlyMap<number, RdataCodec>): void {
  for (const [code, codec] of table) CODECS.set(code, codec);
}
register(BASIC_CODECS);
register(DNSSEC_CODECS);
register(NSEC_CODECS);
register(SECURITY_CODECS);
register(SVCB_CODECS);
register(LOC_CODECS);
register(NAMING_CODECS);
register(MISC_CODECS);
register(LEGACY_CODECS);

export function hasCodec(type: number): boolean {
  return CODECS.has(type);
}

/** Decodes `len` bytes of RDATA of `type` into presentation text. */
export function decodeRdata(type: number, r: WireReader, len: number): string {
  const end = r.pos + len;
  if (end > r.end) r.fail(`RDATA of ${typeToString(type)} runs past the end of the message`);
  const codec = CODECS.get(type);
  if (codec === undefined) return decodeUnknown(r, end);
  const start = r.pos;
  const savedEnd = r.end;
  r.end = end;
  try {
    const text = codec.decode(r, end);
    if (r.pos !== end)
      r.fail(`${end - r.pos} unexpected trailing bytes in ${typeToString(type)} RDATA`);
    return text;
  } catch (e) {
    if (e instanceof DnsightError && e.code === "WIRE") throw e;
    throw new DnsightError("WIRE", `malformed ${typeToString(type)} RDATA at byte ${start}`, {
      cause: e,
    });
  } finally {
    r.end = savedEnd;
  }
}

/** Types whose text runs to ten characters for each bit of a bitmap ("TYPE65535 ", a WKS port). */
const BITMAP_TYPES: ReadonlySet<number> = new Set([11, 30, 47, 50, 62]);

/**
 * The longest presentation text RDATA of `type` can have: 65,535 bytes print as at most
 * 4.5 characters a byte ("\DDD", or "key65535," for a two-byte SvcParamKey), or ten a
 * bitmap bit (NSEC, NSEC3, CSYNC, NXT, WKS). Longer text is refused before it is read, so
 * a megabyte line in a sensor's log costs nothing (it used to take seconds).
 */
export function maxRdataText(type: number): number {
  return BITMAP_TYPES.has(type) ? 10 * 65_536 + 4096 : 5 * 65_535;
}

/** Encodes presentation text of `type` as RDATA (RFC 3597 `\# len hex` accepted for any type). */
export function encodeRdata(type: number, text: string, w: WireWriter, compress = false): void {
  if (text.length > maxRdataText(type))
    throw new DnsightError(
      "INPUT",
      `${typeToString(type)} data of ${text.length} characters is longer than any RDATA can be`,
    );
  const tokens = tokenize(text);
  if (isUnknownForm(tokens)) {
    encodeUnknown(tokens, w);
    return;
  }
  const codec = CODECS.get(type);
  if (codec === undefined) {
    throw new DnsightError(
      "INPUT",
      `${typeToString(type)} data must be in RFC 3597 form (\\# LEN HEX), got "${text}"`,
    );
  }
  w.compressRdata = compress && codec.compressible === true;
  const start = w.pos;
  try {
    codec.encode(tokens, w);
  } finally {
    w.compressRdata = false;
  }
  // RDLENGTH is 16 bits (RFC 1035 §3.2.1): 65,536 one-byte TXT strings would be cut to
  // their first bytes' worth when the length is written.
  if (w.pos - start > 0xffff)
    throw new DnsightError(
      "INPUT",
      `${typeToString(type)} data makes ${w.pos - start} bytes of RDATA, over 65535`,
    );
}
