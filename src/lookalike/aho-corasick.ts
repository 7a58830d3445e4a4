// Every brand token inside a label in one pass (Aho-Corasick), however many brands:
// the labels of a feed are scanned once each, not once per brand.

export interface Occurrence {
  key: number;
  start: number;
  end: number;
}

/** Occurrences reported for one text at most: a label is at most 252 characters, but keys may nest. */
const MAX_OCCURRENCES = 512;

export class TokenFinder {
  private readonly next = new Map<number, number>();
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly keyLength: number[] = [];

  constructor(keys: readonly string[]) {
    const depth: number[] = [0];
    keys.forEach((k, id) => {
      this.keyLength.push(k.length);
      let node = 0;
      for (let i = 0; i < k.length; i++) {
        const e = node * 65536 + k.charCodeAt(i);
        let child = this.next.get(e);
        if (child === undefined) {
          child = this.fail.length;
          this.fail.push(0);
          this.out.push([]);
          depth.push(depth[node]! + 1);
          this.next.set(e, child);
        }
        node = child;
      }
      if (k.length > 0) this.out[node]!.push(id);
    });
    // Failure links breadth first; each node's output gains its failure node's.
    const children = new Map<number, [number, number][]>();
    for (const [e, child] of this.next) {
      const parent = Math.floor(e / 65536);
      let l = children.get(parent);
      if (!l) children.set(parent, (l = []));
      l.push([e % 65536, child]);
    }
    const queue: number[] = [];
    for (const [, c] of children.get(0) ?? []) queue.push(c);
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      for (const [code, child] of children.get(node) ?? []) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next.has(f * 65536 + code)) f = this.fail[f]!;
        const g = this.next.get(f * 65536 + code);
        this.fail[child] = g !== undefined && g !== child ? g : 0;
        const inherited = this.out[this.fail[child]!]!;
        if (inherited.length) this.out[child] = [...this.out[child]!, ...inherited];
        queue.push(child);
      }
    }
  }

  /** Where keys occur in `text`, in order of their end. */
  find(text: string): Occurrence[] {
    const found: Occurrence[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      for (;;) {
        const n = this.next.get(node * 65536 + code);
        if (n !== undefined) {
          node = n;
          break;
        }
        if (node === 0) break;
        node = this.fail[node]!;
      }
      for (const key of this.out[node]!) {
        if (found.length >= MAX_OCCURRENCES) return found;
        found.push({ key, start: i + 1 - this.keyLength[key]!, end: i + 1 });
      }
    }
    return found;
  }
}
