import { DnsightError } from "../../errors.js";

// Tokens of RDATA presentation text (RFC 1035 §5.1): whitespace-separated fields,
// "quoted strings" that may hold spaces, backslash escapes in both. A token keeps
// its raw text (escapes intact) so each codec decides what an escape means.
// A quote in the middle of a word opens a quoted section that stays inside the same
// token, quotes included, blanks and parentheses kept as written: SVCB's
// key65000="a (b)  c" and alpn="h2,h3" are one token each (RFC 9460 Appendix A).

export interface Token {
  /**
   * The field as written, escapes not yet applied: without the quotes when the whole
   * field is quoted, with them when a quoted section starts mid-word.
   */
  readonly raw: string;
  /** The whole field was one "quoted string". */
  readonly quoted: boolean;
}

/** Index of the quote closing the one at `open`, skipping escaped characters. */
function closingQuote(text: string, open: number): number {
  let j = open + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  if (j >= text.length) throw new DnsightError("INPUT", `unterminated quoted string in "${text}"`);
  return j;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "(" || c === ")") {
      i++;
      continue;
    }
    if (c === '"') {
      const j = closingQuote(text, i);
      out.push({ raw: text.slice(i + 1, j), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n) {
      const d = text[j]!;
      if (d === " " || d === "\t" || d === "\n" || d === "\r") break;
      if (d === "(" || d === ")") break; // an escaped one is skipped below, never seen here
      if (d === '"') {
        j = closingQuote(text, j) + 1;
        continue;
      }
      j += d === "\\" ? 2 : 1;
    }
    out.push({ raw: text.slice(i, Math.min(j, n)), quoted: false });
    i = j;
  }
  return out;
}

/** Applies backslash escapes ("\DDD" and "\X") to a token, giving its bytes. */
export function unescapeBytes(raw: string): Uint8Array {
  // One buffer of at most three bytes a character (UTF-8), not an array of numbers: a
  // list of a hundred thousand alpn ids spent most of its time collecting garbage.
  const out = new Uint8Array(raw.length * 3);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 0x5c) {
      const next = raw.charCodeAt(i + 1);
      if (Number.isNaN(next)) throw new DnsightError("INPUT", `dangling backslash in "${raw}"`);
      if (next >= 0x30 && next <= 0x39) {
        const digits = raw.slice(i + 1, i + 4);
        if (!/^\d{3}$/.test(digits) || Number(digits) > 255) {
          throw new DnsightError("INPUT", `bad \\DDD escape in "${raw}"`);
        }
        out[n++] = Number(digits);
        i += 3;
      } else {
        out[n++] = next;
        i += 1;
      }
      continue;
    }
    if (ch > 0xff) {
      // Non-Latin-1 text is taken as UTF-8, the way zone files written by people are.
      const b = Buffer.from(String.fromCharCode(ch), "utf8");
      out.set(b, n);
      n += b.length;
      continue;
    }
    out[n++] = ch;
  }
  return out.slice(0, n);
}

/** Escape of each byte inside a quoted character-string, as dig prints TXT. */
const QUOTED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  if (b < 0x20 || b >= 0x7f) return "\\" + String(b).padStart(3, "0");
  if (b === 0x22) return '\\"';
  if (b === 0x5c) return "\\\\";
  return String.fromCharCode(b);
});

/** Formats bytes as a quoted <character-string>: `"v=spf1 -all"`, `"\000\255"`. */
export function quoteBytes(buf: Uint8Array, start = 0, end = buf.length): string {
  let out = '"';
  for (let i = start; i < end; i++) out += QUOTED_BYTE[buf[i]!];
  return out + '"';
}

/** Takes exactly `count` tokens or fails naming the type. */
export function expectTokens(tokens: readonly Token[], count: number, type: string): void {
  if (tokens.length !== count) {
    throw new DnsightError("INPUT", `${type} data needs ${count} fields, got ${tokens.length}`);
  }
}

/** Parses an unsigned decimal field bounded by `max`. */
export function parseUint(token: Token | undefined, max: number, what: string): number {
  const raw = token?.raw ?? "";
  if (!/^\d+$/.test(raw)) throw new DnsightError("INPUT", `${what}: "${raw}" is not a number`);
  const v = Number(raw);
  if (v > max) throw new DnsightError("INPUT", `${what}: ${raw} is larger than ${max}`);
  return v;
}
