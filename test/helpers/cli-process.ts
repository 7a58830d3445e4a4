// The real CLI in a process of its own, as a user runs it (from source, through tsx),
// for tests that need it running beside them: a sensor, a collector, an ingest holding
// a lock. Its output is collected; whatever a test leaves running is killed after it.
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

export interface Run {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/** `dnsight ARGS`, reading `stdin` (a file) if given; no default database, resolver or proxy. */
export function dnsight(args: string[], stdin?: string): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
    env: { ...process.env, DNSIGHT_DB: "", DNSIGHT_RESOLV_CONF: "/nonexistent", NO_PROXY: "*" },
  });
  children.push(child);
  if (stdin) createReadStream(stdin).pipe(child.stdin!);
  let err = "";
  let out = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, stderr: () => err, stdout: () => out, exit };
}
