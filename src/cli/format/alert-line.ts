import type { Alert } from "../../model/alert.js";

// An alert as one line of text, the same wherever alerts are printed for people:
// `dnsight alerts` (piped, or --format text) and the new alerts `monitor` prints:
//
//   2026-11-02T00:00:00Z  high     T1584.002  open         example.com  NS set moved…  [al-…]
//
// An ingest says what it raised on stderr, beside its summary line, in a shorter
// form that leads with the id to look up: "alert al-…: summary (T1584.001)".

const second = (iso: string): string => iso.replace(/\.\d{3}Z$/, "Z");

/** The summary, and how often the alert was found when more than once. */
export const alertSummary = (a: Alert): string =>
  `${a.summary}${a.count > 1 ? ` (seen ${a.count}×)` : ""}`;

export function alertLine(a: Alert): string {
  return `${second(a.lastSeen)}  ${a.severity.padEnd(8)} ${a.techniques.join(",").padEnd(10)} ${a.status.padEnd(12)} ${a.entity}  ${alertSummary(a)}  [${a.id}]`;
}

/** The stderr notice of an alert an ingest raised. */
export function alertNotice(a: Alert): string {
  return `alert ${a.id}: ${a.summary} (${a.techniques.join(", ")})`;
}
