import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DnsightError } from "../../errors.js";
import { lookupRegistration, loadBootstrapDir, type Protocol } from "../../registration/lookup.js";
import { PerServerLimiter } from "../../registration/net/per-server-limiter.js";
import type { RegistrationRecord } from "../../registration/record.js";
import type { ServerTable } from "../../registration/servers/whois-servers.js";
import { parseTarget, targetKey } from "../../registration/target.js";
import { openStore } from "../../store/open.js";
import { cachedSnapshot } from "../../store/registration-cache.js";
import type { RegistrationSnapshot } from "../../store/types.js";
import type { CommandDef, CommandIO } from "../command.js";
import { formatRecord } from "../format/registration.js";
import { durationOption, formatAge } from "../duration.js";
import { intOption } from "../options.js";
import { storeOption } from "../store-io.js";
import { dataDir } from "../../data/data-dir.js";
import type { Bootstrap } from "../../registration/rdap/bootstrap.js";

/** --bootstrap DIR, else the copy update-data refreshed, else (nothing here) the shipped one. */
function bootstrapOption(explicit: string | undefined, data: string): { bootstrap?: Bootstrap } {
  if (explicit) return { bootstrap: loadBootstrapDir(explicit) };
  const refreshed = join(data, "bootstrap");
  if (["dns", "ipv4", "ipv6", "asn"].every((f) => existsSync(join(refreshed, `${f}.json`)))) {
    return { bootstrap: loadBootstrapDir(refreshed) };
  }
  return {};
}

function printRecord(record: RegistrationRecord, json: boolean, io: CommandIO): void {
  io.stdout.write(json ? JSON.stringify(record) + "\n" : formatRecord(record));
}

/** The stderr line of a cache hit. */
function cachedNote(hit: RegistrationSnapshot, now: number): string {
  const at = new Date(hit.fetchedAt * 1000).toISOString().replace(/\.000Z$/, "Z");
  return `(cached, fetched ${at}, ${formatAge(now - hit.fetchedAt)} ago; --refresh to fetch again)\n`;
}

export const registrationCommand: CommandDef = {
  name: "dnsight registration",
  description:
    "Who registered a domain (or holds an IP block or AS number): RDAP first, WHOIS when RDAP has no server or fails. Every fetch is kept as a snapshot, and a recent enough snapshot answers instead of a fetch (see --max-age): stderr then says when it was fetched, and --json prints the stored record unchanged, its source.fetchedAt the time of that fetch.",
  positionals: [
    {
      name: "NAME|IP|ASN",
      description: "a domain (IDNs welcome), an IP address, or an AS number like AS15169",
      required: true,
    },
  ],
  options: {
    protocol: {
      type: "string",
      value: "auto|rdap|whois",
      description:
        "auto (default): RDAP first, then WHOIS; a stored answer of either counts for auto, of the same protocol otherwise",
    },
    "max-age": {
      type: "string",
      value: "DURATION",
      description:
        "reuse a stored answer up to this old (30m, 6h, 2d; 0: never). Default 24h for registered or reserved, 1h for available or unknown; a throttled answer is never reused",
    },
    refresh: { type: "boolean", description: "fetch even when a stored answer is recent enough" },
    json: { type: "boolean", description: "print the normalised record as JSON" },
    timeout: { type: "string", value: "MS", description: "per request (default 15000)" },
    rate: {
      type: "string",
      value: "QPS",
      description:
        "queries per second to any one server (default 1; registries ban faster clients)",
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
    "data-dir": {
      type: "string",
      value: "DIR",
      description: "where update-data keeps refreshed data (default ~/.local/share/dnsight)",
    },
    "allow-private": {
      type: "boolean",
      description: "let referrals and links reach private or loopback addresses (a local mirror)",
    },
    "no-store": {
      type: "boolean",
      description:
        "leave the store alone: always fetch (no cached answer) and keep no snapshot; nothing is created",
    },
  },
  subcommands: {
    history: {
      description: "snapshots of a name and what changed between them",
      load: async () => (await import("./registration-history.js")).registrationHistoryCommand,
    },
    parse: {
      description: "parse saved WHOIS text or RDAP JSON offline",
      load: async () => (await import("./registration-parse.js")).registrationParseCommand,
    },
  },
  examples: [
    "dnsight registration example.com",
    "dnsight registration 8.8.8.8 --json",
    "dnsight registration AS15169",
    "dnsight registration example.com --refresh",
    "dnsight registration example.com --max-age 7d",
    "dnsight registration history example.com",
  ],
  async run({ values, positionals, io }) {
    const target = parseTarget(positionals[0]!);
    const protocol = String(values.protocol ?? "auto");
    if (!["auto", "rdap", "whois"].includes(protocol))
      throw new DnsightError("USAGE", `--protocol wants auto, rdap or whois, got "${protocol}"`);
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
    const maxAgeS = durationOption(values["max-age"], "max-age");
    const key = targetKey(target);
    // --no-store leaves the store alone entirely: even a read would create the file.
    const store =
      values["no-store"] === true ? undefined : await openStore(storeOption(values, io.env));
    try {
      const reg = store?.registrations;
      if (reg && values.refresh !== true) {
        const now = Math.floor(Date.now() / 1000);
        const hit = await cachedSnapshot(reg, key, {
          protocol: protocol as Protocol,
          now,
          ...(maxAgeS !== undefined ? { maxAgeS } : {}),
        });
        if (hit) {
          printRecord(hit.record, values.json === true, io);
          io.stderr.write(cachedNote(hit, now));
          return 0;
        }
      }
      const result = await lookupRegistration(target, {
        protocol: protocol as Protocol,
        limiter: new PerServerLimiter(
          rate !== undefined ? { rate, burst: Math.max(1, Math.floor(rate)) } : {},
        ),
        allowPrivate: values["allow-private"] === true,
        ...bootstrapOption(
          values.bootstrap as string | undefined,
          dataDir(values["data-dir"] as string | undefined, io.env),
        ),
        ...(table ? { table } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      printRecord(result.record, values.json === true, io);
      for (const n of result.notes) io.stderr.write(`dnsight: ${n}\n`);
      // A cache hit above wrote nothing: the history lists fetches only.
      await reg?.writeSnapshots([
        {
          key,
          fetchedAt: Math.floor(Date.parse(result.record.source.fetchedAt) / 1000),
          record: result.record,
          raw: result.raw,
        },
      ]);
      return result.record.status === "throttled" ? 1 : 0;
    } finally {
      await store?.close();
    }
  },
};

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
