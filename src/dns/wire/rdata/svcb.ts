import { DnsightError } from "../../../errors.js";
import { ipv4ToBytes, ipv4ToText, ipv6ToBytes, ipv6ToRfc5952Text } from "../../../net/ip.js";
import type { WireReader } from "../reader.js";
import { quoteBytes, unescapeBytes, type Token } from "../text.js";
import type { WireWriter } from "../writer.js";
import type { RdataCodec } from "./codec.js";
import { fromBase64, needTokens, toBase64, u16f } from "./fields.js";

// SVCB and HTTPS (RFC 9460): priority, target, then SvcParams in increasing key
// order. Output follows kdig 3.2: alpn unquoted (dig quotes it: alpn="h2,h3"),
// and dohpath (7) and ohttp (8) printed as key7="..." / key8, since Knot 3.2 and
// BIND 9.18 predate them; both names are accepted on input.

const NAMES = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"];
const INPUT_KEYS: Record<string, number> = {
  ...Object.fromEntries(NAMES.map((n, i) => [n, i])),
  dohpath: 7,
  ohttp: 8,
};

const keyName = (k: number): string => NAMES[k] ?? `key${k}`;

function keyFromText(text: string): number {
  const known = INPUT_KEYS[text.toLowerCase()];
  if (known !== undefined) return known;
  const m = /^key(\d{1,5})$/i.exec(text);
  if (!m || Number(m[1]) > 0xffff)
    throw new DnsightError("INPUT", `SVCB: unknown SvcParamKey "${text}"`);
  return Number(m[1]);
}

// An alpn-id as kdig prints it: "," and "\\" escaped for the list and again as a string
// (RFC 9460 Appendix A.1), '"' and non-printables escaped, ids with a space quoted.
function alpnIdText(b: Uint8Array): string {
  let out = "";
  for (const c of b) {
    if (c === 0x2c) out += "\\\\,";
    else if (c === 0x5c) out += "\\\\\\\\";
    else if (c === 0x22) out += '\\"';
    else if (c < 0x20 || c >= 0x7f) out += "\\" + String(c).padStart(3, "0");
    else out += String.fromCharCode(c);
  }
  return b.includes(0x20) ? `"${out}"` : out;
}

/** One SvcParam's value as kdig prints it, or a wire failure naming its offset. */
function paramText(r: WireReader, key: number, len: number): string {
  const at = r.pos;
  const v = r.bytes(len, `SVCB ${keyName(key)} value`);
  const bad = (): never => r.fail(`malformed SVCB ${keyName(key)} value`, at);
  const list = (size: number, fmt: (b: Uint8Array, i: number) => string): string => {
    if (len === 0 || len % size !== 0) bad();
    const out: string[] = [];
    for (let i = 0; i < len; i += size) out.push(fmt(v, i));
    return out.join(",");
  };
  switch (key) {
    case 0:
      return list(2, (b, i) => keyName((b[i]! << 8) | b[i + 1]!));
    case 1: {
      const ids: string[] = [];
      for (let i = 0; i < len;) {
        const n = v[i]!;
        if (n === 0 || i + 1 + n > len) bad();
        ids.push(alpnIdText(v.subarray(i + 1, i + 1 + n)));
        i += 1 + n;
      }
      return ids.join(",");
    }
    case 2:
    case 8:
      // no-default-alpn and ohttp (RFC 9540 §4) have no value: one is malformed
      return bad();
    case 3:
      return len === 2 ? String(v.readUInt16BE(0)) : bad();
    case 4:
      return list(4, ipv4ToText);
    case 5:
      return toBase64(v);
    case 6:
      return list(16, ipv6ToRfc5952Text);
    default:
      return quoteBytes(v);
  }
}

function decodeSvcb(r: WireReader, end: number): string {
  const out = [String(r.u16("SVCB priority")), r.name("SVCB target")];
  while (r.pos < end) {
    const key = r.u16("SvcParamKey");
    const len = r.u16("SvcParam length");
    // kdig prints keys in wire order even when unsorted or repeated (dig rejects the
    // RR, RFC 9460 §2.2), and any key with an empty value bare, as in "ech".
    out.push(len === 0 ? keyName(key) : `${keyName(key)}=${paramText(r, key, len)}`);
  }
  return out.join(" ");
}

