// A read-only set of a–z words with a small value each (SCOWL's size), kept as the bytes
// of the words and an open-addressing table of offsets into them. A JavaScript Set of
// 350,000 strings took 400 ms to build and 30 MB to hold; this takes a tenth of both.

export class WordTable {
  private readonly slots: Int32Array;
  private readonly values: Uint8Array;
  private readonly mask: number;
  readonly size: number;

  /** `text`: words of a–z separated by "\n"; `valueAt(i)`: the value of the word at byte i. */
  constructor(
    private readonly text: Uint8Array,
    valueAt: (offset: number) => number = () => 1,
  ) {
    let words = 0;
    for (let i = 0; i < text.length; i++) if (text[i] === 10) words++;
    let cap = 16;
    while (cap < words * 2 + 2) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.values = new Uint8Array(cap);
    this.mask = cap - 1;
    let n = 0;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && text[i] !== 10) continue;
      if (i > start) {
        let h = 2166136261;
        for (let j = start; j < i; j++) h = Math.imul(h ^ text[j]!, 16777619);
        let s = h & this.mask;
        for (;;) {
          const at = this.slots[s]!;
          if (at === 0) {
            this.slots[s] = start + 1;
            this.values[s] = valueAt(start);
            n++;
            break;
          }
          if (this.sameAt(at - 1, text, start, i)) break;
          s = (s + 1) & this.mask;
        }
      }
      start = i + 1;
    }
    this.size = n;
  }

  /** The value of `w`, or 0 when it is not in the table. */
  get(w: string): number {
    let h = 2166136261;
    for (let j = 0; j < w.length; j++) h = Math.imul(h ^ w.charCodeAt(j), 16777619);
    let s = h & this.mask;
    for (;;) {
      const at = this.slots[s]!;
      if (at === 0) return 0;
      if (this.equalsString(at - 1, w)) return this.values[s]!;
      s = (s + 1) & this.mask;
    }
  }

  has(w: string): boolean {
    return this.get(w) !== 0;
  }

  private sameAt(a: number, b: Uint8Array, from: number, to: number): boolean {
    const t = this.text;
    for (let j = from; j < to; j++, a++) if (t[a] !== b[j]) return false;
    return a >= t.length || t[a] === 10;
  }

  private equalsString(a: number, w: string): boolean {
    const t = this.text;
    for (let j = 0; j < w.length; j++, a++) if (t[a] !== w.charCodeAt(j)) return false;
    return a >= t.length || t[a] === 10;
  }
}

/**
 * UTF-8 word-list bytes → a–z words, one per line: lowercased, accents dropped
 * (é → e, ß → ss is not attempted: such a word is left out), any other line left out.
 */
export function plainWords(bytes: Uint8Array, minLength = 3): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  let o = 0;
  let lineStart = 0;
  let ok = true;
  const end = (): void => {
    if (ok && o - lineStart >= minLength) out[o++] = 10;
    else o = lineStart;
    lineStart = o;
    ok = true;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      end();
      continue;
    }
    if (!ok) continue;
    if (b >= 97 && b <= 122) out[o++] = b;
    else if (b >= 65 && b <= 90) out[o++] = b + 32;
    else if ((b === 0xc3 || b === 0xc4 || b === 0xc5) && i + 1 < bytes.length) {
      const base = LATIN[((b - 0xc3) << 6) | (bytes[i + 1]! & 0x3f)] ?? 0;
      i++;
      if (base) out[o++] = base;
      else ok = false;
    } else ok = false;
  }
  if (o > lineStart || !ok) end();
  return out.subarray(0, o);
}

/** U+00C0–U+017F (UTF-8 lead bytes C3–C5) → the a–z letter under the accent, 0 for none. */
const LATIN: number[] = (() => {
  const t: number[] = [];
  for (let k = 0; k < 192; k++) {
    const cp = 0xc0 + k; // C3 80 is U+00C0; C4 80 is U+0100; C5 80 is U+0140
    const base = String.fromCodePoint(cp).normalize("NFD").charAt(0).toLowerCase();
    const c = base.charCodeAt(0);
    t.push(c >= 97 && c <= 122 ? c : 0);
  }
  return t;
})();
