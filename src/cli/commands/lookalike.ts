import { readFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import {
  FUZZERS,
  generateCapped,
  MAX_CANDIDATES,
  type FuzzerName,
  type GenerateOptions,
} from "../../lookalike/generate.js";
import type { Layout } from "../../lookalike/tables.js";
import type { CommandDef } from "../command.js";

// `dnsight lookalike generate`: the domains an adversary might register to imitate
// one (T1583.001), from every dnstwist fuzzer plus plurals and combosquatting.

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
    "Lookalike domains of DOMAIN (ATT&CK T1583.001): every dnstwist fuzzer (addition, bitsquatting, cyrillic, homoglyph, hyphenation, insertion, omission, repetition, replacement, subdomain, transposition, vowel-swap, various, dictionary, tld-swap) plus plurals and combosquatting with keywords. IDN candidates only under TLDs that accept their script, unless --any-idn.",
  positionals: [
    { name: "DOMAIN", description: "the domain to imitate (IDNs welcome)", required: true },
  ],
  options: {
    format: {
      type: "string",
      value: "list|json",
      description:
        "list (default): one A-label per line; json: one object per line with its fuzzers and U-label",
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
    let candidates;
    try {
      const made = generateCapped(positionals[0]!, o);
      candidates = made.candidates;
      if (!made.complete)
        io.stderr.write(
          `note: stopped at ${MAX_CANDIDATES} candidates (--fuzzers chooses fewer fuzzers)\n`,
        );
    } catch (e) {
      throw new DnsightError("USAGE", (e as Error).message);
    }
    candidates.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
    io.stdout.write(
      candidates
        .map((c) =>
          format === "json"
            ? JSON.stringify({ domain: c.domain, unicode: c.unicode, fuzzers: c.fuzzers })
            : c.domain,
        )
        .join("\n") + (candidates.length ? "\n" : ""),
    );
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
