import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { localWords, type Lang } from "./local-words.js";

// The dictionary the matcher reads words with: English from SCOWL (bundled in
// data/lookalike/, built by scripts/build-lookalike-words.mjs) with its commonness
// scale, and the local languages of the brand's and the name's country from Debian's
// word lists when installed (local-words.ts). Loaded on first use: a command that never
// looks inside a label (lookalike generate, a match with no concatenated label) never
// pays for it.

const SHIPPED = new URL("../../data/lookalike/english-words.txt.gz", import.meta.url);

/** SCOWL sizes: at most this, a word most readers know (SCOWL's "medium" dictionary). */
export const COMMON = 50;

let english: Map<string, number> | undefined;

/** Word → its SCOWL size (10 commonest … 70 rare). */
function englishWords(): Map<string, number> {
  if (english) return english;
  const text = gunzipSync(readFileSync(SHIPPED)).toString("latin1");
  const m = new Map<string, number>();
  let size = 70;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const w = text.slice(start, end);
    start = end + 1;
    if (w.startsWith("=")) size = Number(w.slice(1));
    else if (w) m.set(w, size);
  }
  return (english = m);
}

/** The SCOWL size of an English word, or undefined for a word it does not list. */
export function englishSize(w: string): number | undefined {
  return englishWords().get(w);
}

/** A word in English or one of `langs` (lowercase, accents folded away). */
export function isWord(w: string, langs: readonly Lang[] = []): boolean {
  if (englishWords().has(w)) return true;
  for (const l of langs) if (localWords(l)?.has(w)) return true;
  return false;
}

/** A word most readers know: common English, or a local word of five letters or more. */
export function isCommonWord(w: string, langs: readonly Lang[] = []): boolean {
  const s = englishWords().get(w);
  if (s !== undefined) return s <= COMMON;
  if (w.length < 5) return false;
  for (const l of langs) if (localWords(l)?.has(w)) return true;
  return false;
}

let folded: Map<string, string> | undefined;

/**
 * Known English words by how they look: `fold` of each (1 and i read as l, 0 as o) → the
 * word. "communlty" folds as "community" does: a word written with a look-alike letter.
 */
export function wordByLook(fold: (s: string) => string): Map<string, string> {
  if (folded) return folded;
  const m = new Map<string, string>();
  for (const [w, size] of englishWords()) if (size <= 60 && w.length >= 4) m.set(fold(w), w);
  return (folded = m);
}
