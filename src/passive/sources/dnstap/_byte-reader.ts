/**
 * How long a live input (a socket) may keep a reader waiting: between reads (`idleMs`,
 * a quiet writer) and within one (`readMs`, a frame begun and not finished). A read
 * that waits longer fails with the error `timeout` makes. Time spent not reading (the
 * consumer pushing back) does not count.
 */
export interface ReadDeadlines {
  idleMs: number;
  readMs: number;
  timeout: (kind: "idle" | "read", ms: number) => Error;
}

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

  constructor(
    input: AsyncIterable<Uint8Array>,
    private readonly deadlines?: ReadDeadlines,
  ) {
    this.it = input[Symbol.asyncIterator]();
  }

  /** True once the input is exhausted and nothing is left in the buffer. */
  async atEnd(): Promise<boolean> {
    if (this.buffered > 0) return false;
    await this.fill(1, "idle");
    return this.buffered === 0;
  }

  /**
   * Reads `n` bytes. Fewer come back only when the input ends first; the caller, who
   * knows what it was reading, reports the truncation.
   */
  async read(n: number): Promise<Uint8Array> {
    if (this.buffered < n) await this.fill(n, "read");
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

  private async fill(n: number, kind: "idle" | "read"): Promise<void> {
    const d = this.deadlines;
    const limit = d === undefined ? undefined : kind === "idle" ? d.idleMs : d.readMs;
    const deadline = limit === undefined ? undefined : performance.now() + limit;
    while (this.buffered < n && !this.ended) {
      const r = await this.next(deadline, () => d!.timeout(kind, limit!));
      if (r.done) {
        this.ended = true;
        break;
      }
      if (r.value.length === 0) continue;
      this.chunks.push(r.value);
      this.buffered += r.value.length;
    }
  }

  /** The input's next chunk, or the timeout's error once the deadline passes. */
  private async next(
    deadline: number | undefined,
    timeout: () => Error,
  ): Promise<IteratorResult<Uint8Array>> {
    const p = this.it.next();
    if (deadline === undefined) return p;
    // Settled by close() (a socket's iterator ends when destroyed); nobody waits on it then.
    p.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - performance.now()));
    });
    try {
      return await Promise.race([p, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
