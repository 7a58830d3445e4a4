// Pulls exact byte counts out of a chunked stream. It holds at most the unread rest of
// one record plus the chunk that completes it, so memory is bounded by the largest record
// the caller agrees to read, not by the input.
import { DnsightError } from "../../../errors.js";

export class ChunkReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private ended = false;
  private readonly it: AsyncIterator<Uint8Array | string>;
  /** Bytes of the input consumed so far: the offset of the next unread byte. */
  offset = 0;

  constructor(
    input: AsyncIterable<Uint8Array | string>,
    private readonly name: string,
  ) {
    this.it = input[Symbol.asyncIterator]();
  }

  /** Unread bytes already buffered. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Buffers `n` unread bytes; false when the input ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.available < n) {
      if (this.ended) return false;
      let r: IteratorResult<Uint8Array | string>;
      try {
        r = await this.it.next();
      } catch (err) {
        // The input's own failure (ENOENT, EIO, a broken pipe), said once with where it hit.
        const why = err instanceof Error ? err.message : String(err);
        throw new DnsightError(
          "INPUT",
          `${this.name}: ${why} at byte ${this.offset + this.available}`,
          { cause: err },
        );
      }
      if (r.done) {
        this.ended = true;
        return false;
      }
      const v = r.value;
      const chunk =
        typeof v === "string" ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      if (chunk.length === 0) continue;
      const rest = this.buf.subarray(this.pos);
      this.buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      this.pos = 0;
    }
    return true;
  }

  /** The next `n` bytes, which must be buffered. Buffers are never written, so the view stays valid. */
  take(n: number): Buffer {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.offset += n;
    return b;
  }

  /** The 32-bit number `at` bytes into the unread input (buffered), without making a view. */
  u32(at: number, little: boolean): number {
    const i = this.pos + at;
    return little ? this.buf.readUInt32LE(i) : this.buf.readUInt32BE(i);
  }

  /** Consumes `n` buffered bytes without making a view of them. */
  advance(n: number): void {
    this.pos += n;
    this.offset += n;
  }

  peek(n: number): Buffer {
    return this.buf.subarray(this.pos, this.pos + n);
  }

  /** Discards `n` bytes chunk by chunk, so a huge block we do not read is never held whole. */
  async skip(n: number): Promise<boolean> {
    while (n > 0) {
      if (this.available === 0 && !(await this.ensure(1))) return false;
      const k = Math.min(n, this.available);
      this.take(k);
      n -= k;
    }
    return true;
  }

  /** Lets the underlying stream release its resources when the caller stops early. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}
