// jCard (RFC 7095): a vCard as ["vcard", [[name, params, type, value], ...]].
// Only the properties a registration contact needs are read, and no more of them
// than a contact holds (limits.ts).

import { LIMITS, Truncation } from "../limits.js";

export interface VCardAddress {
  street: string[];
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface VCard {
  fn?: string;
  org?: string;
  kind?: string;
  url?: string;
  emails: string[];
  /** Voice numbers first; `tel:` URIs reduced to the number. */
  phones: string[];
  faxes: string[];
  adr?: VCardAddress;
  /** Contact fields whose value was a placeholder such as "REDACTED FOR PRIVACY". */
  redacted: string[];
}

// Older servers (before RFC 9537) put a placeholder where the value was withheld.
// Matched on the trimmed value: `\s*\.?\s*$` split a run of spaces every way.
const PLACEHOLDER =
  /^(?:redacted(?: for (?:privacy|gdpr))?|data (?:protected|redacted)|not disclosed|non-public data|withheld)(?:\s*\.)?$/i;

export function isRedactedPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim()) || /redacted for privacy/i.test(value);
}

const text = (v: unknown): string | undefined => {
  if (Array.isArray(v)) v = v.filter((x) => typeof x === "string" && x !== "").join(", ");
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
};

const paramList = (params: unknown, key: string): string[] => {
  if (typeof params !== "object" || params === null) return [];
  const v = (params as Record<string, unknown>)[key];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === "string").map((x) => x.toLowerCase());
};

function telNumber(value: string): string | undefined {
  const n = value.replace(/^tel:/i, "").trim();
  return n === "" ? undefined : n;
}

function readAdr(params: unknown, value: unknown, cut: Truncation): VCardAddress {
  // [pobox, ext, street, locality, region, code, country]; street may be a list.
  const parts = Array.isArray(value) ? value : [];
  const streetPart: unknown = parts[2];
  const lines = Array.isArray(streetPart) ? streetPart : [streetPart];
  const street = cut
    .keep("street lines", lines, LIMITS.perField)
    .map(text)
    .filter((s): s is string => s !== undefined);
  const adr: VCardAddress = { street };
  const city = text(parts[3]);
  const region = text(parts[4]);
  const postalCode = text(parts[5]);
  // RFC 8605: the ISO 3166 code may come as a `cc` parameter instead of (or beside) the name.
  const country = paramList(params, "cc")[0]?.toUpperCase() ?? text(parts[6]);
  if (street.length === 0 && !city && !country) return fromLabel(params, cut) ?? adr;
  if (city) adr.city = city;
  if (region) adr.region = region;
  if (postalCode) adr.postalCode = postalCode;
  if (country) adr.country = country;
  return adr;
}

const MAX_LABEL = 4096;

/**
 * An address given only as a `label` parameter (ARIN writes the lines there and
 * leaves the structured parts empty): the last line is the country; with five or
 * more lines the three before it are city, region and postal code (ARIN's order).
 * Some servers escape the line breaks as a literal backslash-n.
 */
function fromLabel(params: unknown, cut: Truncation): VCardAddress | undefined {
  const label =
    typeof params === "object" && params !== null
      ? (params as Record<string, unknown>).label
      : undefined;
  // A postal address is a few lines; kilobytes of them are no address.
  if (typeof label !== "string" || label.length > MAX_LABEL) return undefined;
  const lines: string[] = [];
  for (const l of label.split(/\r?\n|\\n/)) {
    const t = l.trim();
    if (t !== "") lines.push(t);
  }
  if (lines.length === 0) return undefined;
  const adr: VCardAddress = { street: [], country: lines.pop()! };
  if (lines.length >= 4) {
    adr.postalCode = lines.pop()!;
    adr.region = lines.pop()!;
    adr.city = lines.pop()!;
  }
  adr.street = cut.keep("street lines", lines, LIMITS.perField);
  return adr;
}

/** Reads a vcardArray; anything malformed is skipped, never thrown. */
export function readJCard(vcardArray: unknown, cut = new Truncation()): VCard {
  const card: VCard = { emails: [], phones: [], faxes: [], redacted: [] };
  const all: unknown = Array.isArray(vcardArray) ? vcardArray[1] : undefined;
  if (!Array.isArray(all)) return card;
  const props = cut.keep("vCard properties", all, LIMITS.vcardProperties);
  const voice: string[] = [];
  const other: string[] = [];
  const emails = new Set<string>();
  /** Adds a value to a per-field list, up to LIMITS.perField. */
  const add = (list: string[], v: string, what: string): void => {
    if (list.length < LIMITS.perField) list.push(v);
    else cut.drop(what, LIMITS.perField);
  };
  const withheld = (field: string, v: string | undefined): v is string => {
    if (v === undefined) return false;
    if (!isRedactedPlaceholder(v)) return true;
    if (!card.redacted.includes(field)) card.redacted.push(field);
    return false;
  };
  for (const p of props) {
    if (!Array.isArray(p) || typeof p[0] !== "string") continue;
    const [rawName, params, , value] = p as [string, unknown, unknown, unknown];
    const name = rawName.toLowerCase();
    const v = text(value);
    switch (name) {
      case "fn":
        if (withheld("name", v)) card.fn = v;
        break;
      case "org":
        if (withheld("organization", v)) card.org = v;
        break;
      case "kind":
        if (v) card.kind = v.toLowerCase();
        break;
      case "url":
        if (v && !card.url) card.url = v;
        break;
      case "email":
        if (withheld("email", v) && !emails.has(v)) {
          emails.add(v);
          add(card.emails, v, "e-mails");
        }
        break;
      case "tel": {
        const n = typeof value === "string" ? telNumber(value) : undefined;
        if (!withheld("phone", n)) break;
        const types = paramList(params, "type");
        if (types.includes("fax")) add(card.faxes, n, "phone numbers");
        else add(types.includes("voice") ? voice : other, n, "phone numbers");
        break;
      }
      case "adr": {
        const adr = readAdr(params, value, cut);
        if (adr.street.some(isRedactedPlaceholder)) {
          adr.street = [];
          if (!card.redacted.includes("street")) card.redacted.push("street");
        }
        for (const f of ["city", "region", "postalCode", "country"] as const) {
          const fv = adr[f];
          if (fv !== undefined && !withheld(f, fv)) delete adr[f];
        }
        card.adr ??= adr;
        break;
      }
    }
  }
  card.phones = [...voice, ...other];
  return card;
}
