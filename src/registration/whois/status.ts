// Status words: EPP codes out of `Domain Status:` lines (RFC 5731, RFC 8056
// names), and the availability of the domain from the phrases registries use
// when there is nothing to show.

import { EPP_STATUSES } from "../epp-status.js";
import type { RegistrationStatus } from "../record.js";

const BY_SQUASHED = new Map<string, string>(EPP_STATUSES.map((c) => [c.toLowerCase(), c]));
// RFC 8056 RDAP names that do not squash to the EPP code.
BY_SQUASHED.set("active", "ok");
BY_SQUASHED.set("associated", "linked");
BY_SQUASHED.set("linked", "linked");

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, "");

/** Removes the ICANN explanatory URL and bracketed remarks from a status value. */
export function stripStatus(value: string): string {
  // A match starts at "(" or at the URL, never inside a run of spaces (which an
  // optional "(" in front of `\s*` made every space a start to rescan the run from).
  return value
    .replace(/(?:\(\s*)?https?:\/\/\S*(?:\s*\))?/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The text without its outermost "( ... )" (what /\(.*\)/ removed, found in one pass). */
function withoutBrackets(s: string): string {
  const open = s.indexOf("(");
  const close = s.lastIndexOf(")");
  return open >= 0 && close > open ? s.slice(0, open) + s.slice(close + 1) : s;
}

/** Maps one status value to EPP codes; a value may carry several ("ok, inactive"). */
export function eppCodes(value: string): string[] {
  const clean = stripStatus(value);
  // CIDR (.gg, .je): "Delete Prohibited by Registrar" / "... by Registry"
  const by = /^(delete|update|transfer|renew) prohibited by (registrar|registry)$/i.exec(clean);
  if (by) {
    const action = by[1]!.charAt(0).toUpperCase() + by[1]!.slice(1).toLowerCase();
    return [`${/registrar/i.test(by[2]!) ? "client" : "server"}${action}Prohibited`];
  }
  const whole = BY_SQUASHED.get(squash(withoutBrackets(clean)));
  if (whole !== undefined) return [whole];
  const out: string[] = [];
  for (const piece of clean.split(/[,;]|\s+/)) {
    const code = BY_SQUASHED.get(squash(piece));
    if (code !== undefined && piece.trim() !== "") out.push(code);
  }
  return out;
}

// Learnt from the "not found" answers of some ninety registries.
const NOT_FOUND = new RegExp(
  [
    String.raw`\bno match\b`,
    String.raw`\bnot found\b`,
    String.raw`\bno data found\b`,
    String.raw`\bno entries found\b`,
    String.raw`\bno object found\b`,
    String.raw`\bno matching (record|objects?)\b`,
    String.raw`\bnothing found\b`,
    String.raw`\bno found\b`,
    String.raw`\bno information available\b`,
    String.raw`\b(object|domain) does not exist\b`,
    String.raw`\bqueried object does not exist\b`,
    String.raw`\bis available for registration\b`,
    String.raw`\b(has not been|is not|not) registered\b`,
    String.raw`\bis free\b`,
    // [ \t], not \s: with the m flag, \s* ran over every following line from each line start
    String.raw`^[ \t]*status:[ \t]*(free|available)[ \t]*$`,
    String.raw`\bquery_status:\s*220\b`,
    String.raw`\bdoes not have any data for\b`,
    String.raw`\bnot known in\b`,
    String.raw`\breturned 0 objects\b`,
  ].join("|"),
  "im",
);

// Legal notices mention "exceeding query rate or volume limits" and "if too many
// queries are received": the phrases below are the ones an actual refusal uses.
const THROTTLED =
  /\b(rate limit exceeded|limit exceeded|query limit|exceeded (the |your )?(maximum|allowed|query|quota|limit)|too many (queries|requests|connections)(?! are received)|try again later|quota exceeded|temporarily blocked)\b/i;

const RESERVED =
  /\b(not available for (?:[\w-]+ ){0,3}registration|is reserved|domain is reserved|reserved (name|domain|word))\b|^[ \t]*status:[ \t]*reserved\b/im;

/**
 * The availability verdict from the text alone. `hasData` says whether the
 * parser found anything a registered domain would have (dates, name servers,
 * a registrar); legal notices mention "not found" and "try again later" too.
 */
export function availability(text: string, hasData: boolean): RegistrationStatus {
  if (hasData) return "registered";
  if (RESERVED.test(text)) return "reserved";
  if (NOT_FOUND.test(text)) return "available";
  if (THROTTLED.test(text)) return "throttled";
  return "unknown";
}
