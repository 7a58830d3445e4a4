// RDAP events (RFC 9083 §4.5): [{eventAction, eventDate}]. Actions are matched
// exactly: "registrar expiration" (ICANN profile) is not "expiration".

import { isoTime } from "../../util/time.js";

const HAS_ZONE = /(?:z|[+-]\d{2}(?::?\d{2})?)$/i;

/** A date-time as ISO 8601 UTC without milliseconds when they are zero; undefined if unreadable. */
export function toUtcIso(value: string): string | undefined {
  const v = value.trim();
  if (v === "") return undefined;
  // A date-time without a zone would be read as local time; RDAP dates are UTC.
  const withZone = /t\d{2}:\d{2}/i.test(v) && !HAS_ZONE.test(v) ? `${v}Z` : v;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) return undefined;
  return isoTime(ms);
}

/** The date of the first event with exactly this action, as UTC ISO. */
export function eventDate(events: unknown, action: string): string | undefined {
  if (!Array.isArray(events)) return undefined;
  for (const e of events) {
    if (typeof e !== "object" || e === null) continue;
    const { eventAction, eventDate: date } = e as Record<string, unknown>;
    if (eventAction === action && typeof date === "string") {
      const iso = toUtcIso(date);
      if (iso) return iso;
    }
  }
  return undefined;
}
