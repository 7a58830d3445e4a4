import type { RegistrationRecord } from "../../model/registration.js";
import { lookupRegistration } from "../../registration/lookup.js";
import { parseTarget, targetKey } from "../../registration/target.js";
import { openStore } from "../../store/open.js";
import { cachedSnapshot } from "../../store/registration-cache.js";
import type { RegistrationSnapshot } from "../../store/types.js";
import { formatAge } from "../../util/duration.js";
import { defineCommand, type CommandIO } from "../command.js";
import { formatRecord } from "../format/registration.js";
import { durationOption } from "../options.js";
import { storeOption } from "../store-io.js";
import { REGISTRATION_SOURCE_OPTIONS, registrationLookupOptions } from "../registration-options.js";
import { isoFromSeconds } from "../../util/time.js";

function printRecord(record: RegistrationRecord, json: boolean, io: CommandIO): void {
  io.stdout.write(json ? JSON.stringify(record) + "\n" : formatRecord(record));
}

/** The stderr line of a cache hit. */
function cachedNote(hit: RegistrationSnapshot, now: number): string {
  const at = isoFromSeconds(hit.fetchedAt);
  return `(cached, fetched ${at}, ${formatAge(now - hit.fetchedAt)} ago; --refresh to fetch again)\n`;
}

export const registrationCommand = defineCommand({
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
    ...REGISTRATION_SOURCE_OPTIONS,
    "max-age": {
      type: "string",
      value: "DURATION",
      description:
        "reuse a stored answer up to this old (30m, 6h, 2d; 0: never). Default 24h for registered or reserved, 1h for available or unknown; a throttled answer is never reused",
    },
    refresh: { type: "boolean", description: "fetch even when a stored answer is recent enough" },
    json: { type: "boolean", description: "print the normalised record as JSON" },
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
    const lookupOptions = registrationLookupOptions(values, io);
    const protocol = lookupOptions.protocol;
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
          protocol,
          now,
          ...(maxAgeS !== undefined ? { maxAgeS } : {}),
        });
        if (hit) {
          printRecord(hit.record, values.json === true, io);
          io.stderr.write(cachedNote(hit, now));
          return 0;
        }
      }
      const result = await lookupRegistration(target, lookupOptions);
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
});