/** Splits SvcParams text into key and raw value; quoted runs may sit anywhere in a value. */
function splitParams(text: string): Array<[string, string | undefined]> {
  const re = /\s*([^=\s]+)(?:=((?:"(?:[^"\\]|\\.)*"|[^\s"\\]|\\.)*))?/gy;
  const out: Array<[string, string | undefined]> = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    out.push([m[1]!, m[2]?.replace(/\\.|"/g, (x) => (x === '"' ? "" : x))]);
  }
  if (re.lastIndex < text.trimEnd().length)
    throw new DnsightError("INPUT", `SVCB: cannot parse SvcParams "${text}"`);
  return out;
}

/**
 * An alpn value list (RFC 9460 §7.1.1) as wire: ids split on unescaped commas ("\," and
 * "\\" resolved, Appendix A.1), each 1..255 bytes with its length before it. One pass into
 * one buffer: a hostile list holds a hundred thousand ids.
 */
function alpnWire(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  let lenAt = 0;
  let n = 1;
  const close = (): void => {
    const len = n - lenAt - 1;
    if (len === 0 || len > 255)
      throw new DnsightError("INPUT", "SVCB alpn ids must be 1..255 bytes");
    out[lenAt] = len;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x5c && i + 1 < bytes.length) out[n++] = bytes[++i]!;
    else if (c === 0x2c) {
      close();
      lenAt = n++;
    } else out[n++] = c;
  }
  close();
  return out.subarray(0, n);
}

function paramValue(key: number, raw: string | undefined): Uint8Array {
  // A bare key is an empty value; kdig prints e.g. "ech" for one.
  if (raw === undefined || raw === "") return new Uint8Array(0);
  const name = keyName(key);
  const bytes = unescapeBytes(raw);
  const text = Buffer.from(bytes).toString("latin1");
  const out: number[] = [];
  switch (key) {
    case 0:
      for (const k of [...new Set(text.split(",").map(keyFromText))].sort((a, b) => a - b))
        out.push(k >> 8, k & 0xff);
      break;
    case 1:
      return alpnWire(bytes);
    case 2:
    case 8:
      throw new DnsightError("INPUT", `SVCB ${name} takes no value`);
    case 3: {
      const p = u16f({ raw: text, quoted: false }, "SVCB port");
      out.push(p >> 8, p & 0xff);
      break;
    }
    case 4:
    case 6:
      for (const a of text.split(",")) {
        const b = key === 4 ? ipv4ToBytes(a) : ipv6ToBytes(a);
        if (!b) throw new DnsightError("INPUT", `SVCB ${name}: "${a}" is not an address`);
        out.push(...b);
      }
      break;
    case 5:
      out.push(...fromBase64(text, "SVCB ech"));
      break;
    default:
      out.push(...bytes);
  }
  return Uint8Array.from(out);
}

function encodeSvcb(tokens: readonly Token[], w: WireWriter): void {
  needTokens(tokens, 2, "SVCB");
  w.u16(u16f(tokens[0], "SVCB priority"));
  w.rdataName(tokens[1]!.raw);
  // A value quoted after its key (key="a (b)  c") is one token, quotes and all; a param
  // that is a whole quoted field ("alpn=h2") gets its quotes back before splitting.
  const params = splitParams(
    tokens
      .slice(2)
      .map((t) => (t.quoted ? `"${t.raw}"` : t.raw))
      .join(" "),
  );
  const byKey = new Map<number, Uint8Array>();
  for (const [k, v] of params) {
    const key = keyFromText(k);
    if (byKey.has(key)) throw new DnsightError("INPUT", `SVCB: SvcParamKey ${k} given twice`);
    byKey.set(key, paramValue(key, v));
  }
  for (const key of [...byKey.keys()].sort((a, b) => a - b)) {
    const v = byKey.get(key)!;
    if (v.length > 0xffff) throw new DnsightError("INPUT", `SVCB ${keyName(key)} value too long`);
    w.u16(key);
    w.u16(v.length);
    w.bytes(v);
  }
}

export const svcb: RdataCodec = { decode: decodeSvcb, encode: encodeSvcb };

export const SVCB_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [64, svcb],
  [65, svcb],
]);
