import type { Occurrence, TokenFinder } from "./aho-corasick.js";
import type { Brand, Key } from "./brand-keys.js";
import { foldGlyphs } from "./glyph-fold.js";
import { langsOfSuffix, type Lang } from "./local-words.js";
import { LURE_WORDS, lurePrefix, lureSuffix } from "./lure-words.js";
import type { Consider } from "./match.js";
import { isPublicSuffix, type NameParts } from "./name-parts.js";
import { skeleton } from "./skeleton.js";
import { isWord, wordByLook } from "./words.js";

// The brand as a word among others (combosquatting, ATT&CK T1583.001): "att-billing",
// "myatt-account", "paypalsecure", and the brand as a label of someone else's domain
// ("visa.com-secure.info"). A label is cut into pieces at hyphens and digits; a brand
// filling a piece is a token. A brand glued to other letters is one only when the piece
// is not itself a word ("battery", "revolution") and what it is glued to reads as a word
// phishing uses ("my", "secure", "login"); a long, rare brand glued to anything else is
// weaker evidence, a short one none (php, televisa).

/** Pieces of the label that are lure words, for the evidence a token's neighbours give. */
function lurePieces(fold: string, label: string): Set<number> {
  const out = new Set<number>();
  let start = 0;
  for (let i = 0; i <= fold.length; i++)
    if (i === fold.length || !isLetter(fold.charCodeAt(i))) {
      const piece = label.slice(start, i);
      if (LURE_WORDS.has(piece) || (piece.length > 4 && lureEdge(piece, "start", [])))
        out.add(start);
      start = i + 1;
    }
  return out;
}

const isLetter = (c: number): boolean => c >= 97 && c <= 122;

/**
 * A lure word at the start (or end) of `s`, ending where a word or another lure word
 * begins: "securelogin" and "login" yes, "idedown" (of upsidedown) no.
 */
function lureEdge(s: string, side: "start" | "end", langs: readonly Lang[]): string {
  const w = side === "start" ? lurePrefix(s) : lureSuffix(s);
  if (!w) return "";
  const rest = side === "start" ? s.slice(w.length) : s.slice(0, s.length - w.length);
  if (rest === "" || LURE_WORDS.has(rest) || (rest.length >= 3 && isWord(rest, langs))) return w;
  const again = side === "start" ? lurePrefix(rest) : lureSuffix(rest);
  return again && again.length === rest.length ? w : "";
}

/** Tokens of brands in the registrable label. */
export function labelTokens(
  keys: readonly Key[],
  found: readonly Occurrence[],
  label: string,
  parts: NameParts,
  brands: readonly Brand[],
  consider: Consider,
  penalty = 0,
  where = "",
): void {
  if (found.length === 0) return;
  const fold = foldGlyphs(label);
  const lures = lurePieces(fold, label);
  for (const { key, start, end } of found) {
    const k = keys[key]!;
    let a = start;
    while (a > 0 && isLetter(fold.charCodeAt(a - 1))) a--;
    let b = end;
    while (b < fold.length && isLetter(fold.charCodeAt(b))) b++;
    const token = label.slice(start, end);
    const left = label.slice(a, start);
    const right = label.slice(end, b);
    const langs = [...langsOfSuffix(parts.suffix), ...brands[k.brand]!.langs];
    const otherLure = [...lures].some((p) => p !== a);
    const glyph = token !== k.label ? `, written with look-alike letters` : "";
    if (k.kind === "head") {
      // steam + "communlty": the rest of the piece is a word written with a look-alike letter.
      if (left || right.length < 4 || isWord(right, langs)) continue;
      const word = wordByLook().get(foldGlyphs(right));
      if (word)
        consider(
          k,
          "keyword-homoglyph",
          0.7 - penalty,
          token,
          `"${token}" (the first word of "${brands[k.brand]!.domain}") beside "${right}", which is "${word}" written with look-alike letters${where}`,
        );
      continue;
    }
    if (!left && !right) {
      if (a === 0 && b === fold.length && !where) continue; // the whole label: wholeLabel's
      const score =
        (k.short ? 0.75 : 0.8) - (k.common ? 0.1 : 0) + (otherLure ? 0.1 : 0) + (glyph ? 0.05 : 0);
      consider(
        k,
        "combosquat",
        score - penalty,
        token,
        `"${token}" as a word of its own in "${label}"${otherLure ? ", beside a word phishing uses" : ""}${glyph}${where}`,
      );
      continue;
    }
    const piece = label.slice(a, b);
    if (isWord(piece, langs)) continue; // battery, revolution, visage: a word, not the brand
    const lure =
      (left && lureEdge(left, "end", langs)) || (right && lureEdge(right, "start", langs));
    let score: number;
    let why: string;
    if (lure) {
      score = 0.75 + (otherLure ? 0.05 : 0);
      why = `"${token}" joined to "${lure}", a word phishing uses`;
    } else if (k.short || k.common) {
      continue; // php, televisa, orangina: a short or everyday word inside another name
    } else {
      const words = [left, right].every((s) => s === "" || isWord(s, langs));
      score = (words ? 0.55 : 0.65) + (otherLure ? 0.1 : 0);
      why = `"${token}" joined to "${left || right}"${words ? ", an ordinary word" : ""}`;
    }
    consider(
      k,
      "combosquat",
      score + (glyph ? 0.05 : 0) - penalty,
      token,
      `${why} in "${label}"${glyph}${where}`,
    );
  }
}

