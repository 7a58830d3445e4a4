// Process plumbing shared by the server helpers: liveness, polling, stopping by pid.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * True while `pid` runs. A zombie counts as gone: a daemonised knotd is re-parented to
 * PID 1, and in some containers PID 1 never reaps, so `kill(pid, 0)` keeps succeeding on
 * an exited daemon forever. /proc/PID/stat's third field is the state ('Z' zombie, 'X' dead).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it is gone. */
export async function killAndWait(pid: number, graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  try {
    await waitFor(`pid ${pid} to exit`, () => (isAlive(pid) ? undefined : true), graceMs);
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return;
    }
    await waitFor(`pid ${pid} to die`, () => (isAlive(pid) ? undefined : true), 2000);
  }
}

export function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of a log file, for error messages; empty when it does not exist. */
export function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/**
 * Pids of live processes whose command line contains `needle` (e.g. a per-test config
 * path). Finds a daemon that has not written its pidfile yet, so stop() never misses it.
 */
export function pidsByCmdline(needle: string): number[] {
  const found: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, "utf8").includes(needle) && isAlive(Number(d)))
        found.push(Number(d));
    } catch {
      // exited while we looked
    }
  }
  return found;
}
