import { DnsightError } from "../../errors.js";

// Domain names in presentation form (RFC 1035 §5.1, RFC 4343), as kdig prints
// them: labels joined by ".", absolute names end in ".", letters, digits and
// "-_*/" print as themselves, every other ASCII punctuation character gets a
// backslash ("\.", "\+", "\@"), and the rest are "\DDD": bytes outside printable
// ASCII, the space, and "#" (so a label cannot read as RFC 3597's "\#"). dig
// escapes only the specials .;\"()@$ and prints "a+b" where kdig prints "a\+b";
// both forms parse back to the same bytes. A label is a byte string, never UTF-8 text.

const MAX_NAME = 255;
const MAX_LABEL = 63;

const PUNCT = "!\"$%&'()+,.:;<=>?@[\\]^`{|}~";

/** Escaped form of each byte inside a label, precomputed for the decode hot path. */
const LABEL_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  if (/^[A-Za-z0-9\-_*/]$/.test(c)) return c;
  if (PUNCT.includes(c)) return "\\" + c;
  return "\\" + String(b).padStart(3, "0");
});

/** Bytes that print as themselves, so a label of only these is copied as-is. */
const PLAIN_BYTE = new Uint8Array(256).map((_, b) => (LABEL_BYTE[b]!.length === 1 ? 1 : 0));

/** Formats one label's bytes in presentation form. */
export function labelToText(buf: Uint8Array, start: number, end: number): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    if (PLAIN_BYTE[buf[i]!] === 0) {
      plain = false;
      break;
    }
  }
  if (plain) return Buffer.prototype.latin1Slice.call(buf, start, end) as string;
  let out = "";
  for (let i = start; i < end; i++) out += LABEL_BYTE[buf[i]!];
  return out;
}

/** Formats a list of labels as an absolute presentation name ("." for the root). */
export function labelsToText(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return ".";
  let out = "";
  for (const l of labels) out += labelToText(l, 0, l.length) + ".";
  return out;
}

/**
 * Parses a presentation name into labels. Names are taken as absolute whether or not
 * they end in "."; "\." stays inside its label and "\DDD" is one byte.
 */
export function textToLabels(text: string): Uint8Array[] {
  if (text === "." || text === "") return [];
  // Errors quote the name, cut short: a hostile one can be a megabyte.
  const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let total = 1;
  const endLabel = (): void => {
    if (cur.length === 0) throw new DnsightError("INPUT", `empty label in name "${shown}"`);
    if (cur.length > MAX_LABEL)
      throw new DnsightError("INPUT", `label longer than 63 bytes in name "${shown}"`);
    total += cur.length + 1;
    // Said as soon as it is true, not after reading the rest of a megabyte.
    if (total > MAX_NAME) throw new DnsightError("INPUT", `name longer than 255 bytes: "${shown}"`);
    labels.push(Uint8Array.from(cur));
    cur = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2e /* . */) {
      endLabel();
      continue;
    }
    if (ch === 0x5c /* \ */) {
      const next = text.charCodeAt(i + 1);
      if (Number.isNaN(next))
        throw new DnsightError("INPUT", `dangling backslash in name "${shown}"`);
      if (next >= 0x30 && next <= 0x39) {
        const digits = text.slice(i + 1, i + 4);
        if (!/^\d{3}$/.test(digits) || Number(digits) > 255) {
          throw new DnsightError("INPUT", `bad \\DDD escape in name "${shown}"`);
        }
        cur.push(Number(digits));
        i += 3;
      } else {
        cur.push(next);
        i += 1;
      }
      continue;
    }
    if (ch > 0xff) {
      throw new DnsightError(
        "INPUT",
        `non-ASCII character in name "${shown}" (convert IDNs to A-labels first)`,
      );
    }
    cur.push(ch);
  }
  if (cur.length > 0) endLabel();
  if (total > MAX_NAME) throw new DnsightError("INPUT", `name longer than 255 bytes: "${shown}"`);
  return labels;
}

/** Canonical (RFC 4034 §6.2) key of a name: lowercase ASCII presentation, absolute. */
export function canonicalName(text: string): string {
  return labelsToText(textToLabels(text)).replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Lowercases only ASCII letters, as DNS comparisons do (RFC 4343). */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** True when two presentation names are the same DNS name. */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  return lowerAscii(a) === lowerAscii(b);
}

/** Makes a presentation name absolute ("example.com" → "example.com."). */
export function absolute(text: string): string {
  if (text === "" || text === ".") return ".";
  // A trailing "\." is an escaped dot, not the root label.
  if (text.endsWith(".") && !/(^|[^\\])(\\\\)*\\\.$/.test(text)) return text;
  return text + ".";
}

/** Drops the root dot, as stored names are written ("example.com." → "example.com"). */
export function relative(text: string): string {
  if (text === ".") return ".";
  // The common cases, without absolute()'s regex: no trailing dot, or one that no
  // backslash escapes. Each result of a bulk run passes here for its name and records.
  if (!text.endsWith(".")) return text;
  if (text.charCodeAt(text.length - 2) !== 0x5c) return text.slice(0, -1);
  const abs = absolute(text);
  return abs.slice(0, -1);
}
