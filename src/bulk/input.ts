import { createReadStream, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { DnsightError } from "../errors.js";

// Names to resolve, one per line, streamed: blank lines and "#" comments are
// skipped, so memory does not grow with the size of the input.

export interface InputLine {
  text: string;
  /** 1-based line number in the input, for error messages. */
  line: number;
}

/** Read either `batches` or `lines`, not both: they share one stream. */
export interface NameSource {
  batches: AsyncIterable<InputLine[]>;
  lines: AsyncIterable<InputLine>;
  /** Bytes of the input consumed so far, for progress and ETA. */
  bytesRead: () => number;
  /** Total size when known (a regular file), else undefined. */
  totalBytes?: number;
  label: string;
}

/** A line this long is no name (253 bytes at most, escapes ×4): read no further into it. */
const MAX_LINE = 4096;
/** Lines with bytes that are not UTF-8 tolerated before the input is called binary. */
const MAX_BAD_TEXT_LINES = 3;

export function openNameSource(path: string | undefined, stdin: NodeJS.ReadableStream): NameSource {
  const fromStdin = path === undefined || path === "-";
  let stream: NodeJS.ReadableStream & { bytesRead?: number };
  let totalBytes: number | undefined;
  if (fromStdin) {
    stream = stdin;
  } else {
    try {
      const st = statSync(path);
      if (st.isFile()) totalBytes = st.size;
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        { cause: e },
      );
    }
    stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  }
  let consumed = 0;
  const label = fromStdin ? "stdin" : path;
  // Whole chunks are split at once and handed over as arrays: a promise per
  // line (readline's async iterator) costs more than the split itself.
  async function* batches(): AsyncGenerator<InputLine[]> {
    const decoder = new StringDecoder("utf8");
    let rest = "";
    let n = 0;
    /** Inside a line already too long to be a name: drop up to its end. */
    let skipping = false;
    let badText = 0;
    const take = (raw: string, out: InputLine[]): void => {
      n++;
      const t = raw.trim();
      if (t === "" || t.startsWith("#")) return;
      // StringDecoder turns bytes that are not UTF-8 into U+FFFD.
      if (t.includes("\ufffd") && ++badText > MAX_BAD_TEXT_LINES)
        throw new DnsightError(
          "INPUT",
          `${label} is not UTF-8 text: line ${n} is the ${badText}th with bytes that are not UTF-8; want one name per line`,
        );
      out.push({ text: t, line: n });
    };
    const split = (text: string, final: boolean): InputLine[] => {
      const out: InputLine[] = [];
      let from = 0;
      if (skipping) {
        const nl = text.indexOf("\n");
        if (nl < 0 && !final) return out;
        skipping = false;
        from = nl < 0 ? text.length : nl + 1;
      }
      for (let nl = text.indexOf("\n", from); nl >= 0; nl = text.indexOf("\n", from)) {
        take(rest + text.slice(from, nl), out);
        rest = "";
        from = nl + 1;
      }
      rest += text.slice(from);
      if (final && rest !== "") {
        take(rest, out);
        rest = "";
      } else if (rest.length > MAX_LINE) {
        // Far longer than any name: keep its start for the error message, drop the rest.
        take(rest.slice(0, 300), out);
        rest = "";
        skipping = true;
      }
      return out;
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const nul = typeof chunk === "string" ? chunk.indexOf("\0") : chunk.indexOf(0);
        if (nul >= 0)
          throw new DnsightError(
            "INPUT",
            `${label} is not a text file of names: a NUL byte at byte ${consumed + nul}`,
          );
        consumed += chunk.length;
        const out = split(typeof chunk === "string" ? chunk : decoder.write(chunk), false);
        if (out.length > 0) yield out;
      }
      const out = split(decoder.end(), true);
      if (out.length > 0) yield out;
    } catch (e) {
      if (e instanceof DnsightError) throw e;
      throw new DnsightError(
        "INPUT",
        `${label}: read failed after line ${n}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  }
  async function* lines(): AsyncGenerator<InputLine> {
    for await (const batch of batches()) yield* batch;
  }
  const src: NameSource = { batches: batches(), lines: lines(), bytesRead: () => consumed, label };
  if (totalBytes !== undefined) src.totalBytes = totalBytes;
  return src;
}
