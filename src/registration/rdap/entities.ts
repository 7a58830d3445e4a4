import type { Contact, ContactRole, Registrar } from "../../model/registration.js";
import { LIMITS, Truncation } from "../limits.js";
import { readJCard, type VCard } from "./jcard.js";

// RDAP entities (RFC 9083 §5.1) → contacts and the registrar. Entities nest:
// on gTLDs the abuse contact sits inside the registrar entity.

export interface RdapEntity {
  handle?: string;
  roles: string[];
  card: VCard;
  publicIds: { type: string; identifier: string }[];
  links: { rel?: string; href?: string; type?: string }[];
  port43?: string;
  entities: RdapEntity[];
}

const ROLES: ReadonlySet<string> = new Set<ContactRole>([
  "registrant",
  "administrative",
  "technical",
  "billing",
  "abuse",
  "registrar",
  "reseller",
  "sponsor",
  "proxy",
  "noc",
]);

export const toRole = (role: string): ContactRole => {
  const r = role.trim().toLowerCase();
  return ROLES.has(r) ? (r as ContactRole) : "other";
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const objects = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null)
    : [];

/**
 * Reads an `entities` array, nested ones included; malformed members are skipped.
 * At most LIMITS.entities in all, LIMITS.entityDepth levels down; the rest is noted in `cut`.
 */
export function readEntities(value: unknown, cut = new Truncation()): RdapEntity[] {
  const read = (list: unknown, depth: number): RdapEntity[] => {
    if (depth > LIMITS.entityDepth) {
      if (Array.isArray(list) && list.length > 0) cut.drop("nested entities", LIMITS.entityDepth);
      return [];
    }
    const out: RdapEntity[] = [];
    for (const e of objects(list)) {
      if (!cut.admit("entities", LIMITS.entities)) continue;
      const roles = Array.isArray(e.roles)
        ? e.roles.filter((r): r is string => typeof r === "string")
        : [];
      const entity: RdapEntity = {
        // RFC 9083 §10.2.4 registers ten roles; an entity listing more repeats itself.
        roles: cut.keep("roles", roles, LIMITS.perField),
        card: readJCard(e.vcardArray, cut),
        publicIds: cut
          .keep("public ids", objects(e.publicIds), LIMITS.publicIds)
          .flatMap((p) =>
            typeof p.type === "string" && typeof p.identifier === "string"
              ? [{ type: p.type, identifier: p.identifier }]
              : [],
          ),
        links: cut.keep("links", objects(e.links), LIMITS.links).map((l) => ({
          rel: str(l.rel),
          href: str(l.href),
          type: str(l.type),
        })),
        entities: read(e.entities, depth + 1),
      };
      const handle = str(e.handle);
      const port43 = str(e.port43);
      if (handle) entity.handle = handle;
      if (port43) entity.port43 = port43;
      out.push(entity);
    }
    return out;
  };
  return read(value, 0);
}

let countryCodes: Map<string, string> | undefined;

/** "NORWAY" → "NO"; two letters stay as they are (upper-cased); unknown names as given. */
export function countryCode(country: string): string {
  if (/^[a-z]{2}$/i.test(country)) return country.toUpperCase();
  if (!countryCodes) {
    countryCodes = new Map();
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (name && name !== code) countryCodes.set(name.toLowerCase(), code);
      }
    }
  }
  return countryCodes.get(country.trim().toLowerCase()) ?? country;
}

function contactFrom(entity: RdapEntity, role: ContactRole): Contact {
  const { card } = entity;
  const c: Contact = { role, redacted: [...card.redacted] };
  if (entity.handle) c.handle = entity.handle;
  if (card.fn) c.name = card.fn;
  if (card.org) c.organization = card.org;
  if (card.emails[0]) c.email = card.emails[0];
  if (card.phones[0]) c.phone = card.phones[0];
  const adr = card.adr;
  if (adr) {
    if (adr.street.length > 0) c.street = adr.street;
    if (adr.city) c.city = adr.city;
    if (adr.region) c.region = adr.region;
    if (adr.postalCode) c.postalCode = adr.postalCode;
    if (adr.country) c.country = countryCode(adr.country);
  }
  return c;
}

/**
 * One contact per (entity, role), nested entities included, in document order.
 * The same handle under the same role (RIRs repeat entities at several levels)
 * is kept once.
 */
export function contactsFrom(entities: readonly RdapEntity[], cut = new Truncation()): Contact[] {
  const out: Contact[] = [];
  const seen = new Set<string>();
  const walk = (list: readonly RdapEntity[]): void => {
    for (const e of list) {
      for (const r of e.roles) {
        const role = toRole(r);
        const key = e.handle ? `${role}\u0000${e.handle}` : undefined;
        if (key && seen.has(key)) continue;
        if (key) seen.add(key);
        if (cut.admit("contacts", LIMITS.contacts)) out.push(contactFrom(e, role));
      }
      walk(e.entities);
    }
  };
  walk(entities);
  return out;
}

/** The registrar from the top-level entity with role "registrar", and its nested abuse contact. */
export function registrarFrom(entities: readonly RdapEntity[]): Registrar {
  const reg = entities.find((e) => e.roles.some((r) => toRole(r) === "registrar"));
  if (!reg) return {};
  const out: Registrar = {};
  // Some ccTLD registries (CZ.NIC) identify the registrar by handle alone, as their WHOIS does.
  const name = reg.card.fn ?? reg.card.org ?? reg.handle;
  if (name) out.name = name;
  const iana = reg.publicIds.find((p) => /^iana registrar id$/i.test(p.type.trim()));
  if (iana) out.ianaId = iana.identifier.trim();
  // The ICANN profile puts the registrar's web site in an "about" link when the vCard has no url.
  const url =
    reg.card.url ?? reg.links.find((l) => l.rel === "about" && l.type === "text/html")?.href;
  if (url) out.url = url;
  if (reg.port43) out.whoisServer = reg.port43;
  const abuse = reg.entities.find((e) => e.roles.some((r) => toRole(r) === "abuse"));
  if (abuse?.card.emails[0]) out.abuseEmail = abuse.card.emails[0];
  if (abuse?.card.phones[0]) out.abusePhone = abuse.card.phones[0];
  return out;
}
