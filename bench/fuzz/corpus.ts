import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

// The corpus of failing inputs: test/fuzz-corpus/<target>/<sha256 prefix>.bin (gzipped,
// .bin.gz, past 64 KiB: hostile inputs are long runs and shrink a thousandfold), and
// INDEX.json saying what each one did when it was found. One input per failure kind is
// enough: a crash signature or a stalling recipe already in the index is counted, not
// saved again, so the corpus grows with new failures, not with every run.

export const CORPUS = fileURLToPath(new URL("../../test/fuzz-corpus/", import.meta.url));
const INDEX = join(CORPUS, "INDEX.json");

export interface IndexEntry {
  /** test/fuzz-corpus/<target>/<name>.bin */
  file: string;
  target: string;
  kind: "crash" | "stall" | "died";
  /** What failed: the crash signature, or the stalling recipe. */
  signature: string;
  recipe: string;
  bytes: number;
  /** The bench's seed and input index that made it, and when. */
  seed: number;
  index: number;
  found: string;
}

export function readIndex(): IndexEntry[] {
  return existsSync(INDEX) ? (JSON.parse(readFileSync(INDEX, "utf8")) as IndexEntry[]) : [];
}

function writeIndex(entries: IndexEntry[]): void {
  entries.sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(INDEX, JSON.stringify(entries, null, 2) + "\n");
}

/** The entry already kept for this failure, if any. */
export function knownFailure(target: string, signature: string): IndexEntry | undefined {
  return readIndex().find((e) => e.target === target && e.signature === signature);
}

const GZIP_OVER = 64 << 10;

/** Writes `input` and its index entry; returns the file's path relative to the repository. */
export function saveFailure(
  input: Uint8Array,
  e: Omit<IndexEntry, "file" | "bytes" | "found">,
): string {
  const dir = join(CORPUS, e.target);
  mkdirSync(dir, { recursive: true });
  const big = input.length > GZIP_OVER;
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 16);
  const name = `${hash}.bin${big ? ".gz" : ""}`;
  const file = `test/fuzz-corpus/${e.target}/${name}`;
  if (!existsSync(join(dir, name)))
    writeFileSync(join(dir, name), big ? gzipSync(input, { level: 9 }) : input);
  const entries = readIndex().filter((x) => x.file !== file);
  entries.push({ file, bytes: input.length, found: new Date().toISOString().slice(0, 10), ...e });
  writeIndex(entries);
  return file;
}

/** The input a corpus file holds (relative to the repository), gunzipped if need be. */
export function readCorpusFile(file: string): Buffer {
  const raw = readFileSync(join(CORPUS, "..", "..", file));
  return file.endsWith(".gz") ? gunzipSync(raw) : raw;
}

/** Removes a file written earlier in this run (a shrunk copy replaces it). */
export function dropFailure(file: string): void {
  rmSync(join(CORPUS, "..", "..", file), { force: true });
  writeIndex(readIndex().filter((x) => x.file !== file));
}

/** Writes an input by hand (a reproducer made outside the bench). */
export function saveToCorpus(target: string, input: Uint8Array, signature = "by hand"): string {
  return saveFailure(input, {
    target,
    kind: "crash",
    signature,
    recipe: "by hand",
    seed: 0,
    index: 0,
  });
}
