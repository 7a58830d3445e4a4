import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

// Shared by the benchmarks: run a child, time it, and watch its peak memory.

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in KiB (VmHWM, read from /proc while it runs). */
  peakRssKb: number;
}

export function runChild(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: opts.env ?? process.env,
    });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // The child has gone; the last reading stands.
      }
    }, 50);
    const killer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    child.on("error", (e) => {
      clearInterval(poll);
      clearTimeout(killer);
      reject(e);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - t0, peakRssKb: peak });
    });
  });
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en");
}

/**
 * Like runChild, for a reference tool whose output is only to be thrown away
 * (tshark's text): stdout goes to /dev/null, not into a string in this process.
 */
export function runDiscarding(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let peak = 0;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // The child has gone; the last reading stands.
      }
    }, 50);
    const killer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    child.on("error", (e) => {
      clearInterval(poll);
      clearTimeout(killer);
      reject(e);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, stdout: "", stderr, wallMs: performance.now() - t0, peakRssKb: peak });
    });
  });
}

/** Rows in a SQLite store's observations table (a correctness check after an ingest). */
export async function countStoredRows(dbPath: string): Promise<number> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM observations").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
