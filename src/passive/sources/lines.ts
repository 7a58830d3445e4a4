import { DnsightError } from "../../errors.js";

// Lines of a text input with the byte offset after each, for the line-oriented
// formats (Zeek, passivedns, COF). Bytes are split on LF before decoding, so a
// multi-byte character never straddles a chunk; a line longer than the cap is an
// error naming the input and line rather than unbounded memory.

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** Bytes of the input up to and including this line's end. */
  end: number;
}

export const MAX_LINE_BYTES = 1 << 20;

/** Lines one at a time (see readLineBatches, which the hot paths use). */
export async function* readLines(
  input: AsyncIterable<Uint8Array>,
  name: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(input, name, maxLineBytes)) yield* batch;
}

/**
 * The lines of each chunk of input as one array: one await per chunk rather than
 * per line, and each line decoded straight from the chunk's bytes.
 */
export async function* readLineBatches(
  input: AsyncIterable<Uint8Array>,
  name: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let consumed = 0;
  let number = 0;
  const tooLong = (): never => {
    throw new DnsightError(
      "INPUT",
      `${name}:${number + 1}: line longer than ${maxLineBytes} bytes (at byte ${consumed})`,
    );
  };
  const emit = (bytes: Buffer, start: number, end: number): Line => {
    const length = end - start;
    if (length > maxLineBytes + 2) tooLong();
    consumed += length;
    number++;
    // Without the line end (LF or CRLF): the decoder never sees half a character.
    let stop = end;
    if (stop > start && bytes[stop - 1] === 10) stop--;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    return { text: bytes.toString("utf8", start, stop), number, end: consumed };
  };
  for await (const raw of input) {
    const chunk = Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const lines: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (pending.length > 0) {
        const joined = Buffer.concat([...pending, chunk.subarray(start, nl + 1)]);
        pending = [];
        pendingBytes = 0;
        lines.push(emit(joined, 0, joined.length));
      } else {
        lines.push(emit(chunk, start, nl + 1));
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) tooLong();
      // Copy: the caller may reuse the chunk's buffer.
      pending.push(Buffer.from(rest));
    }
    if (lines.length > 0) yield lines;
  }
  if (pendingBytes > 0) {
    const joined = Buffer.concat(pending);
    yield [emit(joined, 0, joined.length)];
  }
}
