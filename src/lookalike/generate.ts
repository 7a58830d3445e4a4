import { domainToUnicode } from "node:url";
import { DnsightError } from "../errors.js";
import * as fuzz from "./fuzzers.js";
import { idnAllowed } from "./idn-policy.js";
import { toAsciiDomain } from "./punycode.js";
import type { Layout } from "./tables.js";

// Lookalike candidates for a domain: dnstwist's fuzzers, its "various" and tld-swap
// rules and its validity check, plus plurals and combosquatting with keywords. Each
// candidate comes once, as an A-label, with every fuzzer that made it.

export const FUZZERS = [
  "addition",
  "bitsquatting",
  "cyrillic",
  "homoglyph",
  "hyphenation",
  "insertion",
  "omission",
  "plural",
  "repetition",
  "replacement",
  "subdomain",
  "transposition",
  "vowel-swap",
  "dictionary",
  "combosquatting",
  "tld-swap",
  "various",
] as const;
export type FuzzerName = (typeof FUZZERS)[number];

/** Words a phishing domain puts beside a brand ("paypal-login", "secure-paypal"). */
export const DEFAULT_KEYWORDS = [
  "login",
  "signin",
  "sign-in",
  "secure",
  "security",
  "account",
  "accounts",
  "verify",
  "verification",
  "update",
  "support",
  "help",
  "service",
  "services",
  "billing",
  "payment",
  "pay",
  "wallet",
  "auth",
  "online",
  "web",
  "mail",
  "portal",
  "app",
  "my",
  "official",
  "customer",
  "alert",
  "confirm",
  "recovery",
  "reset",
  "password",
  "id",
  "team",
  "info",
  "shop",
  "store",
  "bank",
  "invoice",
  "unlock",
];

export interface GenerateOptions {
  /** Words for the dictionary fuzzer (dnstwist --dictionary). */
  dictionary?: readonly string[];
  /** TLDs for tld-swap (dnstwist --tld). */
  tlds?: readonly string[];
  /** Keywords for combosquatting (default DEFAULT_KEYWORDS). */
  keywords?: readonly string[];
  layouts?: readonly Layout[];
  fuzzers?: readonly FuzzerName[];
  /** Keep IDN candidates under any TLD, as dnstwist does (default: only where the TLD accepts their script). */
  anyIdn?: boolean;
}

/**
 * Candidates kept for one domain. dnstwist's homoglyph rounds grow with the fourth
 * power of the label (verylongdomainnameforlookalikes.com gives 146,000; a 63-letter
 * "aaa..." label billions): generation stops here, above every name in the
 * dnstwist comparison, and says so.
 */
export const MAX_CANDIDATES = 200_000;

/** Longest input read: a domain is 253 octets, and a Unicode form at most four times that in UTF-16. */
const MAX_INPUT = 4 * 253;

export interface Candidate {
  /** A-label form. */
  domain: string;
  /** U-label form (the same for an ASCII candidate). */
  unicode: string;
  fuzzers: FuzzerName[];
}

