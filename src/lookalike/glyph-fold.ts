// ASCII letters and digits that read as another letter (dnstwist's glyph table, the
// ASCII part): "paypa1", "vlsa", "g00gle" read as "paypal", "visa", "google". Single
// characters are folded in place, so positions stay put for the word checks that follow;
// pairs that read as one letter ("rn" for m, "vv" for w, "cl" for d) are tried as
// whole-label readings instead.

/** 1, i, l and | all read as l; 0 and o as o. Same length as `s`. */
export function foldGlyphs(s: string): string {
  let needed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x31 || c === 0x69 || c === 0x7c || c === 0x30) {
      needed = true;
      break;
    }
  }
  if (!needed) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    out += ch === "1" || ch === "i" || ch === "|" ? "l" : ch === "0" ? "o" : ch;
  }
  return out;
}

const PAIRS: readonly [RegExp, string, string][] = [
  [/rn/g, "m", "rn"],
  [/vv/g, "w", "vv"],
  [/cl/g, "d", "cl"],
];

/** `s` read with its letter pairs as the one letter they imitate, each kind at once. */
export function pairReadings(s: string): { text: string; glyph: string }[] {
  const out: { text: string; glyph: string }[] = [];
  for (const [re, one, pair] of PAIRS)
    if (s.includes(pair)) out.push({ text: s.replace(re, one), glyph: `${pair} for ${one}` });
  return out;
}
