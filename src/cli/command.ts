import { DnsightError } from "../errors.js";
import { parseOptions } from "./args.js";

// Commands are data (in the manner of citty): options, positionals and a run
// function, so help text and parsing come from one description.

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  description: string;
  /** Hidden from --help (kept for scripts or tests). */
  hidden?: boolean;
  /** A string option given bare (last, or before another option) takes this value. */
  bareValue?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

export interface CommandIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** What a declared option holds after parsing: a boolean, a string, or strings if repeatable. */
export type OptionValue<S extends OptionSpec> = [S["type"]] extends ["boolean"]
  ? boolean
  : [S["type"]] extends ["string"]
    ? S extends { multiple: true }
      ? string[]
      : S extends { type: "string"; multiple?: false }
        ? string
        : string | string[]
    : string | boolean | string[];

/**
 * The parsed values of a set of declared options, keyed by name and typed by
 * declaration: reading an option nobody declared does not compile.
 */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  readonly [K in keyof O]?: OptionValue<O[K]>;
};

/** Values as the parser hands them over, before a command's declaration types them. */
export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext<O extends Record<string, OptionSpec>> {
  values: OptionValues<O & typeof GLOBAL_OPTIONS>;
  positionals: string[];
  io: CommandIO;
}

/** A command as written: its run function sees the values of the options it declares. */
export interface CommandSpec<O extends Record<string, OptionSpec>> {
  name: string;
  description: string;
  options?: O;
  positionals?: PositionalSpec[];
  examples?: string[];
  /** Subcommands, loaded only when used. */
  subcommands?: Record<string, SubcommandRef>;
  /** Returns the exit status (0 when omitted). */
  run?: (ctx: CommandContext<O>) => Promise<number | void>;
}

/** A command as the runner sees it: options by name, values untyped. */
export interface CommandDef {
  name: string;
  description: string;
  options?: Record<string, OptionSpec>;
  positionals?: PositionalSpec[];
  examples?: string[];
  subcommands?: Record<string, SubcommandRef>;
  run?: (ctx: {
    values: ParsedValues;
    positionals: string[];
    io: CommandIO;
  }) => Promise<number | void>;
}

/**
 * Declares a command. The options object keeps its literal types (`const`), so
 * `values` in run is typed by it: `values["data-dir"]` in a command that never
 * declared --data-dir is a compile error, not an undefined at run time.
 */
export function defineCommand<
  const O extends Record<string, OptionSpec> = Record<never, OptionSpec>,
>(spec: CommandSpec<O>): CommandDef {
  // The parser fills values from the same options object run is typed by.
  return spec as unknown as CommandDef;
}

export interface SubcommandRef {
  description: string;
  load: () => Promise<CommandDef>;
}

export const GLOBAL_OPTIONS = {
  db: {
    type: "string",
    value: "URL",
    description: "database (default ./dnsight.db, or $DNSIGHT_DB)",
  },
  state: {
    type: "string",
    value: "URL",
    description:
      "where users, keys, alerts, watches and the audit log are kept, beside --db's data (a path, sqlite:PATH or postgres://…; or $DNSIGHT_STATE)",
  },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies Record<string, OptionSpec>;

export function parseCommandArgs(cmd: CommandDef, argv: string[]): ParsedValues & { _: string[] } {
  return parseOptions(cmd.name, { ...GLOBAL_OPTIONS, ...cmd.options }, argv);
}

export function checkPositionals(cmd: CommandDef, positionals: string[]): void {
  const specs = cmd.positionals ?? [];
  const required = specs.filter((p) => p.required).length;
  const variadic = specs.some((p) => p.variadic);
  if (positionals.length < required) {
    throw new DnsightError(
      "USAGE",
      `${cmd.name.replace(/^dnsight /, "")}: missing ${specs[positionals.length]!.name} (see --help)`,
    );
  }
  if (!variadic && positionals.length > specs.length) {
    throw new DnsightError(
      "USAGE",
      `${cmd.name.replace(/^dnsight /, "")}: unexpected argument "${positionals[specs.length]}" (see --help)`,
    );
  }
}

export function renderHelp(cmd: CommandDef): string {
  const lines: string[] = [];
  const pos = (cmd.positionals ?? []).map((p) => {
    const n = p.variadic ? `${p.name}...` : p.name;
    return p.required ? n : `[${n}]`;
  });
  const subs = Object.keys(cmd.subcommands ?? {});
  lines.push(
    `Usage: ${cmd.name}${subs.length ? " COMMAND" : ""}${pos.length ? " " + pos.join(" ") : ""} [options]`,
    "",
  );
  lines.push(cmd.description, "");
  if (subs.length) {
    lines.push("Commands:");
    for (const [s, ref] of Object.entries(cmd.subcommands ?? {}))
      lines.push(`  ${s.padEnd(14)} ${ref.description}`);
    lines.push("", `Run '${cmd.name} COMMAND --help' for a command's options.`, "");
  }
  if (cmd.positionals?.length) {
    lines.push("Arguments:");
    for (const p of cmd.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
    lines.push("");
  }
  const all: Record<string, OptionSpec> = { ...cmd.options, ...GLOBAL_OPTIONS };
  const opts = Object.entries(all).filter(([, o]) => !o.hidden);
  lines.push("Options:");
  for (const [k, o] of opts) {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${k}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    lines.push(`  ${flag.padEnd(28)} ${o.description}${o.multiple ? " (repeatable)" : ""}`);
  }
  if (cmd.examples?.length) {
    lines.push("", "Examples:");
    for (const e of cmd.examples) lines.push(`  ${e}`);
  }
  return lines.join("\n") + "\n";
}
