import { readFileSync } from "node:fs";
import { plainWords, WordTable } from "./word-table.js";

// Local-language words from Debian's word lists (wfrench, wngerman, wdutch, wspanish,
// witalian, wportuguese; scripts/setup.sh installs them). They are read where they are,
// not shipped: their licences (GPL, mostly) are not dnsight's. Each list is read once, on
// first use, and only for the languages of the brands' and names' countries; a list that
// is not installed is simply not used.

export type Lang = "fr" | "de" | "nl" | "es" | "it" | "pt";

const FILES: Record<Lang, string> = {
  fr: "french",
  de: "ngerman",
  nl: "dutch",
  es: "spanish",
  it: "italian",
  pt: "portuguese",
};

/** Languages spoken under a country-code TLD, for the ones the lists cover. */
const BY_TLD: Record<string, readonly Lang[]> = {
  fr: ["fr"],
  be: ["nl", "fr"],
  lu: ["fr", "de"],
  ch: ["de", "fr", "it"],
  de: ["de"],
  at: ["de"],
  nl: ["nl"],
  es: ["es"],
  mx: ["es"],
  ar: ["es"],
  cl: ["es"],
  co: ["es"],
  it: ["it"],
  pt: ["pt"],
  br: ["pt"],
  ca: ["fr"],
};

/** The languages of a public suffix's country ("co.uk" → none, "fr" → French). */
export function langsOfSuffix(suffix: string): readonly Lang[] {
  return BY_TLD[suffix.slice(suffix.lastIndexOf(".") + 1)] ?? [];
}

/** Where the lists are; tests point it elsewhere. */
export const wordListDir = { path: "/usr/share/dict" };

const loaded = new Map<Lang, WordTable | null>();

/** The words of `lang`, lowercase and without accents; undefined when its list is not installed. */
export function localWords(lang: Lang): WordTable | undefined {
  let t = loaded.get(lang);
  if (t === undefined) {
    try {
      t = new WordTable(plainWords(readFileSync(`${wordListDir.path}/${FILES[lang]}`)));
    } catch {
      t = null; // not installed: the language is not read
    }
    loaded.set(lang, t);
  }
  return t ?? undefined;
}
