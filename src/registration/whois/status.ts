// Status words: EPP codes out of `Domain Status:` lines (RFC 5731, RFC 8056
// names, and registries' own words for the same states), and the availability of
// the domain, both read from the one table of phrasings in status-words.ts.

import type { RegistrationStatus } from "../../model/registration.js";
import { EPP_STATUSES } from "../epp-status.js";
import { eppFromWords, statusVerdict } from "./status-match.js";

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
  // a registry's own words for an EPP state ("REDEMPTION", "to be released")
  const own = eppFromWords(clean);
  if (own.length > 0) return own;
  for (const piece of clean.split(/[,;]|\s+/)) {
    const code = BY_SQUASHED.get(squash(piece));
    if (code !== undefined && piece.trim() !== "") out.push(code);
  }
  return out;
}

/**
 * The availability verdict. `values` are the answer's status field values;
 * `hasData` says whether the parser found anything a registered domain would have
 * (dates, name servers, a registrar); legal notices mention "not found" and "try
 * again later" too, so the text's phrases count only without them. The words are
 * one table (status-words.ts).
 */
export function availability(
  text: string,
  hasData: boolean,
  values: readonly string[] = [],
): RegistrationStatus {
  return statusVerdict(values, text, hasData);
}
