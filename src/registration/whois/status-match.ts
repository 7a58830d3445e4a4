// Reading status-words.ts: a status field's value is looked up whole (one Map
// look-up per value or comma-separated piece), and an answer without data is
// searched for the text phrases, one combined regex per verdict.

import type { RegistrationStatus } from "../../model/registration.js";
import type { EppStatus } from "../epp-status.js";
import { STATUS_WORDS, type StatusWord } from "./status-words.js";

/**
 * A status value squashed for look-up: lowercase, accents dropped, the ICANN URL
 * and bracketed remarks ("Connected (2024/03/31)", "ok (paid and in zone)") out,
 * every run of non-letters one space. Values are read from their first 200
 * characters: no status word is longer.
 */
export function squashStatus(value: string): string {
  return value
    .slice(0, 200)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/https?:\/\/\S*/g, " ")
    .replace(/\([^()]*\)|\[[^[\]]*\]/g, " ")
    .replace(/\P{L}+/gu, " ")
    .trim();
}

const BY_VALUE = new Map<string, StatusWord>(
  STATUS_WORDS.filter((w) => w.kind === "value").map((w) => [w.match, w]),
);

const textRegex = (status: RegistrationStatus): RegExp =>
  new RegExp(
    STATUS_WORDS.filter((w) => w.kind === "text" && w.status === status)
      .map((w) => `(?:${w.match})`)
      .join("|"),
    "i",
  );
// Checked in this order: a reserved name's answer often says "not registered" too.
const TEXT: [RegistrationStatus, RegExp][] = [
  ["reserved", textRegex("reserved")],
  ["available", textRegex("available")],
  ["throttled", textRegex("throttled")],
];

/**
 * The table's rows for one status value: the whole value, else each piece of a
 * list ("REGISTERED, DELEGATED, VERIFIED"; "ok - Normal state." reads its head).
 */
export function statusWords(text: string): StatusWord[] {
  // a list of states is a few words; a value of megabytes is read for its first ones
  const value = text.slice(0, 1024);
  const dash = value.search(/\s-(?:\s|$)/);
  const whole = BY_VALUE.get(squashStatus(dash < 0 ? value : value.slice(0, dash)));
  if (whole !== undefined) return [whole];
  const out: StatusWord[] = [];
  for (const piece of value.split(/[,;]/)) {
    const w = BY_VALUE.get(squashStatus(piece));
    if (w !== undefined) out.push(w);
  }
  return out;
}

/** EPP codes a registry's own status words stand for ("REDEMPTION", "to be released"). */
export function eppFromWords(value: string): EppStatus[] {
  return statusWords(value).flatMap((w) => (w.epp !== undefined ? [w.epp] : []));
}

/**
 * The record status. A status field decides first: a word for free or refused
 * names wins unless another value says taken; then any data a registered name
 * has (dates, name servers, a registrar) or a word for taken; then the phrases
 * of an answer without fields.
 */
export function statusVerdict(
  values: readonly string[],
  text: string,
  hasData: boolean,
): RegistrationStatus {
  const said = new Set(values.flatMap((value) => statusWords(value).map((w) => w.status)));
  if (!said.has("registered")) {
    if (said.has("reserved")) return "reserved";
    if (said.has("available")) return "available";
  }
  if (hasData || said.has("registered")) return "registered";
  for (const [status, re] of TEXT) if (re.test(text)) return status;
  return "unknown";
}
