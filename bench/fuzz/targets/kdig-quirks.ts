import { tokenize } from "../../../src/dns/wire/text.js";

// Decodings that do not survive a round trip on purpose. SVCB and HTTPS print as kdig
// does (src/dns/wire/rdata/svcb.ts, tested in test/unit/dns/rdata-svcb.test.ts): params
// in wire order even when unsorted or repeated, alpn ids with "(" or ")" unescaped, a
// mandatory list as it stands. RFC 9460 §2.2 calls such RRs malformed and dig refuses
// them; the encoder sorts, refuses repeats, and reads parentheses as grouping. The
// round-trip oracles skip these, and only these.

const KEYS: Readonly<Record<string, number>> = {
  mandatory: 0,
  alpn: 1,
  "no-default-alpn": 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
};

const keyNumber = (name: string): number => {
  const known = KEYS[name.toLowerCase()];
  if (known !== undefined) return known;
  const m = /^key(\d+)$/i.exec(name);
  return m ? Number(m[1]) : NaN;
};

/** True when SVCB/HTTPS `text` is one of kdig's forms the encoder does not take back. */
export function svcbKdigQuirk(type: string, text: string): boolean {
  if (type !== "SVCB" && type !== "HTTPS" && type !== "TYPE64" && type !== "TYPE65") return false;
  // Parentheses outside quoted runs split the field when read back.
  if (/(?<!\\)[()]/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, ""))) return true;
  let tokens;
  try {
    tokens = tokenize(text);
  } catch {
    return false;
  }
  let last = -1;
  for (const t of tokens.slice(2)) {
    const eq = t.raw.indexOf("=");
    const name = eq < 0 ? t.raw : t.raw.slice(0, eq);
    const key = keyNumber(name);
    if (!(key > last)) return true;
    last = key;
    if (key === 0 && eq >= 0) {
      const listed = t.raw
        .slice(eq + 1)
        .split(",")
        .map(keyNumber);
      if (listed.some((k, i) => k === 0 || (i > 0 && !(k > listed[i - 1]!)))) return true;
    }
  }
  return false;
}
