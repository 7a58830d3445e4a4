// Runs the CLI in-process (src/cli/run.ts) with captured streams.
import { Readable, Writable } from "node:stream";
import type { CommandIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run.js";
import { isDnsightError } from "../../src/errors.js";

/** A Writable that keeps everything written to it in `text`: a captured stdout or stderr. */
export class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** runCli's signature: suites that build their own CommandIO call it directly. */
export type RunCli = (argv: string[], io: CommandIO) => Promise<number>;

/** Loads runCli from src/cli/run.ts (main.ts is only the process entry point). */
export async function loadRunCli(): Promise<RunCli> {
  return (await import("../../src/cli/run.js")).runCli;
}

/** What a CLI run leaves: its exit status and all it wrote to stdout and stderr. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `dnsight ARGS`; a thrown error becomes status 1 (2 for usage) and one stderr line, as in main.ts. */
export async function cli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<CliResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = Readable.from(opts.stdin !== undefined ? [opts.stdin] : []);
  let status: number;
  try {
    status = await runCli(args, {
      stdin,
      stdout,
      stderr,
      env: opts.env ?? { ...process.env, DNSIGHT_RESOLV_CONF: "/nonexistent" },
    });
  } catch (e) {
    stderr.text += `dnsight: ${(e as Error).message}\n`;
    status = isDnsightError(e) && e.code === "USAGE" ? 2 : 1;
  }
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** Parses NDJSON output. */
export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** Alerts printed as JSON lines (`monitor --json`, `alerts --format json`). */
export interface AlertLine {
  id: string;
  rule: string;
  techniques: string[];
  analytics: string[];
  dataComponents: string[];
  entity: string;
  key: string;
  severity: string;
  summary: string;
  count: number;
}

/** "rule techniques analytics entity key" of each alert line, sorted: what a scenario expects. */
export function alertKeys(stdout: string): string[] {
  return ndjson<AlertLine>(stdout)
    .map((a) => `${a.rule} ${a.techniques.join()} ${a.analytics.join()} ${a.entity} ${a.key}`)
    .sort();
}
