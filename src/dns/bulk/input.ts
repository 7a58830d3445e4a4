import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { DnsightError } from "../../errors.js";

// Names to resolve, one per line, streamed: blank lines and "#" comments are
// skipped, so memory does not grow with the size of the input.

export interface NameSource {
  lines: AsyncIterable<{ text: string; line: number }>;
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
  async function* lines(): AsyncGenerator<{ text: string; line: number }> {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const raw of rl) {
        n++;
        consumed += Buffer.byteLength(raw) + 1;
        const text = raw.trim();
        if (text === "" || text.startsWith("#")) continue;
        yield { text, line: n };
      }
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `${label}: read failed after line ${n}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  const src: NameSource = { lines: lines(), bytesRead: () => consumed, label };
  if (totalBytes !== undefined) src.totalBytes = totalBytes;
  return src;
}
