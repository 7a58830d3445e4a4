import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { DnsightError } from "../../errors.js";
import {
  FUZZERS,
  generateCapped,
  MAX_CANDIDATES,
  type Candidate,
  type FuzzerName,
  type GenerateOptions,
} from "../../lookalike/generate.js";
import { toAsciiDomain } from "../../lookalike/punycode.js";
import type { Layout } from "../../lookalike/tables.js";
import type { CommandDef } from "../command.js";

// `dnsight lookalike generate`: the domains an adversary might register to imitate
// one (T1583.001), from every dnstwist fuzzer plus plurals and combosquatting. Several
// domains (or a list on stdin) in one process: a brand list costs one start-up, not one
// per brand.

/** Domains read from stdin at most: a brand list, not a feed. */
const MAX_DOMAINS = 10_000;

async function stdinDomains(input: NodeJS.ReadableStream): Promise<string[]> {
  const out: string[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const t = line.trim();
    if (!t || t.startsWith("#")) continue;
    if (out.length >= MAX_DOMAINS)
      throw new DnsightError(
        "INPUT",
        `stdin:${lineNo}: more than ${MAX_DOMAINS} domains; split the list`,
      );
    out.push(t);
  }
  return out;
}

function lines(path: string, what: string): string[] {
  try {
    return readFileSync(path, "utf8").split(/\r?\n/);
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

// The same filters dnstwist applies to its files: words of letters and digits only,
// TLDs of one or two labels.
const words = (path: string, what: string): string[] =>
  [...new Set(lines(path, what))].filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
const keywords = (path: string): string[] =>
  [...new Set(lines(path, "keyword file"))]
    .map((w) => w.trim().toLowerCase())
    .filter((w) => /^[a-z0-9][a-z0-9-]*$/.test(w));
const tlds = (path: string): string[] =>
  [...new Set(lines(path, "TLD file"))].filter((t) =>
    /^[a-z0-9-]{2,63}(\.[a-z0-9-]{2,63})?$/.test(t),
  );

const generateCommand: CommandDef = {
  name: "dnsight lookalike generate",
  description:
    "Lookalike domains of each DOMAIN (ATT&CK T1583.001): every dnstwist fuzzer (addition, bitsquatting, cyrillic, homoglyph, hyphenation, insertion, omission, repetition, replacement, subdomain, transposition, vowel-swap, various, dictionary, tld-swap) plus plurals and combosquatting with keywords. IDN candidates only under TLDs that accept their script, unless --any-idn. With several domains (or - for a list on stdin), each candidate once, none of them one of the domains given (a brand's own other domains stay out).",
  positionals: [
    {
      name: "DOMAIN",
      description:
        "the domains to imitate (IDNs welcome), or - to read them from stdin, one a line",
      required: true,
      variadic: true,
    },
  ],
  options: {
    format: {
      type: "string",
      value: "list|json",
      description:
        "list (default): one A-label per line; json: one object per line with its fuzzers, U-label and, for several domains, the domain it imitates (of)",
    },
    dictionary: {
      type: "string",
      value: "FILE",
      description: "words for the dictionary fuzzer, one per line",
    },
    tld: { type: "string", value: "FILE", description: "TLDs for tld-swap, one per line" },
    keywords: {
      type: "string",
      value: "FILE",
      description:
        "keywords for combosquatting (default: a built-in list: login, secure, account, ...)",
    },
    layouts: {
      type: "string",
      value: "LIST",
      description: "keyboard layouts for insertion and replacement (default qwerty,qwertz,azerty)",
    },
    fuzzers: {
      type: "string",
      value: "LIST",
      description: `only these fuzzers (${FUZZERS.join(", ")})`,
    },
    "any-idn": {
      type: "boolean",
      description: "keep IDN candidates under every TLD, as dnstwist does",
    },
  },
  examples: [
    "dnsight lookalike generate paypal.com",
    "dnsight lookalike generate - < brands.txt",
    "dnsight lookalike generate example.com --dictionary english.dict --tld common_tlds.dict --format json",
  ],
  async run({ values, positionals, io }) {
    const format = (values.format as string | undefined) ?? "list";
    if (format !== "list" && format !== "json")
      throw new DnsightError("USAGE", `--format must be list or json, got "${format}"`);
    const o: GenerateOptions = {};
    if (values.dictionary !== undefined)
      o.dictionary = words(values.dictionary as string, "dictionary");
    if (values.tld !== undefined) o.tlds = tlds(values.tld as string);
    if (values.keywords !== undefined) o.keywords = keywords(values.keywords as string);
    if (values.layouts !== undefined) {
      const l = (values.layouts as string).split(",").map((x) => x.trim().toLowerCase());
      for (const x of l)
        if (!["qwerty", "qwertz", "azerty"].includes(x))
          throw new DnsightError(
            "USAGE",
            `--layouts: unknown layout "${x}" (qwerty, qwertz, azerty)`,
          );
      o.layouts = l as Layout[];
    }
    if (values.fuzzers !== undefined) {
      const f = (values.fuzzers as string).split(",").map((x) => x.trim());
      for (const x of f)
        if (!(FUZZERS as readonly string[]).includes(x))
          throw new DnsightError("USAGE", `--fuzzers: unknown fuzzer "${x}"`);
      o.fuzzers = f as FuzzerName[];
    }
    if (values["any-idn"] === true) o.anyIdn = true;
    const domains = positionals.includes("-")
      ? [...positionals.filter((p) => p !== "-"), ...(await stdinDomains(io.stdin))]
      : positionals;
    if (domains.length === 0) throw new DnsightError("USAGE", "no domains to generate from");
    const several = domains.length > 1;
    const given = new Set<string>();
    const made: { of: string; candidates: Candidate[] }[] = [];
    for (const d of domains) {
      try {
        const r = generateCapped(d, o);
        if (!r.complete)
          io.stderr.write(
            `note: ${d}: stopped at ${MAX_CANDIDATES} candidates (--fuzzers chooses fewer fuzzers)\n`,
          );
        const ascii = toAsciiDomain(d.trim().toLowerCase().replace(/\.$/, "")) ?? d;
        given.add(ascii);
        made.push({ of: ascii, candidates: r.candidates });
      } catch (e) {
        throw new DnsightError("USAGE", (e as Error).message);
      }
    }
    // Each candidate once (the first domain that made it), none of the domains given.
    const byDomain = new Map<string, { c: Candidate; of: string }>();
    for (const { of, candidates } of made)
      for (const c of candidates)
        if (!given.has(c.domain) && (!several || !byDomain.has(c.domain)))
          byDomain.set(c.domain, { c, of });
    const names = [...byDomain.keys()].sort();
    let out = "";
    for (const name of names) {
      const { c, of } = byDomain.get(name)!;
      out +=
        format === "json"
          ? JSON.stringify({
              domain: c.domain,
              unicode: c.unicode,
              fuzzers: c.fuzzers,
              ...(several ? { of } : {}),
            })
          : c.domain;
      out += "\n";
      if (out.length > 1 << 16) {
        if (!io.stdout.write(out)) await new Promise((r) => io.stdout.once("drain", r));
        out = "";
      }
    }
    io.stdout.write(out);
    return 0;
  },
};

export const lookalikeCommand: CommandDef = {
  name: "dnsight lookalike",
  description:
    "Lookalike domains (T1583.001): generate the candidates for a domain, or find the names imitating brands.",
  subcommands: {
    generate: {
      description: "lookalike candidates of a domain",
      load: async () => generateCommand,
    },
    match: {
      description: "names (a feed, passive DNS) imitating brands",
      load: async () => (await import("./lookalike-match.js")).lookalikeMatchCommand,
    },
  },
};
