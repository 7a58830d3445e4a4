import { TokenFinder } from "./aho-corasick.js";
import {
  brandKey,
  headWord,
  isCommonLabel,
  MAX_LABEL_TEXT,
  NO_TYPOS,
  type Brand,
  type Key,
} from "./brand-keys.js";
import { oneEdit, type TypoMethod } from "./confusability.js";
import { foldGlyphs, pairReadings } from "./glyph-fold.js";
import { langsOfSuffix } from "./local-words.js";
import { nameParts, type NameParts } from "./name-parts.js";
import { ownedList, type OwnedEntry } from "./owned.js";
import { skeleton, unicodeLabel } from "./skeleton.js";
import { distance, MIN_TWO_EDITS } from "./two-edits.js";
import { joinedPieces, labelTokens, subdomainTokens } from "./tokens.js";
import { isCommonWord } from "./words.js";

// Which brand a name imitates, if any (T1583.001), fast enough for newly-registered
// feeds and passive DNS at millions of names. The name is cut by the public suffix list;
// its registrable label is read as it looks (confusables, Punycode and look-alike ASCII
// undone) and compared with each brand label and each label of a domain the brand owns:
// the same (tld-swap, homoglyph), one confusable edit away (typos, weighed by how a
// person would miss them), or the brand as a word inside the label or as a label of
// the subdomain (combosquatting, tokens.ts). Each hit says why, with a score; the ones
// under the alert score are not reported.

export type MatchMethod =
  TypoMethod | "tld-swap" | "combosquat" | "subdomain-brand" | "keyword-homoglyph";

export interface Hit {
  name: string;
  /** The brand's main domain. */
  brand: string;
  method: MatchMethod;
  /** 0..1: how sure the imitation is. */
  score: number;
  /** The brand token as the name writes it ("paypa1", "att"). */
  token: string;
  /** The brand's other domain the name imitates, when not its main one. */
  via?: string;
  /** Why, in words, for an analyst. */
  reason: string;
}

export interface MatcherOptions {
  /** Names each brand owns besides its main domain: never reported, and imitated too. */
  owned?: readonly OwnedEntry[];
  /** Hits scoring less are not reported (default ALERT_SCORE). */
  minScore?: number;
}

/** The score from which a hit is worth an analyst's look. */
export const ALERT_SCORE = 0.6;

/** Two-edit comparisons for one name at most (a list of near-identical brands meets them all). */
const MAX_TWO_EDIT_CHECKS = 8;

/** Names longer than this (four characters an octet, RFC 1035's 253) are not names. */
const MAX_NAME_TEXT = 4 * 253;

export type Consider = (
  key: Key,
  method: MatchMethod,
  score: number,
  token: string,
  reason: string,
) => void;

export class BrandMatcher {
  readonly brands: Brand[] = [];
  private readonly keys: Key[] = [];
  private readonly byFold = new Map<string, number[]>();
  /** One-deletion variants of folded labels → keys (SymSpell, distance 1). */
  private readonly deletes = new Map<string, number[]>();
  /** Registrable domains of the brands and what they own: never a hit. */
  private readonly own = new Set<string>();
  private readonly finder: TokenFinder;
  private readonly minScore: number;
  private maxFold = 0;

  constructor(brandDomains: Iterable<string>, o: MatcherOptions = {}) {
    this.minScore = o.minScore ?? ALERT_SCORE;
    const index = new Map<string, number>();
    for (const raw of brandDomains) {
      const domain = raw.trim().toLowerCase().replace(/\.$/, "");
      if (!domain || domain.startsWith("#")) continue;
      const k = brandKey(domain, this.brands.length, false, "brand");
      if (index.has(k.domain)) continue;
      index.set(k.domain, this.brands.length);
      this.brands.push({ domain: k.domain, langs: langsOfSuffix(k.suffix) });
      this.addKey({ ...k, common: isCommonLabel(k.label), kind: "label" });
      const head = k.short ? undefined : headWord(k.label, this.brands.at(-1)!.langs);
      if (head)
        this.addKey({
          ...k,
          label: head,
          fold: foldGlyphs(head),
          short: false,
          common: true,
          kind: "head",
        });
    }
    for (const e of ownedList(o.owned ?? [], index)) {
      const k = brandKey(e.name, e.brand, true, "owned name");
      this.own.add(k.domain);
      // A short or common-word label (office.com) says nothing about the brand alone.
      if (k.short || isCommonLabel(k.label)) continue;
      this.addKey({ ...k, common: false, kind: "label" });
    }
    this.finder = new TokenFinder(this.keys.map((k) => k.fold));
  }

  get size(): number {
    return this.brands.length;
  }

  private addKey(k: Key): void {
    const i = this.keys.push(k) - 1;
    if (k.kind === "head") return;
    this.own.add(k.domain);
    push(this.byFold, k.fold, i);
    this.maxFold = Math.max(this.maxFold, k.fold.length);
    if (k.fold.length > NO_TYPOS) for (const d of deletions(k.fold)) push(this.deletes, d, i);
  }

