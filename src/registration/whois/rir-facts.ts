import type { Contact, ContactRole } from "../../model/registration.js";
import { parseRegistryDate } from "../dates.js";
import { countryCode } from "../rdap/entities.js";
import type { IpSpan } from "./rir-range.js";

// What one RIR WHOIS answer says about the network or AS number asked for, before
// it becomes a registration record: the ARIN and RPSL readers both fill this.

export interface RirFacts {
  ip?: IpSpan;
  asn?: { first: number; last: number };
  /** Prefixes as the registry listed them (ARIN's CIDR line, a prefix-keyed inetnum). */
  cidrs: string[];
  handle?: string;
  name?: string;
  type?: string;
  parentHandle?: string;
  country?: string;
  organization?: string;
  created?: string;
  updated?: string;
  /** Registrant first, then abuse, technical, administrative, noc. */
  contacts: Contact[];
  /** A placeholder the registry keeps for space it does not manage (RIPE's IANA-BLK). */
  notHeldHere?: boolean;
}

/** A registry date to ISO 8601 UTC (ARIN and RPSL dates carry no zone: UTC). */
export function rirDate(v: string | undefined): string | undefined {
  return v === undefined ? undefined : parseRegistryDate(v);
}

export type ContactParts = {
  [K in Exclude<keyof Contact, "role" | "redacted">]?: Contact[K] | undefined;
};

/** A contact from its parts, leaving out what is empty; countries as ISO codes. */
export function contact(role: ContactRole, parts: ContactParts): Contact {
  const c: Contact = { role, redacted: [] };
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === "string" && v.trim() !== "") (c as unknown as Record<string, unknown>)[k] = v;
    if (Array.isArray(v) && v.length > 0) c.street = v as string[];
  }
  if (c.country) c.country = countryCode(c.country);
  return c;
}

const ORDER: ContactRole[] = ["registrant", "abuse", "technical", "administrative", "noc"];

/** Contacts in the order above, the same (role, handle, email) kept once. */
export function orderContacts(list: Contact[]): Contact[] {
  const seen = new Set<string>();
  const rank = (r: ContactRole): number => (ORDER.includes(r) ? ORDER.indexOf(r) : ORDER.length);
  return list
    .filter((c) => {
      const id = `${c.role}\0${c.handle ?? ""}\0${c.email ?? ""}\0${c.name ?? ""}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => rank(a.role) - rank(b.role));
}
