// The normalised registration record (DESIGN.md "Registration record"): one shape
// for a domain, an IP network or an AS number, whether it came from RDAP JSON or
// WHOIS text. Every fetch is kept as a snapshot with its raw response beside it.

export type RegistrationStatus = "registered" | "available" | "reserved" | "throttled" | "unknown";

export type ContactRole =
  | "registrant"
  | "administrative"
  | "technical"
  | "billing"
  | "abuse"
  | "registrar"
  | "reseller"
  | "sponsor"
  | "proxy"
  | "noc"
  | "other";

export interface Contact {
  role: ContactRole;
  handle?: string;
  name?: string;
  organization?: string;
  email?: string;
  phone?: string;
  street?: string[];
  city?: string;
  postalCode?: string;
  region?: string;
  /** ISO 3166 alpha-2 where it can be told, else as given. */
  country?: string;
  /** Fields the source withheld (RFC 9537 redactions, "REDACTED FOR PRIVACY"). */
  redacted: string[];
}

export interface Registrar {
  name?: string;
  ianaId?: string;
  /** The registry's own handle for the registrar (".sk EURO-0001", "R11-LROR", Nominet's tag); optional, WHOIS only. */
  handle?: string;
  url?: string;
  whoisServer?: string;
  abuseEmail?: string;
  abusePhone?: string;
}

export interface Nameserver {
  /** Lowercase A-label, no trailing dot. */
  name: string;
  ipv4: string[];
  ipv6: string[];
}

/**
 * What a regional internet registry says about an IP network or AS number, beside
 * the fields every record has (the abuse contact is the contact with role "abuse").
 */
export interface NetworkBlock {
  kind: "ip" | "asn";
  /** First and last address ("13.64.0.0", "13.107.255.255") or AS number ("AS13335"). */
  start: string;
  end: string;
  /** The prefixes that make up an IP range, where the registry gives or implies them. */
  cidrs: string[];
  handle?: string;
  /** The registry's name for it: NetName / netname / as-name. */
  name?: string;
  /** Allocation type as given: "DIRECT ALLOCATION", "ASSIGNED PA", "LEGACY". */
  type?: string;
  /** ISO 3166 alpha-2. */
  country?: string;
  organization?: string;
  parentHandle?: string;
}

export interface RegistrationSource {
  protocol: "rdap" | "whois";
  server: string;
  /** ISO 8601 UTC. */
  fetchedAt: string;
  /** Servers followed after the first (registrar RDAP, WHOIS referrals), in order. */
  referrals: string[];
}

export interface RegistrationRecord {
  /** The domain (lowercase A-label), network or AS number the record is about. */
  domain: string;
  status: RegistrationStatus;
  /** EPP status codes in camelCase (RFC 5731 / RFC 8056), e.g. clientTransferProhibited. */
  eppStatus: string[];
  /** Status words exactly as the source gave them (ccTLDs have their own, e.g. .de "connect"). */
  rawStatus: string[];
  /** ISO 8601 UTC. */
  created?: string;
  updated?: string;
  expires?: string;
  registrar: Registrar;
  contacts: Contact[];
  nameservers: Nameserver[];
  dnssec: { signed: boolean; ds: string[] };
  privacy: { protected: boolean; service?: string };
  /** For an IP network or AS number: range, name, organisation, country. */
  network?: NetworkBlock;
  source: RegistrationSource;
  /** Lists the answer held more of than a record keeps (limits.ts): "nameservers: 140000 given, first 100 kept". */
  truncated?: string[];
}
