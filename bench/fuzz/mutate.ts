import { chance, int, logSize, pick, type Rng } from "./rng.js";

// Byte-level mutation in the AFL "havoc" style: a stack of one to a few random edits
// (bit flips, interesting values, deleted, duplicated, inserted and spliced ranges,
// dictionary tokens, runs of one byte). Text formats add line edits, so a mutated WHOIS
// answer or dns.log keeps looking like lines. Output is capped at `max` bytes.

const INTERESTING_8 = [0x00, 0x01, 0x0a, 0x0d, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff];
const INTERESTING_16 = [0, 1, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xc000, 0xfffe, 0xffff];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x00100000];

export interface MutateOptions {
  /** Tokens worth inserting whole (field names, separators, magic numbers). */
  dictionary?: readonly Uint8Array[];
  /** Other inputs to splice from. */
  others?: readonly Uint8Array[];
  /** Line edits too (for text formats). */
  text?: boolean;
  max?: number;
}

type Edit = (b: Buffer, r: Rng, o: MutateOptions) => Buffer;

const at = (b: Buffer, r: Rng): number => (b.length === 0 ? 0 : int(r, 0, b.length - 1));

const EDITS: Edit[] = [
  // bit flips
  (b, r) => {
    if (b.length === 0) return b;
    for (let k = int(r, 1, 4); k > 0; k--) {
      const i = at(b, r);
      b[i] = b[i]! ^ (1 << int(r, 0, 7));
    }
    return b;
  },
  // a random byte
  (b, r) => {
    if (b.length > 0) b[at(b, r)] = int(r, 0, 255);
    return b;
  },
  // interesting 8-, 16- and 32-bit values, either byte order
  (b, r) => {
    if (b.length === 0) return b;
    const i = at(b, r);
    const width = pick(r, [1, 2, 4]);
    if (i + width > b.length) return b;
    if (width === 1) b[i] = pick(r, INTERESTING_8);
    else if (width === 2) {
      const v = pick(r, INTERESTING_16);
      if (chance(r, 0.5)) b.writeUInt16BE(v, i);
      else b.writeUInt16LE(v, i);
    } else {
      const v = pick(r, INTERESTING_32);
      if (chance(r, 0.5)) b.writeUInt32BE(v, i);
      else b.writeUInt32LE(v, i);
    }
    return b;
  },
  // add or subtract a little (lengths and counts off by one)
  (b, r) => {
    if (b.length === 0) return b;
    const i = at(b, r);
    b[i] = (b[i]! + int(r, -4, 4)) & 0xff;
    return b;
  },
  // delete a range
  (b, r) => {
    if (b.length < 2) return b;
    const i = at(b, r);
    const n = Math.min(b.length - i, logSize(r, 1, Math.max(2, b.length >> 1)));
    return Buffer.concat([b.subarray(0, i), b.subarray(i + n)]);
  },
  // duplicate a range in place
  (b, r) => {
    if (b.length === 0) return b;
    const i = at(b, r);
    const n = Math.min(b.length - i, logSize(r, 1, 256));
    const copies = chance(r, 0.9) ? 1 : int(r, 2, 64);
    const chunk = b.subarray(i, i + n);
    return Buffer.concat([
      b.subarray(0, i + n),
      ...Array<Buffer>(copies).fill(chunk),
      b.subarray(i + n),
    ]);
  },
  // copy a range over another place
  (b, r) => {
    if (b.length < 2) return b;
    const from = at(b, r);
    const to = at(b, r);
    const n = Math.min(b.length - from, b.length - to, logSize(r, 1, 64));
    b.copy(b, to, from, from + n);
    return b;
  },
  // insert random bytes
  (b, r) => {
    const i = int(r, 0, b.length);
    const n = logSize(r, 1, 32);
    const ins = Buffer.allocUnsafe(n);
    for (let k = 0; k < n; k++) ins[k] = int(r, 0, 255);
    return Buffer.concat([b.subarray(0, i), ins, b.subarray(i)]);
  },
  // a run of one byte (hostile in small doses)
  (b, r) => {
    const i = int(r, 0, b.length);
    const byte = chance(r, 0.5) ? pick(r, INTERESTING_8) : b.length > 0 ? b[at(b, r)]! : 0x20;
    return Buffer.concat([
      b.subarray(0, i),
      Buffer.alloc(logSize(r, 2, 2048), byte),
      b.subarray(i),
    ]);
  },
  // truncate
  (b, r) => b.subarray(0, int(r, 0, b.length)),
  // a dictionary token, inserted or written over
  (b, r, o) => {
    if (!o.dictionary || o.dictionary.length === 0) return b;
    const tok = Buffer.from(pick(r, o.dictionary));
    const i = int(r, 0, b.length);
    if (chance(r, 0.5) || i + tok.length > b.length)
      return Buffer.concat([b.subarray(0, i), tok, b.subarray(i)]);
    tok.copy(b, i);
    return b;
  },
  // splice: a head of this input and a tail of another
  (b, r, o) => {
    if (!o.others || o.others.length === 0) return b;
    const other = pick(r, o.others);
    return Buffer.concat([
      b.subarray(0, int(r, 0, b.length)),
      other.subarray(int(r, 0, other.length)),
    ]);
  },
];

const LINE_EDITS: Edit[] = [
  // duplicate, delete or swap whole lines
  (b, r) => {
    const lines = b.toString("latin1").split("\n");
    const i = int(r, 0, lines.length - 1);
    const op = int(r, 0, 2);
    if (op === 0)
      lines.splice(i, 0, ...Array<string>(chance(r, 0.9) ? 1 : int(r, 2, 200)).fill(lines[i]!));
    else if (op === 1) lines.splice(i, 1);
    else {
      const j = int(r, 0, lines.length - 1);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    return Buffer.from(lines.join("\n"), "latin1");
  },
  // a line from another input
  (b, r, o) => {
    if (!o.others || o.others.length === 0) return b;
    const theirs = Buffer.from(pick(r, o.others)).toString("latin1").split("\n");
    const lines = b.toString("latin1").split("\n");
    lines.splice(int(r, 0, lines.length), 0, pick(r, theirs));
    return Buffer.from(lines.join("\n"), "latin1");
  },
];

/** One to a few stacked edits of `input` (never changed in place). */
export function mutate(input: Uint8Array, r: Rng, o: MutateOptions = {}): Buffer {
  let b: Buffer = Buffer.from(input);
  const max = o.max ?? 1 << 20;
  const rounds = 1 + Math.floor(-Math.log2(1 - r() * 0.99));
  for (let k = 0; k < rounds; k++) {
    const edits = o.text && chance(r, 0.3) ? LINE_EDITS : EDITS;
    b = pick(r, edits)(b, r, o);
    if (b.length > max) b = b.subarray(0, max);
  }
  return b;
}

export const tokens = (...xs: (string | number[])[]): Uint8Array[] =>
  xs.map((x) => (typeof x === "string" ? Buffer.from(x, "latin1") : Uint8Array.from(x)));
