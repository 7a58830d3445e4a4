import { GLYPHS, KEYBOARDS } from "./tables.js";

// How likely a person is to take a name one edit from a brand for the brand: not every
// edit is equal. A look-alike letter (bookinq), a doubled or dropped double letter
// (spotiify, welsfargo), swapped neighbours (revoult) and a neighbouring key (viza) slip
// by; a different first letter (cooking for booking) or an unrelated letter is seen.
// Short brands change more with one edit. The score is the chance-like weight the
// matcher reports; the common-word rule (a real word is not a typo) is the matcher's.

export type TypoMethod =
  | "homoglyph"
  | "replacement"
  | "vowel-swap"
  | "bitsquatting"
  | "transposition"
  | "omission"
  | "repetition"
  | "insertion"
  | "addition"
  | "hyphenation"
  | "plural";

export interface Typo {
  method: TypoMethod;
  score: number;
  /** What changed, in words: "s replaced by z, a neighbouring key". */
  what: string;
}

const VOWELS = new Set("aeiouy");

const ADJACENT = new Set<string>();
for (const layout of Object.values(KEYBOARDS))
  for (const [k, near] of Object.entries(layout)) for (const n of near) ADJACENT.add(k + n);

const LOOKS_ALIKE = new Set<string>();
for (const [a, glyphs] of Object.entries(GLYPHS))
  for (const g of glyphs)
    if (g.length === 1 && g.charCodeAt(0) < 0x80) LOOKS_ALIKE.add(a + g).add(g + a);

/** The one edit that turns `brand` into `name` and how confusable it is; undefined if not one edit. */
export function oneEdit(brand: string, name: string): Typo | undefined {
  if (brand === name || Math.abs(brand.length - name.length) > 1) return undefined;
  let i = 0;
  while (i < brand.length && i < name.length && brand[i] === name[i]) i++;
  let t: Typo | undefined;
  if (brand.length === name.length) {
    const a = brand[i]!;
    const b = name[i]!;
    if (brand.slice(i + 1) === name.slice(i + 1)) t = substitution(a, b);
    else if (a === name[i + 1] && b === brand[i + 1] && brand.slice(i + 2) === name.slice(i + 2))
      t = { method: "transposition", score: 0.85, what: `${a}${b} swapped` };
  } else if (name.length > brand.length) {
    if (name.slice(i + 1) === brand.slice(i)) t = insertion(name, i, brand);
  } else if (brand.slice(i + 1) === name.slice(i)) t = omission(brand, i);
  if (!t) return undefined;
  let score = t.score;
  // The first letter is the one a reader checks (cooking is not booking).
  if (i === 0 && t.method !== "homoglyph") score -= 0.2;
  if (brand.length <= 4) score -= 0.1;
  else if (brand.length === 5) score -= 0.05;
  return { ...t, score: Math.round(score * 100) / 100 };
}

function substitution(a: string, b: string): Typo {
  if (LOOKS_ALIKE.has(a + b))
    return { method: "homoglyph", score: 0.9, what: `${a} written as ${b}, which looks like it` };
  if (ADJACENT.has(a + b))
    return {
      method: "replacement",
      score: 0.85,
      what: `${a} replaced by ${b}, a neighbouring key`,
    };
  if (VOWELS.has(a) && VOWELS.has(b))
    return { method: "vowel-swap", score: 0.8, what: `vowel ${a} replaced by ${b}` };
  const x = a.charCodeAt(0) ^ b.charCodeAt(0);
  if ((x & (x - 1)) === 0)
    return { method: "bitsquatting", score: 0.7, what: `${a} replaced by ${b}, one bit apart` };
  return { method: "replacement", score: 0.6, what: `${a} replaced by ${b}` };
}

function insertion(name: string, i: number, brand: string): Typo {
  const c = name[i]!;
  if (c === name[i - 1] || c === name[i + 1])
    return { method: "repetition", score: 0.9, what: `${c} doubled` };
  if (c === "-") return { method: "hyphenation", score: 0.85, what: "a hyphen added" };
  if (i === brand.length && c === "s")
    return { method: "plural", score: 0.85, what: "an s added at the end" };
  const near = (n: string | undefined): boolean => n !== undefined && ADJACENT.has(n + c);
  if (near(name[i - 1]) || near(name[i + 1]))
    return { method: "insertion", score: 0.8, what: `${c} inserted, a neighbouring key` };
  if (i === brand.length) return { method: "addition", score: 0.7, what: `${c} added at the end` };
  return { method: "insertion", score: 0.65, what: `${c} inserted` };
}

function omission(brand: string, i: number): Typo {
  const c = brand[i]!;
  if (c === brand[i - 1] || c === brand[i + 1])
    return { method: "omission", score: 0.9, what: `one ${c} of a double dropped` };
  if (c === "-") return { method: "omission", score: 0.85, what: "the hyphen dropped" };
  return { method: "omission", score: 0.8, what: `${c} dropped` };
}
