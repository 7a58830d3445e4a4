import { isAscii } from "node:buffer";
import type { SkipCounter, SourceOptions } from "../source.js";

// Lines of a text input with the byte offsets around each, for the line-oriented
// formats (Zeek, passivedns, COF). Bytes are split on LF before decoding, so a
// multi-byte character never straddles a chunk. A line longer than the cap is
// skipped and counted, naming the input, line and byte: its bytes are counted as
// they pass, never held, so a 1 GB line costs no more memory than the cap, and
// the lines after it are read as usual.

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** Offset of the line's first byte. */
  start: number;
  /** Offset just past the line's end (LF included). */
  end: number;
}

export interface LineOptions {
  /** Longest line read, in bytes without its LF or CRLF (default 1 MiB). */
  maxLineBytes?: number;
  /** Counts the lines over the cap; they are skipped either way. */
  skipped?: SkipCounter;
  /** Where the input's first byte lies in its file (a range of a file): offsets count from it. */
  origin?: number;
}

export const MAX_LINE_BYTES = 1 << 20;

/** A source's options as the line reader takes them. */
export const sourceLineOptions = (o: SourceOptions): LineOptions => ({
  ...(o.skipped ? { skipped: o.skipped } : {}),
  ...(o.origin !== undefined ? { origin: o.origin } : {}),
});

/**
 * Where a line is, for messages: "dns.log:12 at byte 3456". Line 0 means its number
 * is not known (a range read from the middle of a file): "dns.log at byte 3456".
 */
export const lineAt = (name: string, l: Pick<Line, "number" | "start">): string =>
  l.number > 0 ? `${name}:${l.number} at byte ${l.start}` : `${name} at byte ${l.start}`;

/** Lines one at a time (see readLineBatches, which the hot paths use). */
export async function* readLines(
  input: AsyncIterable<Uint8Array>,
  name: string,
  options: LineOptions = {},
): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(input, name, options)) yield* batch;
}

/**
 * The lines of each chunk of input as one array: one await per chunk rather than
 * per line, and each line decoded straight from the chunk's bytes.
 */
export async function* readLineBatches(
  input: AsyncIterable<Uint8Array>,
  name: string,
  options: LineOptions = {},
): AsyncGenerator<Line[]> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let offset = options.origin ?? 0; // of the current line's first byte
  let number = 0;
  // Read from the middle of a file, a line's number in it is not known: 0 says so.
  const numbered = (options.origin ?? 0) === 0;
  // The start of a line that did not end in its chunk: kept while it may still fit...
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // ...or only counted, once it cannot.
  let dropping = false;
  let dropped = 0;

  const skip = (length: number): void => {
    number++;
    options.skipped?.damaged(
      `line longer than ${max} bytes`,
      `${lineAt(name, { number: numbered ? number : 0, start: offset })} (${length} bytes)`,
    );
    offset += length;
  };
  /** The line in bytes[start, end), which ends with LF unless the input ended. */
  const line = (bytes: Buffer, start: number, end: number, out: Line[]): void => {
    // Without the line end (LF or CRLF): the decoder never sees half a character.
    let stop = end;
    if (stop > start && bytes[stop - 1] === 10) stop--;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    if (stop - start > max) return skip(end - start);
    number++;
    const at = offset;
    offset += end - start;
    out.push({
      text: bytes.toString("utf8", start, stop),
      number: numbered ? number : 0,
      start: at,
      end: offset,
    });
  };

  for await (const raw of input) {
    const chunk = Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const lines: Line[] = [];
    let start = 0;
    // An ASCII chunk (the usual log) is decoded once and its lines sliced out of the
    // one string, where a character is a byte: no decoder call per line.
    if (pending.length === 0 && !dropping && isAscii(chunk)) {
      const text = chunk.toString("latin1");
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        let stop = nl;
        if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
        if (stop - start > max) skip(nl + 1 - start);
        else {
          number++;
          const at = offset;
          offset += nl + 1 - start;
          lines.push({
            text: text.slice(start, stop),
            number: numbered ? number : 0,
            start: at,
            end: offset,
          });
        }
        start = nl + 1;
      }
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = nl + 1 - start;
      if (dropping) {
        skip(dropped + piece);
        dropping = false;
        dropped = 0;
      } else if (pending.length > 0) {
        const total = pendingBytes + piece;
        if (total > max + 2)
          skip(total); // too long even without a CRLF: never joined
        else {
          const joined = Buffer.concat([...pending, chunk.subarray(start, nl + 1)]);
          line(joined, 0, joined.length, lines);
        }
        pending = [];
        pendingBytes = 0;
      } else {
        line(chunk, start, nl + 1, lines);
      }
      start = nl + 1;
    }
    const rest = chunk.length - start;
    if (rest > 0) {
      if (dropping) dropped += rest;
      // Over the cap even if a CR ends it: stop keeping it.
      else if (pendingBytes + rest > max + 1) {
        dropping = true;
        dropped = pendingBytes + rest;
        pending = [];
        pendingBytes = 0;
      } else {
        // Copy: the caller may reuse the chunk's buffer.
        pending.push(Buffer.from(chunk.subarray(start)));
        pendingBytes += rest;
      }
    }
    if (lines.length > 0) yield lines;
  }
  if (dropping) skip(dropped);
  else if (pendingBytes > 0) {
    const joined = Buffer.concat(pending);
    const last: Line[] = [];
    line(joined, 0, joined.length, last);
    if (last.length > 0) yield last;
  }
}
