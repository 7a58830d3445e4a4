// What the field handlers (field-handlers.ts) share while one WHOIS answer is
// read: the record being filled, the answer's entries, how it writes dates, and
// the sets that keep its lists free of repeats in linear time.

import type { Nameserver, RegistrationRecord } from "../../model/registration.js";
import type { DateHint } from "../dates.js";
import type { Truncation } from "../limits.js";
import type { WhoisEntry } from "./blocks.js";

export interface AnswerState {
  readonly record: RegistrationRecord;
  readonly cut: Truncation;
  readonly entries: readonly WhoisEntry[];
  /** The domain asked about, when the caller said. */
  readonly asked: string | undefined;
  readonly dateHint: DateHint;
  /** The registry writes slash dates day first (one seen with a first part above 12). */
  readonly dayFirst: boolean;
  /** The first `Domain Name:` value. */
  domainName: string | undefined;
  /** Index of the last RPSL `changed:` line in the run that gave the update date. */
  changedRun: number;
  /** JPRS `[State] Connected (2024/03/31)`: the expiry when no other is given. */
  stateUntil: string | undefined;
  /** Status lines as given (the first KiB of each), for the availability reading. */
  readonly statusValues: string[];
  /** Name servers by name (a Map: a list searched per token went quadratic on 70,000 of them). */
  readonly nameservers: Map<string, Nameserver | undefined>;
  readonly seen: { rawStatus: Set<string>; eppStatus: Set<string>; ds: Set<string> };
}

/** The date hint of an answer about `named` (its TLD), and whether it writes days first. */
export function dateReading(
  named: string | undefined,
  entries: readonly WhoisEntry[],
): { dateHint: DateHint; dayFirst: boolean } {
  const tld = named?.trim().split(/\s+/)[0]?.toLowerCase().replace(/\.$/, "").split(".").pop();
  const dateHint: DateHint = tld !== undefined && tld !== "" ? { tld } : {};
  // A registry writes all its dates one way: one slash date with a first part above
  // 12 (30/10/2002) says they are all day first (.pt 02/11/2019 is 2 November).
  const dayFirst = entries.some((e) => {
    const m = /^(\d{1,2})\/\d{1,2}\/\d{4}\b/.exec(e.value);
    return m !== null && Number(m[1]) > 12;
  });
  return { dateHint, dayFirst };
}

/** Pushes `value` once (a Set beside the list) and no more than `max` values. */
export function addOnce(
  list: string[],
  seen: Set<string>,
  value: string,
  what: string,
  max: number,
  cut: Truncation,
): void {
  if (seen.has(value)) return;
  seen.add(value);
  if (list.length < max) list.push(value);
  else cut.drop(what, max);
}
