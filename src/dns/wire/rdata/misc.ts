import { DnsightError } from "../../../errors.js";
import {
  ipv4ToBytes,
  ipv4ToText,
  ipv6ToBytes,
  ipv6ToInetNtopText,
  ipv6ToRfc5952Text,
} from "../../../net/ip.js";
import { expectTokens } from "../text.js";
import type { RdataCodec } from "./codec.js";
import { needTokens, readTypeBitmap, u16f, u32f, u8f, writeTypeBitmap } from "./fields.js";

// ILNP (RFC 6742: NID, L32, L64, LP), EUI48/EUI64 (RFC 7043), APL (RFC 3123),
// CSYNC (RFC 7477) and AMTRELAY (RFC 8777, which kdig 3.2 prints as "\# len hex", so its
// relay address follows dig: ::192.0.2.1 where kdig would print ::c000:201).

/** A preference and a 64-bit locator or node id: kdig prints "0014:4FFF:FF20:EE64", dig "14:4fff:ff20:ee64". */
function pref64Codec(type: string): RdataCodec {
  return {
    decode(r) {
      const pref = r.u16(`${type} preference`);
      const b = r.bytes(8, `${type} value`);
      const groups = [0, 2, 4, 6].map((i) => b.toString("hex", i, i + 2).toUpperCase());
      return `${pref} ${groups.join(":")}`;
    },
    encode(tokens, w) {
      expectTokens(tokens, 2, type);
      w.u16(u16f(tokens[0], `${type} preference`));
      const groups = tokens[1]!.raw.split(":");
      if (groups.length !== 4 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
        throw new DnsightError(
          "INPUT",
          `${type}: "${tokens[1]!.raw}" is not four 16-bit hex groups`,
        );
      }
      for (const g of groups) w.u16(parseInt(g, 16));
    },
  };
}

const l32: RdataCodec = {
  decode: (r) => `${r.u16("L32 preference")} ${ipv4ToText(r.bytes(4, "L32 locator"))}`,
  encode(tokens, w) {
    expectTokens(tokens, 2, "L32");
    w.u16(u16f(tokens[0], "L32 preference"));
    const b = ipv4ToBytes(tokens[1]!.raw);
    if (!b) throw new DnsightError("INPUT", `L32: "${tokens[1]!.raw}" is not an IPv4 locator`);
    w.bytes(b);
  },
};

const lp: RdataCodec = {
  decode: (r) => `${r.u16("LP preference")} ${r.name("LP FQDN")}`,
  encode(tokens, w) {
    expectTokens(tokens, 2, "LP");
    w.u16(u16f(tokens[0], "LP preference"));
    w.rdataName(tokens[1]!.raw);
  },
};

/** EUI-48/EUI-64 as hyphenated hex: kdig prints upper case ("00-00-5E-00-53-2A"), dig lower. */
function euiCodec(type: string, size: number): RdataCodec {
  const re = new RegExp(`^[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){${size - 1}}$`);
  return {
    decode: (r) =>
      [...r.bytes(size, `${type} address`)]
        .map((b) => b.toString(16).padStart(2, "0").toUpperCase())
        .join("-"),
    encode(tokens, w) {
      expectTokens(tokens, 1, type);
      if (!re.test(tokens[0]!.raw))
        throw new DnsightError("INPUT", `${type}: "${tokens[0]!.raw}" is not xx-xx-... hex`);
      w.bytes(Buffer.from(tokens[0]!.raw.replace(/-/g, ""), "hex"));
    },
  };
}

