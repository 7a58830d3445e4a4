import { GLYPHS, KEYBOARDS, LATIN_TO_CYRILLIC, type Layout } from "./tables.js";

// dnstwist's fuzzers over the registrable label (Unicode), one function each, giving
// the same strings dnstwist gives; `plural` is dnsight's own.

export interface FuzzContext {
  layouts: readonly Layout[];
  dictionary: readonly string[];
}

const keys = (c: string, layouts: readonly Layout[]): string[] =>
  layouts.flatMap((l) => [...(KEYBOARDS[l][c] ?? "")]);

export function* addition(d: string): Iterable<string> {
  for (let i = 48; i < 58; i++) yield d + String.fromCharCode(i);
  for (let i = 97; i < 123; i++) yield d + String.fromCharCode(i);
}

const BIT_CHARS = new Set("abcdefghijklmnopqrstuvwxyz0123456789-");
export function* bitsquatting(d: string): Iterable<string> {
  for (let i = 0; i < d.length; i++)
    for (let mask = 1; mask < 256; mask <<= 1) {
      const b = String.fromCharCode(d.charCodeAt(i) ^ mask);
      if (BIT_CHARS.has(b)) yield d.slice(0, i) + b + d.slice(i + 1);
    }
}

/** Every letter swapped for its Cyrillic twin, only when all of them have one. */
export function* cyrillic(d: string): Iterable<string> {
  let c = d;
  for (const [l, cy] of Object.entries(LATIN_TO_CYRILLIC)) c = c.split(l).join(cy);
  for (let i = 0; i < d.length; i++) if (c[i] === d[i]) return;
  yield c;
}

/**
 * dnstwist's homoglyph step: in every window shorter than the label, each character's
 * occurrences inside the window swapped for one of its glyphs. What comes out depends
 * only on which run of a character's occurrences a window holds, so the runs are
 * walked instead of the windows: the same strings, without making each one many times.
 */
function* mix(d: string): Iterable<string> {
  const at = new Map<string, number[]>();
  for (let i = 0; i < d.length; i++) {
    const c = d[i]!;
    if (!GLYPHS[c]) continue;
    const l = at.get(c);
    if (l) l.push(i);
    else at.set(c, [i]);
  }
  // Each string is written out flat from code units: joined slices made ropes that the
  // dedupe Set then held by the hundred thousand (two thirds of the time went to them).
  const buf = new Uint16Array(d.length * 3);
  for (const [c, pos] of at)
    for (let j = 0; j < pos.length; j++)
      for (let k = j; k < pos.length && pos[k]! - pos[j]! + 1 < d.length; k++)
        for (const g of GLYPH_CODES.get(c)!) {
          let o = 0;
          let next = j;
          for (let i = 0; i < d.length; i++) {
            if (next <= k && i === pos[next]) {
              for (const u of g) buf[o++] = u;
              next++;
            } else buf[o++] = d.charCodeAt(i);
          }
          yield String.fromCharCode.apply(null, buf.subarray(0, o) as unknown as number[]);
        }
}

const GLYPH_CODES = new Map<string, number[][]>(
  Object.entries(GLYPHS).map(([c, gs]) => [
    c,
    gs.map((g) => Array.from(g, (x) => x.charCodeAt(0))),
  ]),
);

/**
 * Look-alike glyphs, one window of the label at a time, and again on each result.
 * The second round grows with the fourth power of the label's length (a 20-letter
 * "aaaa..." gives 2 million), so it stops at `max` distinct strings.
 */
export function homoglyph(d: string, max = Infinity): Set<string> {
  const first = new Set<string>();
  for (const x of mix(d)) {
    if (first.size >= max) return first;
    first.add(x);
  }
  const out = new Set(first);
  for (const r of first)
    for (const x of mix(r)) {
      if (out.size >= max) return out;
      out.add(x);
    }
  return out;
}

export function* hyphenation(d: string): Iterable<string> {
  for (let i = 1; i < d.length; i++) yield `${d.slice(0, i)}-${d.slice(i)}`;
}

export function* insertion(d: string, x: FuzzContext): Iterable<string> {
  for (let i = 1; i < d.length - 1; i++) {
    const pre = d.slice(0, i);
    const c = d[i]!;
    const suf = d.slice(i + 1);
    for (const k of keys(c, x.layouts)) {
      yield pre + k + c + suf;
      yield pre + c + k + suf;
    }
  }
}

export function* omission(d: string): Iterable<string> {
  for (let i = 0; i < d.length; i++) yield d.slice(0, i) + d.slice(i + 1);
}

export function* repetition(d: string): Iterable<string> {
  for (let i = 0; i < d.length; i++) yield d.slice(0, i) + d[i] + d.slice(i);
}

export function* replacement(d: string, x: FuzzContext): Iterable<string> {
  for (let i = 0; i < d.length; i++)
    for (const r of keys(d[i]!, x.layouts)) yield d.slice(0, i) + r + d.slice(i + 1);
}

export function* subdomain(d: string): Iterable<string> {
  for (let i = 1; i < d.length - 1; i++)
    if (d[i] !== "-" && d[i] !== "." && d[i - 1] !== "-" && d[i - 1] !== ".")
      yield `${d.slice(0, i)}.${d.slice(i)}`;
}

export function* transposition(d: string): Iterable<string> {
  for (let i = 0; i < d.length - 1; i++) yield d.slice(0, i) + d[i + 1] + d[i] + d.slice(i + 2);
}

export function* vowelSwap(d: string): Iterable<string> {
  for (let i = 0; i < d.length; i++)
    if ("aeiou".includes(d[i]!)) for (const v of "aeiou") yield d.slice(0, i) + v + d.slice(i + 1);
}

/** The label joined with each word, both sides, with and without a hyphen. */
export function* dictionary(d: string, x: FuzzContext): Iterable<string> {
  for (const w of x.dictionary) {
    if (d.startsWith(w) && d.endsWith(w)) continue;
    yield `${d}-${w}`;
    yield d + w;
    yield `${w}-${d}`;
    yield w + d;
  }
  if (d.includes("-")) {
    const parts = d.split("-");
    for (const w of x.dictionary) {
      yield `${parts.slice(0, -1).join("-")}-${w}`;
      yield `${w}-${parts.slice(1).join("-")}`;
    }
  }
}

/** English plurals of the label: "paypals", "boxes", "companies". */
export function* plural(d: string): Iterable<string> {
  yield `${d}s`;
  if (/(s|x|z|ch|sh)$/.test(d)) yield `${d}es`;
  if (/[^aeiou]y$/.test(d)) yield `${d.slice(0, -1)}ies`;
}
