import { statSync } from "node:fs";
import { ByteCount } from "../util/byte-count.js";
import { ProgressBar } from "./progress.js";

// The bar of a command that streams one input, a file or standard input (ingest,
// lookalike match): the bytes read of the file's size, what it counts and how fast,
// and an ETA; from standard input, whose size is unknown, bytes and rate alone.

export interface InputProgress {
  /** Bytes (and lines) read: the command counts its input's chunks into it. */
  read: ByteCount;
  bar: ProgressBar;
}

/** `path` is "-" for standard input; `done` counts `unit`s ("rows", "names"). */
export function inputProgress(
  stderr: ConstructorParameters<typeof ProgressBar>[0],
  path: string,
  unit: string,
  done?: (read: ByteCount) => number,
): InputProgress {
  const read = new ByteCount();
  const totalBytes = path === "-" ? undefined : fileSize(path);
  const bar = new ProgressBar(stderr, {
    bytes: () => read.bytes,
    ...(totalBytes !== undefined ? { totalBytes } : {}),
    done: done ? () => done(read) : () => read.lines,
    unit,
  });
  return { read, bar };
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
