import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { foldGlyphs } from "./glyph-fold.js";
import { localWords, type Lang } from "./local-words.js";
import { WordTable } from "./word-table.js";
import { urlFromRoot } from "../package-root.js";

// The dictionary the matcher reads words with: English from SCOWL (bundled in
// data/lookalike/, built by scripts/build-lookalike-words.mjs) with its commonness
// scale, and the local languages of the brand's and the name's country from Debian's
// word lists when installed (local-words.ts). Loaded on first use: a command that never
// looks inside a label (lookalike generate, a match with no concatenated label) never
// pays for it.

const SHIPPED = urlFromRoot("data", "lookalike", "english-words.txt.gz");

/** SCOWL sizes: at most this, a word most readers know (SCOWL's "medium" dictionary). */
export const COMMON = 50;

let english: WordTable | undefined;

/** Word → its SCOWL size (10 commonest … 70 rare); "=SIZE" lines open each size's section. */
function englishWords(): WordTable {
  if (english) return english;
  const bytes = gunzipSync(readFileSync(SHIPPED));
  const starts: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 0x3d && (i === 0 || bytes[i - 1] === 10)) {
      let size = 0;
      for (let j = i + 1; bytes[j]! >= 0x30 && bytes[j]! <= 0x39; j++)
        size = size * 10 + bytes[j]! - 0x30;
      starts.push(i);
      sizes.push(size);
    }
  let section = 0;
  // Words come in order of their offsets, so the section only ever moves forward.
  return (english = new WordTable(bytes, (at) => {
    while (section + 1 < starts.length && starts[section + 1]! <= at) section++;
    return sizes[section]!;
  }));
}

/** The SCOWL size of an English word, or undefined for a word it does not list. */
export function englishSize(w: string): number | undefined {
  return englishWords().get(w) || undefined;
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
  if (s !== 0) return s <= COMMON;
  if (w.length < 5) return false;
  for (const l of langs) if (localWords(l)?.has(w)) return true;
  return false;
}

let folded: Map<string, string> | undefined;

/**
 * Known English words by how they look: `foldGlyphs` of each (1 and i read as l, 0 as
 * o) → the word. "communlty" folds as "community" does: a word written with a
 * look-alike letter.
 */
export function wordByLook(): Map<string, string> {
  if (folded) return folded;
  const m = new Map<string, string>();
  const text = gunzipSync(readFileSync(SHIPPED)).toString("latin1");
  let size = 70;
  for (const w of text.split("\n")) {
    if (w.startsWith("=")) size = Number(w.slice(1));
    else if (size <= 60 && w.length >= 4) m.set(foldGlyphs(w), w);
  }
  return (folded = m);
}