  /** The brands `name` imitates, best reason each, scoring at least the alert score. */
  match(name: string): Hit[] {
    const n = name.trim().toLowerCase().replace(/\.$/, "");
    if (n.length === 0 || n.length > MAX_NAME_TEXT) return [];
    const parts = nameParts(n);
    if (this.own.has(parts.domain) || parts.label.length > MAX_LABEL_TEXT) return [];
    const best = new Map<number, Hit>();
    const consider: Consider = (key, method, score, token, reason) => {
      const s = Math.round(Math.min(score, 0.99) * 100) / 100;
      const had = best.get(key.brand);
      if (s < this.minScore || (had && had.score >= s)) return;
      const brand = this.brands[key.brand]!.domain;
      const hit: Hit = { name: n, brand, method, score: s, token, reason };
      if (key.owned) hit.via = key.domain;
      best.set(key.brand, hit);
    };
    const label = skeleton(parts.label);
    this.wholeLabel(parts, label, consider);

    const found = this.finder.find(foldGlyphs(label));
    labelTokens(this.keys, found, label, parts, this.brands, consider);
    joinedPieces(this.keys, this.byFold, label, consider);
    if (parts.subs.length)
      subdomainTokens(this.keys, this.byFold, this.finder, parts, this.brands, consider);
    return [...best.values()];
  }

  /** A reading of the label that is a brand's label: under another suffix, or in look-alike letters. */
  private sameLabel(
    p: NameParts,
    text: string,
    fold: string,
    glyph: string,
    idn: boolean,
    shown: string,
    consider: Consider,
  ): void {
    const ids = this.byFold.get(fold);
    if (!ids) return;
    for (const i of ids) {
      const k = this.keys[i]!;
      if (p.label === k.ace && !glyph) {
        const score = k.short ? 0.65 : k.common ? 0.75 : 0.9;
        consider(
          k,
          "tld-swap",
          score,
          text,
          `"${k.label}" under .${p.suffix} instead of .${k.suffix}`,
        );
      } else {
        const how = glyph || glyphsBetween(k.label, idn ? shown : text);
        const written = idn ? `"${p.label}" (${shown})` : `"${p.label}"`;
        consider(k, "homoglyph", 0.95, shown, `${written} reads as "${k.label}" (${how})`);
      }
    }
  }

  /** The label as a whole: the brand's label (tld-swap, homoglyph) or one edit from it. */
  private wholeLabel(p: NameParts, label: string, consider: Consider): void {
    const idn = label !== p.label;
    const shown = idn ? unicodeLabel(p.label) : p.label;
    const fold = foldGlyphs(label);
    this.sameLabel(p, label, fold, "", idn, shown, consider);
    if (label.includes("rn") || label.includes("vv") || label.includes("cl"))
      for (const r of pairReadings(label))
        this.sameLabel(p, r.text, foldGlyphs(r.text), r.glyph, idn, shown, consider);
    if (fold.length < NO_TYPOS || fold.length > this.maxFold + 1) return;
    // Brands one edit away: some deletion of each side meets (SymSpell, distance 1). No
    // closures or sets here: this runs for every name of a feed.
    const seen: number[] = [];
    const direct = this.deletes.get(fold);
    if (direct) seen.push(...direct);
    for (let j = 0; j < fold.length; j++) {
      const d = fold.slice(0, j) + fold.slice(j + 1);
      const a = this.byFold.get(d);
      if (a) seen.push(...a);
      const b = this.deletes.get(d);
      if (b) seen.push(...b);
    }
    if (seen.length === 0) return;
    let typos = 0;
    const twoEdits: Key[] = [];
    for (const i of new Set(seen)) {
      const k = this.keys[i]!;
      if (k.fold.length <= NO_TYPOS) continue;
      const t = oneEdit(k.label, label) ?? oneEdit(k.fold, fold);
      if (!t) {
        if (idn && k.label.length >= MIN_TWO_EDITS && twoEdits.length < MAX_TWO_EDIT_CHECKS)
          twoEdits.push(k);
        continue;
      }
      typos++;
      let score = t.score;
      let why = `"${label}" is "${k.label}" with ${t.what}`;
      // A real word is not a typo: cooking is a word of its own, not a slip for booking.
      const plural = label === `${k.label}s` || label === `${k.label}es`;
      const langs = [...langsOfSuffix(p.suffix), ...this.brands[k.brand]!.langs];
      if (!plural && isCommonWord(label, langs)) {
        score = Math.min(score, 0.4);
        why += `, but "${label}" is a common word`;
      }
      if (idn) score = Math.max(score, 0.85);
      consider(k, t.method, score, p.label, why);
    }
    if (typos > 0) return;
    for (const k of twoEdits)
      if (distance(label, k.label, 2) <= 2)
        consider(
          k,
          "homoglyph",
          0.8,
          shown,
          `"${p.label}" (${shown}) is written in confusable letters and reads "${label}", two edits from "${k.label}"`,
        );
  }
}

/** Which letters differ, for the reason ("1 for l", "а U+0430 for a"). */
function glyphsBetween(brand: string, text: string): string {
  const out: string[] = [];
  const chars = [...text];
  for (let i = 0; i < brand.length && i < chars.length && out.length < 3; i++) {
    const c = chars[i]!;
    if (brand[i] === c) continue;
    const code = c.codePointAt(0)!;
    const hex = code >= 0x80 ? ` U+${code.toString(16).toUpperCase().padStart(4, "0")}` : "";
    out.push(`${c}${hex} for ${brand[i]}`);
  }
  return out.join(", ") || "look-alike letters";
}

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
