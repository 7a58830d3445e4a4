// Last-resort cleanup for what a test starts. Tests stop their servers through `t.after`
// (pass the TestContext as `hooks`); this module also kills every still-tracked server and
// removes every still-tracked temp dir when the test process ends (a thrown hook, a
// timeout, Ctrl-C, a forgotten stop()), so no knotd/unbound outlives the run.
import { rmSync } from "node:fs";

/** Anything with node:test's `after`, e.g. a TestContext (`t`). */
export interface Hooks {
  after(fn: () => unknown): void;
}

const pids = new Set<number>();
const dirs = new Set<string>();

export const trackPid = (pid: number): void => void pids.add(pid);
export const untrackPid = (pid: number): void => void pids.delete(pid);
export const trackDir = (dir: string): void => void dirs.add(dir);
export const untrackDir = (dir: string): void => void dirs.delete(dir);

// Synchronous on purpose: 'exit' listeners cannot await.
function cleanupNow(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  pids.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

process.on("exit", cleanupNow);
// A signal would end the process without 'exit': clean up, then die by the same signal.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(sig, () => {
    cleanupNow();
    process.kill(process.pid, sig);
  });
}
