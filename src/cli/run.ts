import { DnsightError, isDnsightError, type ErrorCode } from "../errors.js";
import { VERSION } from "../version.js";
import {
  checkPositionals,
  parseCommandArgs,
  renderHelp,
  type CommandDef,
  type CommandIO,
} from "./command.js";
import { ROOT } from "./root.js";
import { didYouMean } from "./suggest.js";

// Runs one command line against the given streams; errors propagate to the caller
// (main.ts for the real CLI, a test in-process).

export const EXIT_USAGE = 2;

/**
 * Exit status by error code; 1 for the rest. UNSUPPORTED (the store chosen by --db
 * lacks what the command needs) is fixed on the command line, as USAGE is.
 */
const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  USAGE: EXIT_USAGE,
  UNSUPPORTED: EXIT_USAGE,
};

/** The exit status for an error that ended a command (main.ts). */
export function exitCode(e: unknown): number {
  return (isDnsightError(e) && EXIT_CODES[e.code]) || 1;
}

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
      throw new DnsightError(
        "USAGE",
        `unknown command "${rest[0]}"${didYouMean(rest[0]!, Object.keys(cmd.subcommands))} (see '${cmd.name} --help')`,
      );
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
