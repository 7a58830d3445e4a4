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

const decoder = new TextDecoder("utf-8");

export async function* readLines(
  input: AsyncIterable<Uint8Array>,
  name: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let consumed = 0;
  let number = 0;
  const tooLong = (): never => {
    throw new DnsightError(
      "INPUT",
      `${name}:${number + 1}: line longer than ${maxLineBytes} bytes (at byte ${consumed})`,
    );
  };
  const emit = (parts: Uint8Array[]): Line => {
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (bytes.length > maxLineBytes + 2) tooLong();
    consumed += bytes.length;
    number++;
    let text = decoder.decode(bytes);
    if (text.endsWith("\n")) text = text.slice(0, -1);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return { text, number, end: consumed };
  };
  for await (const chunk of input) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl + 1);
      start = nl + 1;
      const line = emit(pending.length ? [...pending, piece] : [piece]);
      pending = [];
      pendingBytes = 0;
      yield line;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) tooLong();
      // Copy: the caller may reuse the chunk's buffer.
      pending.push(Uint8Array.from(rest));
    }
  }
  if (pendingBytes > 0) yield emit(pending);
}
