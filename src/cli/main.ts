#!/usr/bin/env node
import { DnsightError, isDnsightError } from "../errors.js";
import { VERSION } from "../version.js";
import { checkPositionals, parseCommandArgs, renderHelp, type CommandDef, type CommandIO } from "./command.js";
import { ROOT } from "./root.js";

// The only place that touches process.exit and turns errors into one line.

const EXIT_USAGE = 2;

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "-V") {
    io.stdout.write(`dnsight ${VERSION}\n`);
    return 0;
  }
  let cmd: CommandDef = ROOT;
  let rest = argv;
  while (cmd.subcommands && rest.length > 0 && !rest[0]!.startsWith("-")) {
    const ref = cmd.subcommands[rest[0]!];
    if (!ref) {
      if (cmd.run) break;
      throw new DnsightError("USAGE", `unknown command "${rest[0]}"; run '${cmd.name} --help'`);
    }
    cmd = await ref.load();
    rest = rest.slice(1);
  }
  const values = parseCommandArgs(cmd, rest);
  if (values.help || !cmd.run) {
    (values.help ? io.stdout : io.stderr).write(renderHelp(cmd));
    return values.help ? 0 : EXIT_USAGE;
  }
  checkPositionals(cmd, values._);
  const status = await cmd.run({ values, positionals: values._, io });
  return status ?? 0;
}

function exitCode(e: unknown): number {
  if (isDnsightError(e) && e.code === "USAGE") return EXIT_USAGE;
  return 1;
}

async function main(): Promise<void> {
  const io: CommandIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (e) {
    const msg = isDnsightError(e) || e instanceof Error ? e.message : String(e);
    process.stderr.write(`dnsight: ${msg}\n`);
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