/** RFC 3123 §4: [!]family:address/prefix items; the address is sent without trailing zero bytes. */
const apl: RdataCodec = {
  decode(r, end) {
    const out: string[] = [];
    while (r.pos < end) {
      const at = r.pos;
      const family = r.u16("APL family");
      const prefix = r.u8("APL prefix");
      const nlen = r.u8("APL address length");
      const len = nlen & 0x7f;
      const size =
        family === 1 ? 4 : family === 2 ? 16 : r.fail(`APL address family ${family} unknown`, at);
      if (len > size || prefix > size * 8) r.fail(`APL item does not fit family ${family}`, at);
      const addr = new Uint8Array(size);
      addr.set(r.bytes(len, "APL address"));
      const text = family === 1 ? ipv4ToText(addr) : ipv6ToRfc5952Text(addr);
      out.push(`${nlen & 0x80 ? "!" : ""}${family}:${text}/${prefix}`);
    }
    return out.join(" ");
  },
  encode(tokens, w) {
    for (const t of tokens) {
      const m = /^(!?)([12]):([^/]+)\/(\d{1,3})$/.exec(t.raw);
      const family = Number(m?.[2]);
      const addr = m ? (family === 1 ? ipv4ToBytes(m[3]!) : ipv6ToBytes(m[3]!)) : undefined;
      const prefix = Number(m?.[4]);
      if (!m || !addr || prefix > addr.length * 8)
        throw new DnsightError("INPUT", `APL: "${t.raw}" is not [!]family:address/prefix`);
      let len = addr.length;
      while (len > 0 && addr[len - 1] === 0) len--;
      w.u16(family);
      w.u8(prefix);
      w.u8((m[1] ? 0x80 : 0) | len);
      w.bytes(addr.subarray(0, len));
    }
  },
};

const csync: RdataCodec = {
  decode: (r, end) =>
    [`${r.u32("CSYNC serial")} ${r.u16("CSYNC flags")}`, ...readTypeBitmap(r, end, "CSYNC")].join(
      " ",
    ),
  encode(tokens, w) {
    needTokens(tokens, 2, "CSYNC");
    w.u32(u32f(tokens[0], "CSYNC serial"));
    w.u16(u16f(tokens[1], "CSYNC flags"));
    writeTypeBitmap(tokens.slice(2), w, "CSYNC");
  },
};

/** RFC 8777 §4.2: precedence, discovery-optional bit, relay type, relay ("." for none). */
const amtrelay: RdataCodec = {
  decode(r) {
    const prec = r.u8("AMTRELAY precedence");
    const dt = r.u8("AMTRELAY type");
    const type = dt & 0x7f;
    let relay: string;
    if (type === 0) relay = ".";
    else if (type === 1) relay = ipv4ToText(r.bytes(4, "AMTRELAY relay"));
    else if (type === 2) relay = ipv6ToInetNtopText(r.bytes(16, "AMTRELAY relay"));
    else if (type === 3) relay = r.name("AMTRELAY relay");
    else relay = r.fail(`AMTRELAY relay type ${type} unknown`, r.pos - 1);
    return `${prec} ${dt >> 7} ${type} ${relay}`;
  },
  encode(tokens, w) {
    needTokens(tokens, 3, "AMTRELAY");
    const d = tokens[1]!.raw;
    const type = u8f(tokens[2], "AMTRELAY type");
    const relay = tokens[3]?.raw;
    if (d !== "0" && d !== "1")
      throw new DnsightError("INPUT", `AMTRELAY D bit "${d}" must be 0 or 1`);
    const bad = (): never => {
      throw new DnsightError("INPUT", `AMTRELAY relay "${relay ?? ""}" does not fit type ${type}`);
    };
    if (tokens.length !== (type === 0 && relay === undefined ? 3 : 4)) bad();
    w.u8(u8f(tokens[0], "AMTRELAY precedence"));
    w.u8((d === "1" ? 0x80 : 0) | type);
    if (type === 0) {
      if (relay !== undefined && relay !== ".") bad();
    } else if (type === 1) w.bytes(ipv4ToBytes(relay!) ?? bad());
    else if (type === 2) w.bytes(ipv6ToBytes(relay!) ?? bad());
    else if (type === 3) w.rdataName(relay!);
    else bad();
  },
};

export const MISC_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [42, apl],
  [62, csync],
  [104, pref64Codec("NID")],
  [105, l32],
  [106, pref64Codec("L64")],
  [107, lp],
  [108, euiCodec("EUI48", 6)],
  [109, euiCodec("EUI64", 8)],
  [260, amtrelay],
]);
