import { DnsightError } from "../errors.js";
import * as fuzz from "./fuzzers.js";
import { splitDomain } from "./generate.js";
import { skeleton } from "./skeleton.js";

// Which brand a name imitates, if any (T1583.001), fast enough for newly-registered
// feeds and passive DNS at millions of names: the name's registrable label is reduced
// to its skeleton (confusables and Punycode undone), then looked up — exactly, among
// each brand's precomputed typo permutations, by one edit (deletion neighbourhoods,
// as SymSpell does), and for the brand inside a longer label (combosquatting).

export type MatchMethod =
  "homoglyph" | "permutation" | "edit-distance" | "brand-in-label" | "tld-swap";

export interface Hit {
  name: string;
  brand: string;
  method: MatchMethod;
  /** 0..1: how sure the imitation is. */
  score: number;
}

const SCORE: Record<MatchMethod, number> = {
  homoglyph: 0.95,
  "tld-swap": 0.9,
  permutation: 0.9,
  "edit-distance": 0.8,
  "brand-in-label": 0.7,
};

/** Brand labels shorter than this are only matched exactly (too many accidental hits). */
const MIN_FUZZY = 4;

/**
 * Longer than any label can be in any spelling: 63 octets (RFC 1035 §2.3.4), written
 * with \DDD escapes at four characters each. Such a name imitates nothing and is not
 * read further (a megabyte "label" from a feed cost seconds of replacing and hashing).
 */
const MAX_LABEL_TEXT = 4 * 63;

interface Brand {
  domain: string;
  label: string;
}

export class BrandMatcher {
  private readonly brands: Brand[] = [];
  /** Skeleton label → brands with that label. */
  private readonly exact = new Map<string, number[]>();
  /** Typo permutation → brands it imitates. */
  private readonly perms = new Map<string, number[]>();
  /** One-deletion variants of brand labels → brands. */
  private readonly deletes = new Map<string, number[]>();
  /** Registered domains of the brands themselves (never a hit). */
  private readonly own = new Set<string>();
  private minLabel = Infinity;
  private maxLabel = 0;

  constructor(brandDomains: Iterable<string>) {
    const ctx = { layouts: ["qwerty", "qwertz", "azerty"] as const, dictionary: [] };
    for (const raw of brandDomains) {
      const domain = raw.trim().toLowerCase().replace(/\.$/, "");
      if (!domain || domain.startsWith("#")) continue;
      const [, label, tld] = splitDomain(domain);
      if (label.length > MAX_LABEL_TEXT)
        throw new DnsightError(
          "INPUT",
          `brand "${domain.slice(0, 80)}…": its label is longer than a DNS label can be`,
        );
      const i = this.brands.push({ domain, label }) - 1;
      this.own.add(`${label}.${tld}`);
      push(this.exact, label, i);
      this.minLabel = Math.min(this.minLabel, label.length);
      this.maxLabel = Math.max(this.maxLabel, label.length);
      if (label.length < MIN_FUZZY) continue;
      for (const f of [
        fuzz.addition(label),
        fuzz.bitsquatting(label),
        fuzz.hyphenation(label),
        fuzz.insertion(label, ctx),
        fuzz.omission(label),
        fuzz.repetition(label),
        fuzz.replacement(label, ctx),
        fuzz.transposition(label),
        fuzz.vowelSwap(label),
        fuzz.plural(label),
      ])
        for (const p of f) if (p !== label) push(this.perms, p, i);
      for (const d of deletions(label)) push(this.deletes, d, i);
    }
  }

  get size(): number {
    return this.brands.length;
  }

  /** The brands `name` imitates, best method each. */
  match(name: string): Hit[] {
    const n = name.trim().toLowerCase().replace(/\.$/, "");
    const [, rawLabel, tld] = splitDomain(n);
    if (!rawLabel || rawLabel.length > MAX_LABEL_TEXT || this.own.has(`${rawLabel}.${tld}`))
      return [];
    const label = skeleton(rawLabel);
    const hits = new Map<number, MatchMethod>();
    const take = (ids: number[] | undefined, m: MatchMethod): void => {
      if (ids)
        for (const i of ids) if (!hits.has(i) || SCORE[m] > SCORE[hits.get(i)!]) hits.set(i, m);
    };
    const same = this.exact.get(label);
    if (same) take(same, label !== rawLabel ? "homoglyph" : "tld-swap");
    take(this.perms.get(label), label !== rawLabel ? "homoglyph" : "permutation");
    // ASCII standing in for letters is a glyph too: digits (paypa1, g00gle) and letter
    // pairs that read as one (rnicrosoft, vvikipedia).
    if (ASCII_GLYPH.test(label))
      for (const alt of asciiGlyphReadings(label))
        if (alt !== label) take(this.exact.get(alt), "homoglyph");
    if (label.length >= MIN_FUZZY && label.length <= this.maxLabel + 1) {
      // One edit apart: some deletion of each side meets (SymSpell, distance 1).
      take(this.deletes.get(label), "edit-distance");
      const del = deletions(label);
      for (const d of del) {
        take(this.exact.get(d), "edit-distance");
        take(this.deletes.get(d), "edit-distance");
      }
    }
    if (label.length > this.minLabel) this.brandInLabel(label, take);
    const out: Hit[] = [];
    for (const [i, method] of hits) {
      const b = this.brands[i]!;
      if (method === "edit-distance" && !withinOneEdit(label, b.label)) continue;
      out.push({ name: n, brand: b.domain, method, score: SCORE[method] });
    }
    return out;
  }

  /** The brand label at the start or end of a longer label, or as one of its hyphenated words. */
  private brandInLabel(
    label: string,
    take: (ids: number[] | undefined, m: MatchMethod) => void,
  ): void {
    const hyphen = label.includes("-");
    if (hyphen)
      for (const w of label.split("-"))
        if (w.length >= MIN_FUZZY && w !== label) take(this.exact.get(w), "brand-in-label");
    const max = Math.min(this.maxLabel, label.length - 1);
    for (let k = Math.max(MIN_FUZZY, this.minLabel); k <= max; k++) {
      take(this.exact.get(label.slice(0, k)), "brand-in-label");
      take(this.exact.get(label.slice(label.length - k)), "brand-in-label");
    }
  }
}

const ASCII_GLYPH = /[01]|rn|vv|nn/;

/** The label read with its ASCII look-alikes undone: 0 → o, 1 → l or i, rn and nn → m, vv → w. */
function asciiGlyphReadings(label: string): Set<string> {
  const letters = label.replace(/rn|nn/g, "m").replace(/vv/g, "w");
  const out = new Set<string>();
  for (const base of [label, letters]) {
    out.add(base.replace(/0/g, "o").replace(/1/g, "l"));
    out.add(base.replace(/0/g, "o").replace(/1/g, "i"));
  }
  return out;
}

/** Adds brand `v` under `k` once. Brands are added in index order, so a repeat is the last entry
 * (searching the list instead went quadratic for a brand listed under thousands of TLDs). */
function push(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (!l) m.set(k, [v]);
  else if (l[l.length - 1] !== v) l.push(v);
}

function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.slice(0, i) + s.slice(i + 1));
  return out;
}

/** Damerau-Levenshtein distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
