import { DnsightError } from "../errors.js";
import { foldGlyphs } from "./glyph-fold.js";
import type { Lang } from "./local-words.js";
import { nameParts } from "./name-parts.js";
import { toAsciiDomain } from "./punycode.js";
import { skeleton } from "./skeleton.js";
import { COMMON, englishSize, isWord } from "./words.js";

// What the matcher looks for: each brand's label, and the labels of the other domains
// the brand owns (a homoglyph of its second domain imitates the brand just as well).

/**
 * Longer than any label can be in any spelling: 63 octets (RFC 1035 §2.3.4), written
 * with \DDD escapes at four characters each. Such a name imitates nothing and is not
 * read further (a megabyte "label" from a feed cost seconds of replacing and hashing).
 */
export const MAX_LABEL_TEXT = 4 * 63;

/**
 * Brands this short (att, hp, dpd, kbc, ups; visa, hsbc) are words only beside a word
 * phishing uses, or alone in a piece of the label: glued to anything else they are more
 * often part of another word (battery, php, televisa).
 */
export const SHORT = 4;

/** Brands this short are never matched by typo: one edit turns them into other words. */
export const NO_TYPOS = 3;

export interface Brand {
  domain: string;
  langs: readonly Lang[];
}

export interface Key {
  brand: number;
  /** The label as registered (an A-label for an IDN). */
  ace: string;
  /** The label as it reads (skeleton), and folded (1/i as l, 0 as o). */
  label: string;
  fold: string;
  /** The registrable domain the label comes from: the brand's, or one it owns. */
  domain: string;
  suffix: string;
  /** Set when the domain is one the brand owns besides its main one. */
  owned: boolean;
  short: boolean;
  /** The label is itself a common word (orange, booking): weaker alone. */
  common: boolean;
  /**
   * "label": the whole label. "head": the first word of a label of several (steam of
   * steampowered), matched only with more evidence.
   */
  kind: "label" | "head";
}

export function brandKey(
  domain: string,
  brand: number,
  owned: boolean,
  what: string,
): Omit<Key, "common" | "kind"> {
  const tooLong = (): DnsightError =>
    new DnsightError(
      "INPUT",
      `${what} "${domain.slice(0, 80)}…": its label is longer than a DNS label can be`,
    );
  if (domain.length > 4 * 253) throw tooLong();
  // Compared with names as feeds carry them: A-labels (bücher.de is xn--bcher-kva.de).
  const p = nameParts(toAsciiDomain(domain) ?? domain);
  if (p.label.length > MAX_LABEL_TEXT) throw tooLong();
  const label = skeleton(p.label);
  return {
    brand,
    ace: p.label,
    label,
    fold: foldGlyphs(label),
    domain: p.domain,
    suffix: p.suffix,
    owned,
    short: label.length <= SHORT,
  };
}

/** Whether a label is a common word (it needs company to be the brand), loading words on demand. */
export function isCommonLabel(label: string): boolean {
  const s = englishSize(label);
  return s !== undefined && s <= COMMON;
}

/**
 * The first word of a label made of two words or more ("steam" of "steampowered"), when
 * both are common words and the first is long enough to mean something alone.
 */
export function headWord(label: string, langs: readonly Lang[]): string | undefined {
  if (label.length < 9 || isWord(label, langs)) return undefined;
  for (let i = label.length - 3; i >= 5; i--) {
    const head = label.slice(0, i);
    const tail = label.slice(i);
    if (isCommonLabel(head) && isWord(tail, langs)) return head;
  }
  return undefined;
}
