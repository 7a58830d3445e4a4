// What the fuzz worker and its supervisor share: the layout of the shared memory the
// watchdog reads, and the messages the worker posts.

/** Int32 slots of the state buffer. */
export const S = {
  /** Index of the input being parsed (or just parsed). */
  INDEX: 0,
  /** 1 while an input is in the parser. */
  BUSY: 1,
  /** Bytes of the current input copied into the input buffer. */
  LENGTH: 2,
  /** Index of its recipe in the full list. */
  RECIPE: 3,
  /** Bumped for every parse, also the repeated ones while a crash is shrunk. */
  TICK: 4,
} as const;
export const STATE_SLOTS = 8;

/** The largest input the watchdog can keep (hostile inputs stay below it). */
export const MAX_INPUT = 5 << 20;

export interface WorkerJob {
  target: string;
  seed: number;
  /** First and last-plus-one input index. */
  from: number;
  to: number;
  /** Recipes switched off after repeated stalls. */
  disabled: string[];
  state: SharedArrayBuffer;
  input: SharedArrayBuffer;
}

export interface Slowest {
  /** Wall-clock milliseconds in the parser. */
  ms: number;
  /**
   * The process's CPU milliseconds over the same parse: this thread's, mostly, when one
   * parser is fuzzed at a time (--jobs 1); with more, the others' share is in it too.
   */
  cpuMs: number;
  index: number;
  bytes: number;
  recipe: string;
}

export interface WorkerStats {
  /** Inputs parsed by this worker. */
  count: number;
  ok: number;
  hostile: number;
  bytes: number;
  /** Clean refusals, by kind. */
  clean: Record<string, number>;
  crashes: Record<string, number>;
  /** Inputs over 100 ms. */
  slow: number;
  /** The input longest in the parser by the wall clock, and the one using the most CPU. */
  slowest?: Slowest;
  slowestCpu?: Slowest;
  /** Milliseconds spent generating and parsing (setup excluded). */
  loopMs: number;
  setupMs: number;
  /** Recipe names, in the order the RECIPE slot refers to. */
  recipes: string[];
}

export type WorkerMessage =
  | { type: "stats"; stats: WorkerStats; done: boolean }
  | {
      type: "crash";
      signature: string;
      detail: string;
      input: Uint8Array;
      recipe: string;
      index: number;
      /** True when `input` is a shrunk copy of an input reported before. */
      minimized: boolean;
    };
