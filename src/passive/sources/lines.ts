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

/** The lines of each chunk of input as one array of Line objects. */
export async function* readLineBatches(
  input: AsyncIterable<Uint8Array>,
  name: string,
  options: LineOptions = {},
): AsyncGenerator<Line[]> {
  for await (const s of readLineSpans(input, name, options)) {
    const lines: Line[] = new Array<Line>(s.count);
    for (let i = 0; i < s.count; i++)
      lines[i] = {
        text: s.text.slice(s.from[i], s.to[i]),
        number: s.number[i]!,
        start: s.start[i]!,
        end: s.end[i]!,
      };
    yield lines;
  }
}

/**
 * A chunk's lines as spans of one string, with no object or string per line: the
 * form a parser that looks at a few columns of most lines reads fastest.
 */
export interface LineSpans {
  text: string;
  count: number;
  /** Line i's text is text[from[i], to[i]), its line end left out. */
  from: number[];
  to: number[];
  /** 1-based; 0 when not known (a range read from the middle of a file). */
  number: number[];
  /** Byte offsets of line i's first byte, and just past its end (LF included). */
  start: number[];
  end: number[];
}

/**
 * The lines of each chunk of input, as spans (LineSpans). An ASCII stretch of a
 * chunk (the usual log) is decoded once, where a character is a byte; other lines
 * are decoded one by one from their bytes, so a multi-byte character never
 * straddles a chunk.
 */
export async function* readLineSpans(
  input: AsyncIterable<Uint8Array>,
  name: string,
  options: LineOptions = {},
): AsyncGenerator<LineSpans> {
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
  // The batch being built: its text in pieces, and where the next piece starts.
  const empty = (): LineSpans => ({
    text: "",
    count: 0,
    from: [],
    to: [],
    number: [],
    start: [],
    end: [],
  });
  let out = empty();
  let pieces: string[] = [];
  let length = 0;

  const skip = (bytes: number): void => {
    number++;
    options.skipped?.damaged(
      `line longer than ${max} bytes`,
      `${lineAt(name, { number: numbered ? number : 0, start: offset })} (${bytes} bytes)`,
    );
    offset += bytes;
  };
  /** A line of `bytes` bytes (its LF included) whose text is text[from, to). */
  const push = (from: number, to: number, bytes: number): void => {
    number++;
    out.count++;
    out.from.push(from);
    out.to.push(to);
    out.number.push(numbered ? number : 0);
    out.start.push(offset);
    offset += bytes;
    out.end.push(offset);
  };
  /** The line in bytes[start, end), which ends with LF unless the input ended. */
  const decoded = (bytes: Buffer, start: number, end: number): void => {
    // Without the line end (LF or CRLF): the decoder never sees half a character.
    let stop = end;
    if (stop > start && bytes[stop - 1] === 10) stop--;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    if (stop - start > max) return skip(end - start);
    const text = bytes.toString("utf8", start, stop);
    pieces.push(text);
    push(length, length + text.length, end - start);
    length += text.length;
  };
  /** The batch so far, its pieces joined (many only where lines were decoded one by one). */
  const take = (): LineSpans => {
    const done = out;
    done.text = pieces.length === 1 ? pieces[0]! : pieces.join("");
    out = empty();
    pieces = [];
    length = 0;
    return done;
  };
  /**
   * The whole lines of an ASCII chunk from `start` on, in a batch of their own whose
   * text is the whole chunk decoded at once (the line an earlier chunk left open,
   * which ends before `start`, is in the batch before it): no copy of the chunk's text.
   */
  const ascii = (chunk: Buffer, start: number): number => {
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl < start) return start;
    const text = chunk.toString("latin1");
    pieces.push(text);
    length = text.length;
    let from = start;
    for (
      let nl = text.indexOf("\n", from);
      nl !== -1 && nl <= lastNl;
      nl = text.indexOf("\n", from)
    ) {
      let stop = nl;
      if (stop > from && text.charCodeAt(stop - 1) === 13) stop--;
      if (stop - from > max) skip(nl + 1 - from);
      else push(from, stop, nl + 1 - from);
      from = nl + 1;
    }
    return from;
  };

  for await (const raw of input) {
    const chunk = Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = 0;
    // First the end of the line the last chunk left open.
    if (pending.length > 0 || dropping) {
      const nl = chunk.indexOf(10);
      if (nl !== -1) {
        const piece = nl + 1;
        if (dropping) {
          skip(dropped + piece);
          dropping = false;
          dropped = 0;
        } else {
          const total = pendingBytes + piece;
          if (total > max + 2)
            skip(total); // too long even without a CRLF: never joined
          else {
            const joined = Buffer.concat([...pending, chunk.subarray(0, piece)]);
            decoded(joined, 0, joined.length);
          }
          pending = [];
          pendingBytes = 0;
        }
        start = piece;
      }
    }
    if (start < chunk.length && isAscii(chunk.subarray(start))) {
      if (out.count > 0) yield take();
      start = ascii(chunk, start);
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      decoded(chunk, start, nl + 1);
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
    if (out.count > 0) yield take();
  }
  if (dropping) skip(dropped);
  else if (pendingBytes > 0) {
    const joined = Buffer.concat(pending);
    decoded(joined, 0, joined.length);
    if (out.count > 0) yield take();
  }
}
