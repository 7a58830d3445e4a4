// EPP domain status codes (RFC 5731 §2.3, RFC 3915 for the RGP periods) and
// their RDAP spellings (RFC 8056 §2). RDAP says "client transfer prohibited"
// where EPP says clientTransferProhibited; WHOIS prints either, in any case,
// often followed by an ICANN URL or a parenthesised explanation.

export const EPP_STATUSES = [
  "addPeriod",
  "autoRenewPeriod",
  "clientDeleteProhibited",
  "clientHold",
  "clientRenewProhibited",
  "clientTransferProhibited",
  "clientUpdateProhibited",
  "inactive",
  "linked",
  "ok",
  "pendingCreate",
  "pendingDelete",
  "pendingRenew",
  "pendingRestore",
  "pendingTransfer",
  "pendingUpdate",
  "redemptionPeriod",
  "renewPeriod",
  "serverDeleteProhibited",
  "serverHold",
  "serverRenewProhibited",
  "serverTransferProhibited",
  "serverUpdateProhibited",
  "transferPeriod",
] as const;

export type EppStatus = (typeof EPP_STATUSES)[number];

// RFC 8056 §2: the two pairs whose words differ; every other RDAP value is the
// EPP code split at its capitals, lowercased.
const RDAP_SPECIAL: Partial<Record<EppStatus, string>> = { linked: "associated", ok: "active" };

function splitCamel(code: string): string {
  return code.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

// Letters only, lowercased: "CLIENT_TRANSFER_PROHIBITED", "client-transfer-prohibited"
// and "Client Transfer Prohibited" all become "clienttransferprohibited".
function compact(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, "");
}

const BY_COMPACT = new Map<string, EppStatus>();
for (const code of EPP_STATUSES) {
  BY_COMPACT.set(code.toLowerCase(), code);
  const special = RDAP_SPECIAL[code];
  if (special !== undefined) BY_COMPACT.set(compact(special), code);
}

/** RDAP status value (RFC 8056) to EPP code; undefined for RDAP-only values such as "locked". */
export function eppFromRdap(rdap: string): EppStatus | undefined {
  return BY_COMPACT.get(compact(rdap));
}

/** EPP code to its RDAP status value (RFC 8056 §2), e.g. ok -> "active". */
export function rdapFromEpp(epp: EppStatus): string {
  return RDAP_SPECIAL[epp] ?? splitCamel(epp);
}

/**
 * One WHOIS status value to its EPP code, or undefined for a registry's own word
 * (.de "connect", "Registered", "Transfer Locked"). Callers keep the raw text
 * beside the result (record.rawStatus). "active" maps to ok, as RFC 8056 does;
 * .fr and .rs print ACTIVE / Active for a domain in normal state.
 */
export function parseStatusText(raw: string): EppStatus | undefined {
  const text = raw
    .replace(/\bhttps?:\/\/\S*/gi, " ") // "clientHold https://icann.org/epp#clientHold"
    .replace(/\([^)]*\)?/g, " "); // "ok (paid and in zone)", "(Secured by ... Lock)"
  // "ok - Normal state.": the text before the dash. One space before it is enough to
  // find it; the cut text is trimmed (`\s+-` rescanned a run of spaces per position).
  const dash = text.search(/\s-(?:\s|$)/);
  const cleaned = (dash < 0 ? text : text.slice(0, dash)).trim();
  if (cleaned === "") return undefined;
  return BY_COMPACT.get(compact(cleaned));
}

/** A status line may list several values: "clientUpdateProhibited,clientTransferProhibited". */
export function splitStatusLine(line: string): string[] {
  return line
    .replace(/\bhttps?:\/\/\S*/gi, (url) => url.replace(/,/g, "%2C"))
    .split(",")
    .map((s) => s.replace(/%2C/g, ",").trim())
    .filter((s) => s !== "");
}

/**
 * Status lines (WHOIS) or values (RDAP) to the record's two lists: mapped EPP
 * codes, and every value as given (URLs dropped), both without duplicates.
 */
export function statusFields(values: readonly string[]): {
  eppStatus: EppStatus[];
  rawStatus: string[];
} {
  const epp = new Set<EppStatus>();
  const raw = new Set<string>();
  for (const line of values) {
    for (const value of splitStatusLine(line)) {
      const shown = value.replace(/\(?\bhttps?:\/\/\S*/gi, "").trim();
      if (shown !== "") raw.add(shown);
      const code = parseStatusText(value);
      if (code !== undefined) epp.add(code);
    }
  }
  return { eppStatus: [...epp], rawStatus: [...raw] };
}
