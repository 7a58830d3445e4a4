import { parentPort } from "node:worker_threads";
import { crashSignature, errorKind } from "./classify.js";
import { targetNamed } from "./targets/index.js";

// The thread side of a corpus replay (replay.ts): runs each input it is sent through its
// target and says how it ended and how long the parse took, on the wall clock and in CPU
// time (the process's, which while a replay runs is this thread's parse, mostly: the
// caller waits idle).

export interface ReplayRequest {
  target: string;
  input: Uint8Array;
}

export interface ReplayReply {
  outcome: "parsed" | "refused" | "crash";
  /** The error kind (refused) or crash signature, with the stack for a crash. */
  detail: string;
  ms: number;
  cpuMs: number;
}

parentPort!.on("message", (req: ReplayRequest) => {
  const target = targetNamed(req.target);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const done = (outcome: ReplayReply["outcome"], detail: string): void => {
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    const cpuMs = (used.user + used.system) / 1000;
    parentPort!.postMessage({ outcome, detail, ms, cpuMs } satisfies ReplayReply);
  };
  const fail = (e: unknown): void => {
    if (target.clean(e)) done("refused", errorKind(e));
    else done("crash", `${crashSignature(e)}\n${e instanceof Error ? e.stack : String(e)}`);
  };
  try {
    const p = target.run(req.input);
    if (p) p.then(() => done("parsed", ""), fail);
    else done("parsed", "");
  } catch (e) {
    fail(e);
  }
});
