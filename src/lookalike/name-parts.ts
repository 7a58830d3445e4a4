import { parse } from "tldts";

// A name cut where a registry cuts it, by the public suffix list (tldts): the labels
// the registrant chose (subdomains), the registrable label, and the suffix. Private
// suffixes count (github.io, herokuapp.com): a name under one is its holder's, not the
// platform's, and is where a phishing page is put as often as under a bought domain.

const OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: false,
  mixedInputs: false,
} as const;

export interface NameParts {
  /** The registrable domain, or the whole name when it is itself a public suffix. */
  domain: string;
  /** The label left of the suffix. */
  label: string;
  suffix: string;
  /** The labels left of the registrable domain, left to right. */
  subs: string[];
}

/** `name`: lowercase, no trailing dot. */
export function nameParts(name: string): NameParts {
  const p = parse(name, OPTIONS);
  if (p.domain && p.domainWithoutSuffix !== null && p.publicSuffix) {
    return {
      domain: p.domain,
      label: p.domainWithoutSuffix,
      suffix: p.publicSuffix,
      subs: p.subdomain ? p.subdomain.split(".") : [],
    };
  }
  // The name is a public suffix itself (github.io, co.uk): read its first label.
  const dot = name.indexOf(".");
  return {
    domain: name,
    label: dot < 0 ? name : name.slice(0, dot),
    suffix: dot < 0 ? "" : name.slice(dot + 1),
    subs: [],
  };
}

/** True when `s` is a suffix of the ICANN section of the list ("com", "co.uk", "fr"). */
export function isPublicSuffix(s: string): boolean {
  if (!s) return false;
  const p = parse(`x.${s}`, { ...OPTIONS, allowPrivateDomains: false });
  return p.isIcann === true && p.publicSuffix === s;
}
