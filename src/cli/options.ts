import { DnsightError } from "../errors.js";
import { normaliseType } from "../dns/wire/types.js";
import { parseDuration } from "../util/duration.js";
import type { OptionSpec } from "./command.js";

// Options several commands share, and the parsing of their values.

export const SERVER_OPTION = {
  type: "string",
  short: "s",
  multiple: true,
  value: "HOST[:PORT]",
  description: "DNS server to ask (default: the system's resolvers)",
} as const satisfies OptionSpec;

export const NS_PORT_OPTION = {
  type: "string",
  value: "N",
  description:
    "port the zone's own name servers are asked on (default 53; a lab's servers may listen elsewhere)",
} as const satisfies OptionSpec;

export const DATA_DIR_OPTION = {
  type: "string",
  value: "DIR",
  description:
    "where update-data keeps refreshed data (default $DNSIGHT_DATA_DIR, else ~/.local/share/dnsight)",
} as const satisfies OptionSpec;

/** --ns-port, or 53. */
export function nsPortOption(v: unknown): number {
  return intOption(v, "ns-port", 1, 65535) ?? 53;
}

export function strings(v: unknown): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as string[]) : [String(v)];
}

/** Reads -t values, each possibly comma-separated, as canonical type mnemonics. */
export function parseTypes(v: unknown, fallback: string[]): string[] {
  const raw = strings(v).flatMap((s) => s.split(","));
  const out: string[] = [];
  for (const t of raw.map((s) => s.trim()).filter(Boolean)) {
    const n = normaliseType(t);
    if (n === undefined)
      throw new DnsightError("USAGE", `unknown record type "${t}" (use a mnemonic or TYPEnnn)`);
    if (!out.includes(n)) out.push(n);
  }
  return out.length > 0 ? out : fallback;
}

export function intOption(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DnsightError(
      "USAGE",
      `--${name} wants a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, got "${String(v)}"`,
    );
  }
  return n;
}

/** A duration option's value in seconds, or a usage error naming the option. */
export function durationOption(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const s = parseDuration(String(v));
  if (s === undefined) {
    throw new DnsightError(
      "USAGE",
      `--${name} wants a duration like 30m, 6h or 2d, got "${String(v)}"`,
    );
  }
  return s;
}
