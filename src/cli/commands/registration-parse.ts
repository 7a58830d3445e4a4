import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import type { RegistrationRecord } from "../../model/registration.js";
import { parseRdap } from "../../registration/rdap/parse.js";
import { parseWhois } from "../../registration/whois/parse.js";
import { parseRirWhois } from "../../registration/whois/rir.js";
import { defineCommand } from "../command.js";
import { formatRecord } from "../format/registration.js";
import { ipFamily } from "../../net/ip.js";

// Offline parsing, for scripts and tests: saved WHOIS text or RDAP JSON in, the
// normalised record out. With --batch, NDJSON lines in, one record per line out,
// in order, an `error` line for an input that cannot be parsed.

/** Parsed offline, the record was fetched at no time we know: left empty, then left out. */
const SOURCE_TIME = "";
const RIR_SERVER = /^whois\.(?:arin|ripe|apnic|lacnic|afrinic)\.net$/i;

function parseOne(input: {
  server?: string;
  rdap?: unknown;
  text?: string;
  domain?: string;
}): RegistrationRecord {
  if (input.rdap !== undefined) {
    return parseRdap(input.rdap, {
      source: {
        protocol: "rdap",
        server: input.server ?? "",
        fetchedAt: SOURCE_TIME,
        referrals: [],
      },
      ...(input.domain ? { name: input.domain } : {}),
    });
  }
  if (typeof input.text !== "string")
    throw new DnsightError("INPUT", "neither text nor rdap given");
  // An IP address or AS number, or a regional registry's server: RIR text, not a domain's.
  const key = input.domain?.trim();
  const numberKey = key !== undefined && (ipFamily(key) !== 0 || /^as\d+$/i.test(key));
  if (numberKey || (input.server !== undefined && RIR_SERVER.test(input.server))) {
    return parseRirWhois(input.text, {
      key: key ?? "",
      fetchedAt: SOURCE_TIME,
      ...(input.server ? { server: input.server } : {}),
    });
  }
  const rec = parseWhois(input.text, {
    ...(input.server ? { server: input.server } : {}),
    ...(input.domain ? { domain: input.domain } : {}),
  });
  // A multi-answer text (IANA, registry, registrar) comes back merged, with the
  // registrar servers it followed in `referrals`; keep them.
  rec.source = { ...rec.source, protocol: "whois", fetchedAt: SOURCE_TIME };
  return rec;
}

/** The record without the fetch facts an offline parse does not have. */
function forJson(r: RegistrationRecord): unknown {
  const { fetchedAt, referrals, ...source } = r.source;
  return {
    ...r,
    source: {
      ...source,
      ...(fetchedAt ? { fetchedAt } : {}),
      ...(referrals.length > 0 ? { referrals } : {}),
    },
  };
}

export const registrationParseCommand = defineCommand({
  name: "dnsight registration parse",
  description:
    "Parse a saved WHOIS response (--server names the server that gave it) or RDAP JSON (--rdap) into the normalised record. A WHOIS text holding several answers (IANA, registry, registrar: `whois -v`, FreeBSD `# server` or jwhois `[server]` headers, or dnsight's raw dump) is split and merged registry-first.",
  positionals: [{ name: "FILE|-", description: "the response (default: standard input)" }],
  options: {
    server: {
      type: "string",
      value: "WHOIS_HOST",
      description: "the WHOIS server the text came from (the first, when it holds several)",
    },
    rdap: { type: "boolean", description: "the input is RDAP JSON" },
    domain: {
      type: "string",
      value: "NAME",
      description:
        "what was asked: a domain (when the response does not say), or an IP address or AS number (the text is a regional registry's)",
    },
    json: {
      type: "boolean",
      description: "print the record as JSON (default: as `registration` prints it)",
    },
    batch: {
      type: "boolean",
      description:
        'NDJSON in: {"server": HOST, "domain"?: NAME, "text": RAW} or {"rdap": OBJECT}; one record per line out',
    },
  },
  examples: [
    "dnsight registration parse --server whois.verisign-grs.com saved.txt",
    "dnsight registration parse --rdap google.json --json",
    "dnsight registration parse --rdap google.json",
    "dnsight registration parse --batch responses.ndjson",
  ],
  async run({ values, positionals, io }) {
    const path = positionals[0];
    const stream = path === undefined || path === "-" ? io.stdin : undefined;
    if (values.batch === true) {
      const rl = createInterface({
        input: stream ?? (await import("node:fs")).createReadStream(path!),
        crlfDelay: Infinity,
      });
      let n = 0;
      let out = "";
      for await (const line of rl) {
        n++;
        if (line.trim() === "") continue;
        try {
          const input = JSON.parse(line) as Record<string, unknown>;
          if (input === null || typeof input !== "object")
            throw new DnsightError("INPUT", "not a JSON object");
          out += JSON.stringify(forJson(parseOne(input as Parameters<typeof parseOne>[0]))) + "\n";
        } catch (e) {
          out += JSON.stringify({ line: n, error: (e as Error).message }) + "\n";
        }
        if (out.length > 1 << 16) {
          io.stdout.write(out);
          out = "";
        }
      }
      io.stdout.write(out);
      return 0;
    }
    if (values.rdap !== true && typeof values.server !== "string") {
      throw new DnsightError(
        "USAGE",
        "registration parse: give --server WHOIS_HOST or --rdap (or --batch)",
      );
    }
    let text: string;
    if (stream) {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      text = Buffer.concat(chunks).toString("utf8");
    } else {
      try {
        text = readFileSync(path!, "utf8");
      } catch (e) {
        throw new DnsightError(
          "INPUT",
          `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
    }
    let input: Parameters<typeof parseOne>[0];
    if (values.rdap === true) {
      try {
        input = { rdap: JSON.parse(text) as unknown };
      } catch (e) {
        throw new DnsightError("INPUT", `${path ?? "stdin"}: not JSON: ${(e as Error).message}`);
      }
    } else input = { text, server: String(values.server) };
    if (typeof values.domain === "string") input.domain = values.domain;
    const record = parseOne(input);
    io.stdout.write(
      values.json === true ? JSON.stringify(forJson(record)) + "\n" : formatRecord(record),
    );
    return 0;
  },
});
