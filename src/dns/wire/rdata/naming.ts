import { DnsightError } from "../../../errors.js";
import { expectTokens, quoteBytes, unescapeBytes } from "../text.js";
import type { RdataCodec } from "./codec.js";
import { namesCodec, writeCharString } from "./basic.js";
import { u16f, u8f } from "./fields.js";

// Types that point at services and names: NAPTR (RFC 3403), SRV (RFC 2782),
// URI (RFC 7553), CAA (RFC 8659), PX (RFC 2163), NSAP-PTR (RFC 1348) and
// TALINK. None of their names may be compressed when written (RFC 3597 §4).
// kdig 3.2 prints PX, NSAP-PTR and TALINK as "\# len hex"; we print them as dig does.

const naptr: RdataCodec = {
  decode(r) {
    const head = `${r.u16("NAPTR order")} ${r.u16("NAPTR preference")}`;
    const strs = [0, 1, 2].map(() => quoteBytes(r.charString("NAPTR character-string")));
    return `${head} ${strs.join(" ")} ${r.name("NAPTR replacement")}`;
  },
  encode(tokens, w) {
    expectTokens(tokens, 6, "NAPTR");
    w.u16(u16f(tokens[0], "NAPTR order"));
    w.u16(u16f(tokens[1], "NAPTR preference"));
    for (let i = 2; i < 5; i++) writeCharString(tokens[i]!, w, "NAPTR");
    w.rdataName(tokens[5]!.raw);
  },
};

const srv: RdataCodec = {
  decode: (r) =>
    `${r.u16("SRV priority")} ${r.u16("SRV weight")} ${r.u16("SRV port")} ${r.name("SRV target")}`,
  encode(tokens, w) {
    expectTokens(tokens, 4, "SRV");
    for (let i = 0; i < 3; i++) w.u16(u16f(tokens[i], "SRV field"));
    w.rdataName(tokens[3]!.raw);
  },
};

/** RFC 7553 §4.5: the target is the rest of the RDATA, not a <character-string>. */
const uri: RdataCodec = {
  decode: (r, end) =>
    `${r.u16("URI priority")} ${r.u16("URI weight")} ${quoteBytes(r.bytes(end - r.pos, "URI target"))}`,
  encode(tokens, w) {
    expectTokens(tokens, 3, "URI");
    w.u16(u16f(tokens[0], "URI priority"));
    w.u16(u16f(tokens[1], "URI weight"));
    w.bytes(unescapeBytes(tokens[2]!.raw));
  },
};

/** RFC 8659 §4.1: flags, a tag of 1..15 letters and digits, and a value filling the rest. */
const caa: RdataCodec = {
  decode(r, end) {
    const flags = r.u8("CAA flags");
    const tagLen = r.u8("CAA tag length");
    const tag = r.bytes(tagLen, "CAA tag");
    if (tagLen === 0) r.fail("CAA tag is empty", r.pos - 1);
    // RFC 8659 §4.1: letters and digits only. kdig prints another tag quoted, which no
    // zone parser reads as a tag; dig refuses the record (FORMERR), and so do we.
    if (!/^[A-Za-z0-9]+$/.test(tag.toString("latin1")))
      r.fail("CAA tag is not letters and digits", r.pos - tagLen);
    const value = r.bytes(end - r.pos, "CAA value");
    return `${flags} ${tag.toString("latin1")} ${quoteBytes(value)}`;
  },
  encode(tokens, w) {
    expectTokens(tokens, 3, "CAA");
    const tag = tokens[1]!.raw;
    if (!/^[A-Za-z0-9]{1,255}$/.test(tag))
      throw new DnsightError("INPUT", `CAA tag "${tag}" must be letters and digits`);
    w.u8(u8f(tokens[0], "CAA flags"));
    w.charString(Buffer.from(tag, "latin1"));
    w.bytes(unescapeBytes(tokens[2]!.raw));
  },
};

const px: RdataCodec = {
  decode: (r) => `${r.u16("PX preference")} ${r.name("PX MAP822")} ${r.name("PX MAPX400")}`,
  encode(tokens, w) {
    expectTokens(tokens, 3, "PX");
    w.u16(u16f(tokens[0], "PX preference"));
    w.rdataName(tokens[1]!.raw);
    w.rdataName(tokens[2]!.raw);
  },
};

export const NAMING_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [23, namesCodec("NSAP-PTR", 1, false)],
  [26, px],
  [33, srv],
  [35, naptr],
  [58, namesCodec("TALINK", 2, false)],
  [256, uri],
  [257, caa],
]);
