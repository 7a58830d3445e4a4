// Is the registrant hidden, and by whom? Decided from contact fields only (name,
// organisation, email), never from the free text around them: every WHOIS
// disclaimer mentions "privacy". Three ways of hiding are kept apart because
// they mean different things to an investigator:
// - "privacy-service": a proxy company stands in for the registrant (Domains By
//   Proxy, WhoisGuard...); the registrant chose it, the provider can be asked.
// - "redacted": the registry or registrar withheld the data by policy (ICANN's
//   2018 Temporary Specification "REDACTED FOR PRIVACY", RFC 9537 redactions,
//   GDPR, .ru "Private Person"); says nothing about the registrant's wishes.
// - "no-data": the source has no contact data at all (thin .com WHOIS, a bare
//   RDAP answer): nothing to judge, so not protected.
// "none" is visible contact data.

import type { Contact } from "../model/registration.js";

export type PrivacyKind = "privacy-service" | "redacted" | "no-data" | "none";

export interface PrivacyResult {
  protected: boolean;
  /** The privacy provider, when one is recognised. */
  service?: string;
  kind: PrivacyKind;
}

export type PrivacyContact = Partial<Pick<Contact, "role" | "name" | "organization" | "email">> & {
  redacted?: readonly string[];
};

// Needles are matched as whole words after normalising (lowercase, every
// non-alphanumeric run a space), so "CYBERCITI.BIZ@domainsbyproxy.com" hits
// "domainsbyproxy" and "1078347@PRIVACY-LINK.COM" hits "privacy link".
const SERVICES: { service: string; needles: string[] }[] = [
  { service: "Domains By Proxy", needles: ["domains by proxy", "domainsbyproxy"] },
  { service: "Withheld for Privacy", needles: ["withheld for privacy", "withheldforprivacy"] },
  { service: "Contact Privacy Inc.", needles: ["contact privacy inc", "contactprivacy"] },
  { service: "WhoisGuard", needles: ["whoisguard"] },
  { service: "PrivacyGuardian.org", needles: ["privacyguardian"] },
  { service: "Identity Protection Service", needles: ["identity protection service"] },
  { service: "Perfect Privacy", needles: ["perfect privacy"] },
  { service: "Super Privacy Service", needles: ["super privacy service"] },
  { service: "Whois Privacy Protection Service", needles: ["whois privacy protection service"] },
  { service: "PrivacyProtect.org", needles: ["privacyprotect", "privacy protect llc"] },
  { service: "Domain Protection Services", needles: ["domain protection services"] }, // name.com
  { service: "Private by Design", needles: ["private by design"] }, // Porkbun
  { service: "Privacy.link", needles: ["privacydotlink", "privacy link"] }, // Uniregistry
  { service: "privatewho.is", needles: ["privatewho is", "privatewhois"] },
  { service: "EnCirca Privacy Service", needles: ["encirca privacy service"] },
  { service: "Proxy Protection LLC", needles: ["proxy protection llc"] },
  { service: "Domain Privacy Service FBO Registrant", needles: ["domain privacy service fbo"] },
];

// A provider is there but unnamed: "Whois Privacy", "Registration Private".
const GENERIC_SERVICE = [
  "privacy service",
  "whois privacy",
  "private whois",
  "registration private",
  "private registration",
  "domain privacy",
  "whois protection",
  "privacy protection",
];

const POLICY = [
  "redacted", // "REDACTED FOR PRIVACY", "Redacted | Registry Policy", "Redacted | EU Data Subject"
  "not disclosed", // .ee, .at "<data not disclosed>"
  "data protected",
  "not displayed due to gdpr", // .tw
  "hidden details are available", // .by "HIDDEN! Details are available at ..."
  "gdpr masked",
  "statutory masking enabled", // .ca
  "non public data",
  "please query the rdds service of the registrar of record",
];
// Whole-field only: these words are ordinary inside a real name.
const POLICY_EXACT = ["hidden", "private person", "private", "withheld"];

// Names, organisations and addresses are short; only the start of a field is read,
// so a field of megabytes costs no more than a real one (hostile answers, issue 10).
const MAX_FIELD = 1024;

function norm(s: string): string {
  return ` ${s
    .slice(0, MAX_FIELD)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}

const has = (hay: string, needle: string): boolean => hay.includes(` ${needle} `);

// The registrar's and reseller's own contacts say nothing about the registrant.
const SKIPPED_ROLES = new Set(["registrar", "abuse", "reseller", "sponsor"]);

/** Looks at the contacts' name, organisation and email, and their RFC 9537 redactions. */
export function detectPrivacy(contacts: readonly PrivacyContact[]): PrivacyResult {
  let generic = false;
  let redacted = false;
  let seen = false;
  let proxy: string | undefined;
  for (const c of contacts) {
    if (c.role !== undefined && SKIPPED_ROLES.has(c.role)) continue;
    const fields = [c.organization, c.name, c.email].filter(
      (f): f is string => f !== undefined && f.trim() !== "",
    );
    if (fields.length > 0 || (c.redacted?.length ?? 0) > 0) seen = true;
    if ((c.redacted?.length ?? 0) > 0) redacted = true;
    for (const f of fields) {
      const h = norm(f);
      const named = SERVICES.find((s) => s.needles.some((n) => has(h, n)));
      if (named) return { protected: true, service: named.service, kind: "privacy-service" };
      if (GENERIC_SERVICE.some((n) => has(h, n))) generic = true;
      else if (POLICY.some((n) => has(h, n)) || POLICY_EXACT.includes(h.trim())) redacted = true;
    }
    // RFC 9083 §10.2.4: an entity with role "proxy" stands in for another.
    if (c.role === "proxy") {
      generic = true;
      proxy ??= c.organization ?? c.name;
    }
  }
  if (generic)
    return proxy === undefined
      ? { protected: true, kind: "privacy-service" }
      : { protected: true, service: proxy, kind: "privacy-service" };
  if (redacted) return { protected: true, kind: "redacted" };
  return { protected: false, kind: seen ? "none" : "no-data" };
}
