// Handler for status lines: the raw words, the RFC 8056 EPP codes, and JPRS's
// `Connected (date)` state that doubles as an expiry.

import { parseRegistryDate } from "../dates.js";
import { statusFields } from "../epp-status.js";
import { LIMITS } from "../limits.js";
import { addOnce, type AnswerState } from "./answer-state.js";
import type { WhoisEntry } from "./blocks.js";
import { eppCodes } from "./status.js";

export function statusHandler(s: AnswerState, e: WhoisEntry): void {
  // a status line is a few words; one of megabytes is read for its first KiB
  const v = e.value.slice(0, 1024);
  if (s.statusValues.length < LIMITS.statuses) s.statusValues.push(v);
  // JPRS `[State] Connected (2024/03/31)`: connected until that date, the expiry
  const until = /^connected \((\d{4}\/\d{1,2}\/\d{1,2})\)$/i.exec(v);
  if (until) s.stateUntil ??= parseRegistryDate(until[1]!, s.dateHint);
  // the shared RFC 8056 reading (as RDAP uses), then the WHOIS-only spellings
  // (CIDR "Delete Prohibited by Registrar", codes separated by spaces)
  const { record, cut, seen } = s;
  const shared = statusFields([v]);
  for (const word of shared.rawStatus)
    addOnce(record.rawStatus, seen.rawStatus, word, "statuses", LIMITS.statuses, cut);
  const codes = shared.eppStatus.length > 0 ? shared.eppStatus : eppCodes(v);
  for (const code of codes)
    addOnce(record.eppStatus, seen.eppStatus, code, "statuses", LIMITS.statuses, cut);
}
