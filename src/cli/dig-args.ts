import { DnsightError } from "../errors.js";
import { normaliseType } from "../dns/wire/types.js";

// The dig habits people type without thinking, read from `lookup`'s arguments:
// `@server`, a type after the name (`example.com MX`), `IXFR=serial`, and the
// `+short`, `+tcp`, `+dnssec`, `+json` switches. The rest of dig's `+` options
// are refused by name rather than silently ignored.

export interface DigArgs {
  name?: string;
  servers: string[];
  types: string[];
  /** From `IXFR=N`: the serial the client has. */
  ixfrSerial?: number;
  short: boolean;
  tcp: boolean;
  dnssec: boolean;
  json: boolean;
}

const SWITCHES = new Set(["short", "tcp", "vc", "dnssec", "json"]);

export function readDigArgs(positionals: readonly string[]): DigArgs {
  const out: DigArgs = {
    servers: [],
    types: [],
    short: false,
    tcp: false,
    dnssec: false,
    json: false,
  };
  for (const arg of positionals) {
    if (arg.startsWith("@") && arg.length > 1) {
      out.servers.push(arg.slice(1));
      continue;
    }
    if (arg.startsWith("+")) {
      const sw = arg.slice(1).toLowerCase();
      const on = !sw.startsWith("no");
      const key = on ? sw : sw.slice(2);
      if (!SWITCHES.has(key))
        throw new DnsightError(
          "USAGE",
          `lookup: dig's ${arg} is not supported (known: +short, +tcp, +dnssec, +json and their +no forms)`,
        );
      if (key === "short") out.short = on;
      else if (key === "tcp" || key === "vc") out.tcp = on;
      else if (key === "dnssec") out.dnssec = on;
      else out.json = on;
      continue;
    }
    const ixfr = /^ixfr=(\d{1,10})$/i.exec(arg);
    if (ixfr && out.name !== undefined) {
      out.types.push("IXFR");
      out.ixfrSerial = Number(ixfr[1]);
      if (out.ixfrSerial > 0xffffffff)
        throw new DnsightError("USAGE", `lookup: IXFR serial ${ixfr[1]} is above 2^32-1`);
      continue;
    }
    // dig reads a word that is a type as the type, once a name was given.
    const type = out.name !== undefined ? normaliseType(arg) : undefined;
    if (type !== undefined) {
      out.types.push(type);
      continue;
    }
    if (out.name !== undefined)
      throw new DnsightError("USAGE", `lookup: one name at a time ("${out.name}", then "${arg}")`);
    out.name = arg;
  }
  return out;
}
