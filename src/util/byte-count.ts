// How far readers got into an input, for a progress bar: bytes and line ends
// taken so far. The counts sit in a SharedArrayBuffer, so the threads of a
// parallel ingest add to the same counter the main thread shows.

export class ByteCount {
  private readonly cells: BigInt64Array;

  /** A new counter, or (in a worker) one over a counter's `shared` buffer. */
  constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.cells = new BigInt64Array(shared);
  }

  add(bytes: number, lines = 0): void {
    Atomics.add(this.cells, 0, BigInt(bytes));
    if (lines !== 0) Atomics.add(this.cells, 1, BigInt(lines));
  }

  get bytes(): number {
    return Number(Atomics.load(this.cells, 0));
  }

  get lines(): number {
    return Number(Atomics.load(this.cells, 1));
  }
}

/** Line ends (LF) in a chunk. */
export function countLines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The chunks of `input` as bytes, each counted into `count` as it is handed on
 * (a stream with an encoding set, or a test's, yields strings).
 */
export async function* counted(
  input: AsyncIterable<unknown>,
  count: ByteCount,
): AsyncGenerator<Uint8Array> {
  for await (const c of input) {
    const chunk = typeof c === "string" ? Buffer.from(c) : (c as Uint8Array);
    count.add(chunk.length, countLines(chunk));
    yield chunk;
  }
}
