import { DnsightError } from "../../../errors.js";
import type { Token } from "../text.js";
import type { RdataCodec } from "./codec.js";
import { decodeUnknown } from "./unknown.js";

// LOC (RFC 1876). We print what kdig prints: seconds and metres without decimals
// when they are whole ("52 22 23 N 4 53 32 E -2m 0m 10000m 10m"), where dig always
// writes "23.000" and "-2.00m". kdig also doubles some separators; we keep single
// spaces. The arithmetic copies Knot's doubles so the same values get decimals.

const ZERO = 2 ** 31; // equator / prime meridian (RFC 1876 §2)
const ALT_BASE = 10_000_000; // altitude is in cm above 100 km below the WGS 84 spheroid

/** Formats a fixed-point value the way C's "%.*f" does with Knot's precision choice. */
const fixed = (v: number, decimals: number): string =>
  Math.trunc(v) !== v ? v.toFixed(decimals) : v.toFixed(0);

function angle(raw: number, pos: string, neg: string): string {
  const mark = raw >= ZERO ? pos : neg;
  const v = raw >= ZERO ? raw - ZERO : ZERO - raw;
  const d = Math.floor(v / 3_600_000);
  const m = Math.floor((v - 3_600_000 * d) / 60_000);
  const s = 0.001 * (v - 3_600_000 * d - 60_000 * m);
  return `${d} ${m} ${fixed(s, 3)} ${mark}`;
}

/** A precision byte (mantissa, power of ten, in cm) in metres, computed as Knot does: 7e2 cm gives 7.000000000000001, printed "7.00m". */
function precision(byte: number): number | undefined {
  const base = byte >> 4;
  const exp = byte & 0x0f;
  if (base > 9 || exp > 9) return undefined;
  return 0.01 * base * Math.pow(10, exp);
}

export const loc: RdataCodec = {
  decode(r, end) {
    const start = r.pos;
    if (r.u8("LOC version") !== 0) {
      // Only version 0 is defined; like BIND, show anything else in RFC 3597 form.
      r.pos = start;
      return decodeUnknown(r, end);
    }
    const sizes = [
      r.u8("LOC size"),
      r.u8("LOC horizontal precision"),
      r.u8("LOC vertical precision"),
    ].map((b, i) => {
      const v = precision(b);
      return v ?? r.fail(`LOC precision byte 0x${b.toString(16)} out of range`, start + 1 + i);
    });
    const at = r.pos;
    const latRaw = r.u32("LOC latitude");
    const lonRaw = r.u32("LOC longitude");
    // Degrees up to 90 (180), as the text form and Knot allow ("90 59 59.999 S"); beyond
    // that kdig prints "561 23 29.467 S", which no LOC parser reads back, and dig refuses it.
    if (Math.abs(latRaw - ZERO) >= 91 * 3_600_000) r.fail("LOC latitude beyond 90°", at);
    if (Math.abs(lonRaw - ZERO) >= 181 * 3_600_000) r.fail("LOC longitude beyond 180°", at + 4);
    const lat = angle(latRaw, "N", "S");
    const lon = angle(lonRaw, "E", "W");
    const alt = 0.01 * r.u32("LOC altitude") - 100000.0;
    return `${lat} ${lon} ${fixed(alt, 2)}m ${sizes.map((v) => fixed(v, 2) + "m").join(" ")}`;
  },
  encode(tokens, w) {
    const p = new LocParser(tokens);
    const lat = p.angle("N", "S", 90);
    const lon = p.angle("E", "W", 180);
    const alt = p.metres("altitude", -100000, 42849672.95, undefined);
    const size = p.metres("size", 0, 90000000, 1);
    const hp = p.metres("horizontal precision", 0, 90000000, 10000);
    const vp = p.metres("vertical precision", 0, 90000000, 10);
    if (p.i < tokens.length)
      throw new DnsightError("INPUT", `LOC: unexpected "${tokens[p.i]!.raw}"`);
    w.u8(0);
    w.u8(toPrecision(size));
    w.u8(toPrecision(hp));
    w.u8(toPrecision(vp));
    w.u32(lat);
    w.u32(lon);
    w.u32(alt + ALT_BASE);
  },
};

/** Centimetres to the mantissa/exponent byte, truncating as RFC 1876's precsize_aton does. */
function toPrecision(cm: number): number {
  let exp = 0;
  while (exp < 9 && cm >= 10 ** (exp + 1)) exp++;
  return (Math.min(9, Math.floor(cm / 10 ** exp)) << 4) | exp;
}

class LocParser {
  i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private bad(what: string): never {
    const t = this.tokens[this.i];
    throw new DnsightError("INPUT", `LOC ${what}: ${t ? `"${t.raw}" is not valid` : "missing"}`);
  }

  /** d [m [s.sss]] HEMISPHERE, as thousandths of a second offset from 2^31. */
  angle(pos: string, neg: string, maxDeg: number): number {
    const parts: string[] = [];
    while (parts.length < 4) {
      const t = this.tokens[this.i];
      if (!t) this.bad(`${pos}/${neg} coordinate`);
      this.i++;
      const up = t.raw.toUpperCase();
      if (up === pos || up === neg) {
        if (parts.length === 0) this.bad(`${pos}/${neg} coordinate`);
        const [d = "0", m = "0", s = "0"] = parts;
        if (!/^\d+$/.test(d) || !/^\d+$/.test(m) || !/^\d+(\.\d{0,3})?$/.test(s))
          this.bad(`${pos}/${neg} coordinate`);
        const ms = Number(d) * 3_600_000 + Number(m) * 60_000 + Math.round(Number(s) * 1000);
        if (Number(d) > maxDeg || Number(m) > 59 || Number(s) >= 60)
          this.bad(`${pos}/${neg} coordinate`);
        return up === pos ? ZERO + ms : ZERO - ms;
      }
      parts.push(t.raw);
    }
    return this.bad(`${pos}/${neg} coordinate`);
  }

  /** A length in metres ("-2", "0.5m"), returned in centimetres; optional when it has a default. */
  metres(what: string, min: number, max: number, dflt: number | undefined): number {
    const t = this.tokens[this.i];
    if (!t) {
      if (dflt === undefined) this.bad(what);
      return dflt * 100;
    }
    const m = /^(-?\d+(?:\.\d{0,2})?)[mM]?$/.exec(t.raw);
    if (!m || Number(m[1]) < min || Number(m[1]) > max) this.bad(what);
    this.i++;
    return Math.round(Number(m[1]) * 100);
  }
}

export const LOC_CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([[29, loc]]);
