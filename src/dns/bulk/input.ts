import { createReadStream, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { DnsightError } from "../../errors.js";

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
    const split = (text: string, final: boolean): InputLine[] => {
      const parts = (rest + text).split("\n");
      rest = final ? "" : parts.pop()!;
      const out: InputLine[] = [];
      for (const raw of parts) {
        n++;
        const t = raw.trim();
        if (t !== "" && !t.startsWith("#")) out.push({ text: t, line: n });
      }
      return out;
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        consumed += chunk.length;
        const out = split(typeof chunk === "string" ? chunk : decoder.write(chunk), false);
        if (out.length > 0) yield out;
      }
      const out = split(decoder.end(), true);
      if (out.length > 0) yield out;
    } catch (e) {
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