/** A brand written across hyphens ("wells-fargo-verify", "la-poste"). */
export function joinedPieces(
  keys: readonly Key[],
  byFold: ReadonlyMap<string, number[]>,
  label: string,
  consider: Consider,
  penalty = 0,
  where = "",
): void {
  if (!label.includes("-")) return;
  const pieces = foldGlyphs(label).split("-").slice(0, 16);
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j < Math.min(pieces.length, i + 4); j++) {
      const joined = pieces.slice(i, j + 1).join("");
      for (const id of byFold.get(joined) ?? []) {
        const k = keys[id]!;
        if (k.short) continue;
        const whole = i === 0 && j === pieces.length - 1;
        consider(
          k,
          whole ? "hyphenation" : "combosquat",
          (whole ? 0.85 : 0.8) - penalty,
          pieces.slice(i, j + 1).join("-"),
          `"${k.label}" written with hyphens in "${label}"${where}`,
        );
      }
    }
}

/** Brand labels among the labels left of the registrable domain. */
export function subdomainTokens(
  keys: readonly Key[],
  byFold: ReadonlyMap<string, number[]>,
  finder: TokenFinder,
  parts: NameParts,
  brands: readonly Brand[],
  consider: Consider,
): void {
  const subs = parts.subs;
  const from = Math.max(0, subs.length - 10);
  for (let i = from; i < subs.length; i++) {
    const raw = subs[i]!;
    if (raw.length > 63 * 4) continue;
    const label = skeleton(raw);
    const fold = foldGlyphs(label);
    const ids = byFold.get(fold);
    if (ids) {
      // What follows, read as a domain's suffix: "hsbc.co.uk.account-check.net",
      // "visa.com-secure.info", "orange.fr-sso.com".
      const next = subs[i + 1];
      const spelled: string[] = [];
      if (next !== undefined) {
        if (subs[i + 2] !== undefined) spelled.push(`${next}.${subs[i + 2]}`);
        spelled.push(next);
      }
      const following = next ?? parts.label;
      const dash = following.indexOf("-");
      if (dash > 0) spelled.push(following.slice(0, dash));
      const suffix = spelled.find(isPublicSuffix);
      for (const id of ids) {
        const k = keys[id]!;
        const score = suffix ? (k.short ? 0.85 : 0.9) : k.short || k.common ? 0.45 : 0.7;
        consider(
          k,
          "subdomain-brand",
          score,
          label,
          suffix
            ? `"${label}.${suffix}" spelled out at the start of a name under ${parts.domain}`
            : `"${label}" as a subdomain label of ${parts.domain}`,
        );
      }
      continue;
    }
    const where = ` (a subdomain label of ${parts.domain})`;
    labelTokens(keys, finder.find(fold), label, parts, brands, consider, 0.1, where);
    joinedPieces(keys, byFold, label, consider, 0.1, where);
  }
}
