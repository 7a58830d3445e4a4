import { parseArgs } from "node:util";
import { DnsightError } from "../errors.js";
import type { CommandContext, OptionSpec } from "./command.js";
import { didYouMean } from "./suggest.js";

// Command-line parsing in dnsight's own words. Node's parseArgs reads the tokens
// (non-strict, so it never throws its own messages at the user); the checks here
// turn each mistake into one line that names the option and, for a typo, the
// option or command probably meant.

/** A value that is an option, not the value the previous option wanted. */
const looksLikeOption = (v: string): boolean => v.startsWith("-") && !/^-\d/.test(v);

export function parseOptions(
  command: string,
  options: Record<string, OptionSpec>,
  argv: string[],
): CommandContext["values"] & { _: string[] } {
  const { tokens } = parseArgs({
    args: withBareValues(argv, options),
    options: Object.fromEntries(
      Object.entries(options).map(([k, o]) => [
        k,
        { type: o.type, multiple: o.multiple ?? false, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: CommandContext["values"] = {};
  const positionals: string[] = [];
  // "resolve: …": main.ts puts "dnsight: " in front of every message.
  const where = command.replace(/^dnsight /, "");
  const usage = (msg: string): DnsightError => new DnsightError("USAGE", `${where}: ${msg}`);
  const names = Object.keys(options).map((k) => `--${k}`);
  for (const t of tokens) {
    if (t.kind === "positional") {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== "option") continue;
    const spec = options[t.name];
    if (!spec) {
      const shown = t.rawName.startsWith("--") ? t.rawName : `-${t.name}`;
      const hint = shown.startsWith("--") ? didYouMean(shown, names, "") : "";
      throw usage(`unknown option ${shown}${hint} (see --help)`);
    }
    if (spec.type === "boolean") {
      if (t.inlineValue) throw usage(`${t.rawName} takes no value, got "${t.value ?? ""}"`);
      values[t.name] = true;
      continue;
    }
    const v = t.value;
    if (v === undefined || (!t.inlineValue && looksLikeOption(v)))
      throw usage(`${t.rawName} needs a value (${spec.value ?? "VALUE"})`);
    if (spec.multiple) {
      const list = (values[t.name] as string[] | undefined) ?? [];
      list.push(v);
      values[t.name] = list;
    } else values[t.name] = v;
  }
  return { ...values, _: positionals };
}

/** `--flag` with a bareValue, given without a value, becomes `--flag=VALUE`. */
function withBareValues(argv: string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return out.concat(argv.slice(i));
    const spec = a.startsWith("--") ? options[a.slice(2)] : undefined;
    const next = argv[i + 1];
    if (spec?.bareValue !== undefined && (next === undefined || looksLikeOption(next)))
      out.push(`${a}=${spec.bareValue}`);
    else out.push(a);
  }
  return out;
}
