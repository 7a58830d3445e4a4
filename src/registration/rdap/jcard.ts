// jCard (RFC 7095): a vCard as ["vcard", [[name, params, type, value], ...]].
// Only the properties a registration contact needs are read.

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
const PLACEHOLDER =
  /^\s*(?:redacted(?: for (?:privacy|gdpr))?|data (?:protected|redacted)|not disclosed|non-public data|withheld)\s*\.?\s*$/i;

export function isRedactedPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /redacted for privacy/i.test(value);
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

function readAdr(params: unknown, value: unknown): VCardAddress {
  // [pobox, ext, street, locality, region, code, country]; street may be a list.
  const parts = Array.isArray(value) ? value : [];
  const streetPart: unknown = parts[2];
  const street = (Array.isArray(streetPart) ? streetPart : [streetPart])
    .map(text)
    .filter((s): s is string => s !== undefined);
  const adr: VCardAddress = { street };
  const city = text(parts[3]);
  const region = text(parts[4]);
  const postalCode = text(parts[5]);
  // RFC 8605: the ISO 3166 code may come as a `cc` parameter instead of (or beside) the name.
  const country = paramList(params, "cc")[0]?.toUpperCase() ?? text(parts[6]);
  if (street.length === 0 && !city && !country) return fromLabel(params) ?? adr;
  if (city) adr.city = city;
  if (region) adr.region = region;
  if (postalCode) adr.postalCode = postalCode;
  if (country) adr.country = country;
  return adr;
}

/**
 * An address given only as a `label` parameter (ARIN writes the lines there and
 * leaves the structured parts empty): the last line is the country; with five or
 * more lines the three before it are city, region and postal code (ARIN's order).
 * Some servers escape the line breaks as a literal backslash-n.
 */
function fromLabel(params: unknown): VCardAddress | undefined {
  const label =
    typeof params === "object" && params !== null
      ? (params as Record<string, unknown>).label
      : undefined;
  if (typeof label !== "string") return undefined;
  const lines = label
    .split(/\r?\n|\\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length === 0) return undefined;
  const adr: VCardAddress = { street: [], country: lines.pop()! };
  if (lines.length >= 4) {
    adr.postalCode = lines.pop()!;
    adr.region = lines.pop()!;
    adr.city = lines.pop()!;
  }
  adr.street = lines;
  return adr;
}

/** Reads a vcardArray; anything malformed is skipped, never thrown. */
export function readJCard(vcardArray: unknown): VCard {
  const card: VCard = { emails: [], phones: [], faxes: [], redacted: [] };
  const props: unknown = Array.isArray(vcardArray) ? vcardArray[1] : undefined;
  if (!Array.isArray(props)) return card;
  const voice: string[] = [];
  const other: string[] = [];
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
        if (withheld("email", v) && !card.emails.includes(v)) card.emails.push(v);
        break;
      case "tel": {
        const n = typeof value === "string" ? telNumber(value) : undefined;
        if (!withheld("phone", n)) break;
        const types = paramList(params, "type");
        if (types.includes("fax")) card.faxes.push(n);
        else (types.includes("voice") ? voice : other).push(n);
        break;
      }
      case "adr": {
        const adr = readAdr(params, value);
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
