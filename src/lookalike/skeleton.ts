import { domainToUnicode } from "node:url";
import { GLYPHS, LATIN_TO_CYRILLIC } from "./tables.js";

// A label reduced to what it looks like (in the spirit of Unicode TR39 skeletons): each
// look-alike glyph and Cyrillic twin mapped back to the ASCII letter it imitates, and
// accents dropped, so "раураl", "pаypal" and "paypál" all read "paypal".

const BACK = new Map<string, string>();
for (const [ascii, glyphs] of Object.entries(GLYPHS))
  for (const g of glyphs)
    if (g.length === 1 && g.charCodeAt(0) >= 0x80 && !BACK.has(g)) BACK.set(g, ascii);
for (const [latin, cyr] of Object.entries(LATIN_TO_CYRILLIC)) BACK.set(cyr, latin);

/** A label's Unicode form (its A-label decoded; any other as it is). */
export function unicodeLabel(label: string): string {
  return label.startsWith("xn--") ? domainToUnicode(label) || label : label;
}

/** The skeleton of a label given as an A-label or in Unicode; ASCII labels come back as they are. */
export function skeleton(label: string): string {
  const u = unicodeLabel(label);
  let ascii = true;
  for (let i = 0; i < u.length; i++)
    if (u.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return u;
  let out = "";
  for (const ch of u) {
    const back = BACK.get(ch);
    if (back !== undefined) out += back;
    else if (ch.charCodeAt(0) < 0x80) out += ch;
    else out += ch.normalize("NFD").replace(/\p{M}/gu, "");
  }
  return out.toLowerCase();
}
