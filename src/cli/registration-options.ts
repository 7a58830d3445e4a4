import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../data/data-dir.js";
import { DnsightError } from "../errors.js";
import { parseAllowPrivate, type AllowPrivate } from "../net/allow-list.js";
import {
  loadBootstrapDir,
  type Protocol,
  type RegistrationLookupOptions,
} from "../registration/lookup.js";
import { PerServerLimiter } from "../registration/net/per-server-limiter.js";
import { HTTP_TIMEOUT_MS } from "../net/http-client.js";
import { WHOIS_TIMEOUT_MS } from "../registration/net/whois-client.js";
import type { Bootstrap } from "../registration/rdap/bootstrap.js";
import type { ServerTable } from "../registration/servers/whois-servers.js";
import type { CommandIO, OptionSpec, OptionValues } from "./command.js";
import { DATA_DIR_OPTION, intOption, strings } from "./options.js";
import { optionValue } from "./option-value.js";

// Where registration data comes from, as options: shared by `registration` and
// `monitor`, so both can be pointed at the same mirrors (or a test's servers).

export const REGISTRATION_SOURCE_OPTIONS = {
  protocol: {
    type: "string",
    value: "auto|rdap|whois",
    description:
      "auto (default): RDAP first, then WHOIS; a stored answer of either counts for auto, of the same protocol otherwise",
  },
  timeout: {
    type: "string",
    value: "MS",
    description: `per request, connect to last byte (default: RDAP ${HTTP_TIMEOUT_MS}, WHOIS ${WHOIS_TIMEOUT_MS})`,
  },
  rate: {
    type: "string",
    value: "QPS",
    description: "queries per second to any one server (default 1; registries ban faster clients)",
  },
  bootstrap: {
    type: "string",
    value: "DIR",
    description:
      "RDAP bootstrap folder (dns.json, ipv4.json, ipv6.json, asn.json) instead of the shipped one",
  },
  servers: {
    type: "string",
    value: "FILE",
    description:
      'WHOIS server table instead of the shipped one (JSON: {"TLD": {"whois": [HOST[:PORT]], "rdap": []}}); an entry keyed by a server name ("whois.arin.net") sends that server\'s queries to HOST[:PORT], e.g. a mirror',
  },
  "data-dir": DATA_DIR_OPTION,
  "allow-private": allowPrivateSpec("referrals and RDAP links (and monitor --http's probe)"),
} as const satisfies Record<string, OptionSpec>;

/** --allow-private: repeatable; which private addresses `what` may reach. */
export function allowPrivateSpec(what: string) {
  return {
    type: "string",
    multiple: true,
    value: "ADDR[/LEN]|loopback|all",
    description: `let ${what} reach this private address or range (a lab mirror: 10.1.2.3, 192.168.5.0/24), 'loopback' for 127/8 and ::1, 'all' (or the bare flag, as before) for any; loopback is reached only when named`,
    // Scripts written before the values existed give the bare flag: it meant all.
    bareValue: "all",
  } as const satisfies OptionSpec;
}

/** The guard's allow list from --allow-private. */
export function allowPrivateOption(
  values: OptionValues<{ "allow-private": ReturnType<typeof allowPrivateSpec> }>,
): AllowPrivate {
  return optionValue("--allow-private", () => parseAllowPrivate(strings(values["allow-private"])));
}

/** --bootstrap DIR, else the copy update-data refreshed, else (nothing here) the shipped one. */
function bootstrapOption(explicit: string | undefined, data: string): { bootstrap?: Bootstrap } {
  if (explicit) return { bootstrap: loadBootstrapDir(explicit) };
  const refreshed = join(data, "bootstrap");
  if (["dns", "ipv4", "ipv6", "asn"].every((f) => existsSync(join(refreshed, `${f}.json`)))) {
    return { bootstrap: loadBootstrapDir(refreshed) };
  }
  return {};
}

/** --rate: a positive number of queries per second (fractions allowed: 0.2 is one every 5 s). */
function rateOption(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1000)
    throw new DnsightError(
      "USAGE",
      `--rate wants queries per second between 0 and 1000, got "${String(v)}"`,
    );
  return n;
}

export function protocolOption(v: unknown): Protocol {
  const protocol = String(v ?? "auto");
  if (!["auto", "rdap", "whois"].includes(protocol))
    throw new DnsightError("USAGE", `--protocol wants auto, rdap or whois, got "${protocol}"`);
  return protocol as Protocol;
}

/** The lookup options the command line asks for. */
export function registrationLookupOptions(
  values: OptionValues<typeof REGISTRATION_SOURCE_OPTIONS>,
  io: CommandIO,
): RegistrationLookupOptions & { protocol: Protocol } {
  let table: ServerTable | undefined;
  if (typeof values.servers === "string") {
    try {
      table = JSON.parse(readFileSync(values.servers, "utf8")) as ServerTable;
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read server table ${values.servers}: ${(e as Error).message}`,
      );
    }
  }
  const timeoutMs = intOption(values.timeout, "timeout", 1, 600_000);
  const rate = rateOption(values.rate);
  return {
    protocol: protocolOption(values.protocol),
    limiter: new PerServerLimiter(
      rate !== undefined ? { rate, burst: Math.max(1, Math.floor(rate)) } : {},
    ),
    ...allowPrivateOption(values),
    ...bootstrapOption(values.bootstrap as string | undefined, dataDir(values["data-dir"], io.env)),
    ...(table ? { table } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}
