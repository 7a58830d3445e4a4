/**
 * Exact-length reads over a chunked byte stream (a file stream, a socket). Only the
 * bytes asked for and at most one chunk beyond them are held, so memory stays bounded
 * by the largest read whatever the size of the input.
 */
export class ByteReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes handed out so far: the input offset of the next read. */
  offset = 0;

  constructor(input: AsyncIterable<Uint8Array>) {
    this.it = input[Symbol.asyncIterator]();
  }

  /** True once the input is exhausted and nothing is left in the buffer. */
  async atEnd(): Promise<boolean> {
    if (this.buffered > 0) return false;
    await this.fill(1);
    return this.buffered === 0;
  }

  /**
   * Reads `n` bytes. Fewer come back only when the input ends first; the caller, who
   * knows what it was reading, reports the truncation.
   */
  async read(n: number): Promise<Uint8Array> {
    if (this.buffered < n) await this.fill(n);
    const take = Math.min(n, this.buffered);
    let out: Uint8Array;
    const first = this.chunks[0];
    if (first !== undefined && first.length >= take) {
      out = first.subarray(0, take);
      if (first.length === take) this.chunks.shift();
      else this.chunks[0] = first.subarray(take);
    } else {
      out = new Uint8Array(take);
      let at = 0;
      while (at < take) {
        const c = this.chunks[0]!;
        const part = Math.min(c.length, take - at);
        out.set(c.subarray(0, part), at);
        at += part;
        if (part === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(part);
      }
    }
    this.buffered -= take;
    this.offset += take;
    return out;
  }

  /** Stops reading the input (a socket is destroyed, a file closed). */
  async close(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    if (!this.ended) {
      this.ended = true;
      await this.it.return?.();
    }
  }

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.ended) {
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        break;
      }
      if (r.value.length === 0) continue;
      this.chunks.push(r.value);
      this.buffered += r.value.length;
    }
  }
}
