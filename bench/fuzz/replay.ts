import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { ReplayReply, ReplayRequest } from "./replay-worker.js";
import { startWorker } from "./start-worker.js";
import { CORPUS, readCorpusFile } from "./corpus.js";

// Replays corpus files through their parsers in a worker, one at a time, under a hard
// time limit: an input that never returns costs the limit, not the whole test run.

export interface CorpusEntry {
  target: string;
  /** Path relative to the repository: test/fuzz-corpus/<target>/<name>.bin[.gz]. */
  file: string;
}

export interface KnownEntry {
  file: string;
  reason: string;
}

/** Every corpus file, by target folder. */
export function corpusEntries(): CorpusEntry[] {
  return readdirSync(CORPUS)
    .filter((d) => statSync(join(CORPUS, d)).isDirectory())
    .sort()
    .flatMap((target) =>
      readdirSync(join(CORPUS, target))
        .filter((f) => f.endsWith(".bin") || f.endsWith(".bin.gz"))
        .sort()
        .map((f) => ({ target, file: `test/fuzz-corpus/${target}/${f}` })),
    );
}

/** Entries the replay skips until a fix lands (test/fuzz-corpus/KNOWN.json). */
export function knownEntries(): KnownEntry[] {
  return JSON.parse(readFileSync(join(CORPUS, "KNOWN.json"), "utf8")) as KnownEntry[];
}

export type ReplayResult =
  ReplayReply | { outcome: "hang"; detail: string; ms: number; cpuMs: number };

export class Replayer {
  private worker: Worker | undefined;

  constructor(private readonly limitMs = 30_000) {}

  replay(e: CorpusEntry): Promise<ReplayResult> {
    return this.run(e.target, readCorpusFile(e.file));
  }

  /** Runs `input` through `target` in the worker. */
  async run(target: string, input: Uint8Array): Promise<ReplayResult> {
    const w = (this.worker ??= startWorker(new URL("./replay-worker.ts", import.meta.url)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void w.terminate();
        this.worker = undefined;
        resolve({
          outcome: "hang",
          detail: `no answer in ${this.limitMs} ms`,
          ms: this.limitMs,
          cpuMs: this.limitMs,
        });
      }, this.limitMs);
      const onMessage = (m: ReplayReply): void => {
        cleanup();
        resolve(m);
      };
      const onError = (err: Error): void => {
        cleanup();
        this.worker = undefined;
        reject(err);
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
      };
      w.on("message", onMessage);
      w.on("error", onError);
      w.postMessage({ target, input } satisfies ReplayRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
