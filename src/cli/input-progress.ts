import { statSync } from "node:fs";
import { ProgressBar } from "./progress.js";

// The bar of a command that streams one input, a file or standard input (ingest,
// lookalike match): the bytes read of the file's size, what it counts and how fast,
// and an ETA; from standard input, whose size is unknown, bytes and rate alone. The
// library call reports progress through a callback; the bar reads the latest report.

export interface InputBar<P> {
  bar: ProgressBar;
  /** Give to the library call as its onProgress. */
  onProgress: (p: P) => void;
}

/** `path` is "-" for standard input; `done` counts `unit`s ("rows", "names") of a report. */
export function inputBar<P extends { bytesRead: number }>(
  stderr: ConstructorParameters<typeof ProgressBar>[0],
  path: string,
  unit: string,
  first: P,
  done: (p: P) => number,
): InputBar<P> {
  let latest = first;
  const totalBytes = path === "-" ? undefined : fileSize(path);
  const bar = new ProgressBar(stderr, {
    bytes: () => latest.bytesRead,
    ...(totalBytes !== undefined ? { totalBytes } : {}),
    done: () => done(latest),
    unit,
  });
  return { bar, onProgress: (p) => (latest = p) };
}

/** A file's size, or undefined for what is not a file (the command says why it cannot read it). */
export function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined; // the command says why it cannot read it
  }
}
