#!/usr/bin/env node
import { isDnsightError } from "../errors.js";
import type { CommandIO } from "./command.js";
import { exitCode, runCli } from "./run.js";
import { printable } from "../util/printable.js";
import { interrupted } from "./interrupt.js";

// The only place that touches process.exit and turns errors into one line.

async function main(): Promise<void> {
  const io: CommandIO = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
    // An interrupted command abandoned work (sockets, timers) that would keep the
    // process alive: give output a moment to flush, then go.
    if (interrupted()) setTimeout(() => process.exit(), 100).unref();
  } catch (e) {
    const msg = isDnsightError(e) || e instanceof Error ? e.message : String(e);
    process.stderr.write(`dnsight: ${printable(msg)}\n`);
    if (process.env.DNSIGHT_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = exitCode(e);
  }
}

// EPIPE on stdout (`dnsight ... | head`) is a normal end, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

await main();
