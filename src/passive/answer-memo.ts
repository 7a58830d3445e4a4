// What each distinct answer made, found by its masked bytes (answer-identity.ts) without a
// string per message: entries are filed by a 32-bit hash and confirmed by comparing bytes,
// so two answers that share a hash stay apart. Memory is bounded by entry count in two
// generations: when the young one is full it becomes the old one and the old is dropped;
// an entry found in the old one moves to the young, so the busy answers stay while a
// stretch of one-off answers passes through (clearing everything at the cap made a capture
// with more distinct answers than the cap decode its busy ones over and over).

interface Entry<T> {
  /** The whole masked message; bytes 2 on are the identity. */
  bytes: Buffer;
  /** What else the answer is read by: the sensor's bailiwick, mDNS. */
  tag: string;
  value: T;
  /** Another entry with the same hash. */
  next: Entry<T> | undefined;
}

/**
 * Entries one hash may hold: FNV-1a collisions are easy to make on purpose, and a capture
 * of them must not turn each lookup into a walk of the whole memo (quadratic).
 */
const MAX_CHAIN = 8;

/** The identity starts after the 2-byte message ID. */
const FROM = 2;

export class AnswerMemo<T> {
  private young = new Map<number, Entry<T>>();
  private old = new Map<number, Entry<T>>();
  private youngCount = 0;
  private oldCount = 0;
  private readonly generation: number;
  /** A memo of one entry has no room for an old generation. */
  private readonly keepOld: boolean;

  /** `capacity`: entries kept at most, both generations together. */
  constructor(capacity: number) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
    this.keepOld = capacity >= 2;
  }

  /** Entries held. */
  get size(): number {
    return this.youngCount + this.oldCount;
  }

  /** What was kept for masked[0, len) under `tag`, if anything. */
  get(hash: number, masked: Buffer, len: number, tag: string): T | undefined {
    const young = find(this.young.get(hash), masked, len, tag);
    if (young) return young.value;
    const old = find(this.old.get(hash), masked, len, tag);
    if (!old) return undefined;
    this.file(hash, old.bytes, tag, old.value);
    return old.value;
  }

  /** Keeps `value` for `bytes` (the caller's own copy of the masked message) under `tag`. */
  set(hash: number, bytes: Buffer, tag: string, value: T): void {
    this.file(hash, bytes, tag, value);
  }

  private file(hash: number, bytes: Buffer, tag: string, value: T): void {
    if (this.youngCount >= this.generation) {
      this.old = this.keepOld ? this.young : new Map();
      this.oldCount = this.keepOld ? this.youngCount : 0;
      this.young = new Map();
      this.youngCount = 0;
    }
    let next = this.young.get(hash);
    let chain = 0;
    for (let e = next; e !== undefined; e = e.next) chain++;
    if (chain >= MAX_CHAIN) {
      // Starts the hash over: the entries dropped still count until the generation turns.
      next = undefined;
    }
    this.young.set(hash, { bytes, tag, value, next });
    this.youngCount++;
  }
}

function find<T>(
  e: Entry<T> | undefined,
  masked: Buffer,
  len: number,
  tag: string,
): Entry<T> | undefined {
  for (; e !== undefined; e = e.next) {
    if (
      e.bytes.length === len &&
      e.tag === tag &&
      (len <= FROM || masked.compare(e.bytes, FROM, len, FROM, len) === 0)
    )
      return e;
  }
  return undefined;
}