const VALID_FQDN = /(?=^.{4,253}$)(^((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z0-9-]{2,63}$)/i;
const CTLD = new Set(["org", "com", "net", "gov", "edu", "co", "mil", "nom", "ac", "info", "biz"]);

/** dnstwist's split (without the `tld` module): subdomain, registrable label, suffix. */
export function splitDomain(domain: string): [sub: string, label: string, tld: string] {
  const d = rsplit(domain, ".", 3);
  if (d.length < 2) return ["", d[0]!, ""];
  if (d.length === 2) return ["", d[0]!, d[1]!];
  if (CTLD.has(d.at(-2)!)) return [d.slice(0, -3).join("."), d.at(-3)!, d.slice(-2).join(".")];
  return [d.slice(0, -2).join("."), d.at(-2)!, d.at(-1)!];
}

function rsplit(s: string, sep: string, max: number): string[] {
  const parts = s.split(sep);
  if (parts.length <= max + 1) return parts;
  return [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
}

/** A label's Unicode form from its A-label ("xn--..."), for fuzzing by character. */
function toUnicodeLabel(label: string): string {
  if (!label.startsWith("xn--")) return label;
  return domainToUnicode(label) || label;
}

export function generate(input: string, o: GenerateOptions = {}): Candidate[] {
  return generateCapped(input, o).candidates;
}

/** The candidates, and whether they are all of them (false: MAX_CANDIDATES was reached). */
export function generateCapped(
  input: string,
  o: GenerateOptions & { max?: number } = {},
): { candidates: Candidate[]; complete: boolean } {
  const max = o.max ?? MAX_CANDIDATES;
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  const ascii =
    input.length > MAX_INPUT
      ? undefined
      : toAsciiDomain(input.trim().toLowerCase().replace(/\.$/, ""));
  if (!ascii || !VALID_FQDN.test(ascii))
    throw new DnsightError("INPUT", `not a domain name: "${shown}"`);
  const [sub, rawLabel, tld] = splitDomain(ascii);
  const label = toUnicodeLabel(rawLabel);
  const want = new Set<FuzzerName>(o.fuzzers ?? FUZZERS);
  const ctx: fuzz.FuzzContext = {
    layouts: o.layouts ?? ["qwerty", "qwertz", "azerty"],
    dictionary: o.dictionary ?? [],
  };
  const out = new Map<string, Candidate>();
  const add = (fuzzer: FuzzerName, unicode: string): void => {
    const domain = toAsciiDomain(unicode);
    if (!domain || !VALID_FQDN.test(domain) || domain === ascii) return;
    if (!o.anyIdn && domain !== unicode) {
      const [, l, t] = splitDomain(domain);
      if (!idnAllowed(toUnicodeLabel(l), t)) return;
    }
    const c = out.get(domain);
    if (c) {
      if (!c.fuzzers.includes(fuzzer)) c.fuzzers.push(fuzzer);
    } else out.set(domain, { domain, unicode, fuzzers: [fuzzer] });
  };
  const withLabel = (l: string): string => [sub, l, tld].filter(Boolean).join(".");
  let complete = true;
  const full = (): boolean => {
    if (out.size < max) return false;
    complete = false;
    return true;
  };
  const labelFuzzers: [FuzzerName, (d: string) => Iterable<string>][] = [
    ["addition", fuzz.addition],
    ["bitsquatting", fuzz.bitsquatting],
    ["cyrillic", fuzz.cyrillic],
    [
      "homoglyph",
      (d) => {
        const h = fuzz.homoglyph(d, max);
        if (h.size >= max) complete = false;
        return h;
      },
    ],
    ["hyphenation", fuzz.hyphenation],
    ["insertion", (d) => fuzz.insertion(d, ctx)],
    ["omission", fuzz.omission],
    ["plural", fuzz.plural],
    ["repetition", fuzz.repetition],
    ["replacement", (d) => fuzz.replacement(d, ctx)],
    ["subdomain", fuzz.subdomain],
    ["transposition", fuzz.transposition],
    ["vowel-swap", fuzz.vowelSwap],
    ["dictionary", (d) => fuzz.dictionary(d, ctx)],
    [
      "combosquatting",
      (d) => fuzz.dictionary(d, { ...ctx, dictionary: o.keywords ?? DEFAULT_KEYWORDS }),
    ],
  ];
  for (const [name, f] of labelFuzzers) {
    if (!want.has(name)) continue;
    for (const l of f(label)) {
      if (full()) break;
      add(name, withLabel(l));
    }
  }
  if (want.has("tld-swap"))
    for (const t of o.tlds ?? [])
      if (t !== tld && !full()) add("tld-swap", [sub, label, t].filter(Boolean).join("."));
  if (want.has("various")) {
    const v = (d: string): void => add("various", d);
    if (tld.includes(".")) {
      v([sub, label, tld.split(".").at(-1)].filter(Boolean).join("."));
      v([sub, label + tld].filter(Boolean).join("."));
    } else {
      v([sub, label + tld, tld].filter(Boolean).join("."));
      if (tld !== "com") v([sub, `${label}-${tld}`, "com"].filter(Boolean).join("."));
    }
    if (sub) {
      v(`${sub}${label}.${tld}`);
      v(`${sub.replace(/\./g, "")}${label}.${tld}`);
      v(`${sub}-${label}.${tld}`);
      v(`${sub.replace(/\./g, "-")}-${label}.${tld}`);
    }
  }
  const all = [...out.values()];
  if (all.length > max) complete = false;
  return { candidates: all.slice(0, max), complete };
}
