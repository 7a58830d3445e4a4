import { DnsightError } from "../errors.js";
import { parseDuration } from "../util/duration.js";

// Time fences with DNSDB's semantics. By default a row matches when its
// [time_first, time_last] overlaps the fence: --after T keeps rows last seen at or
// after T, --before T rows first seen at or before T. --strict keeps only rows
// seen completely inside: first seen at or after --after, last seen at or before
// --before. dnsdbq sends the same as time_last_after / time_first_before (overlap)
// and time_first_after / time_last_before (strict).

export interface TimeFence {
  /** Epoch seconds; rows must end at or after (overlap) or start at or after (strict). */
  after?: number;
  /** Epoch seconds; rows must start at or before (overlap) or end at or before (strict). */
  before?: number;
  strict?: boolean;
}

/** The four DNSDB bounds a fence means; absent ones are undefined. */
export interface FenceBounds {
  timeFirstAfter?: number;
  timeFirstBefore?: number;
  timeLastAfter?: number;
  timeLastBefore?: number;
}

export function fenceBounds(f: TimeFence): FenceBounds {
  const b: FenceBounds = {};
  if (f.strict) {
    if (f.after !== undefined) b.timeFirstAfter = f.after;
    if (f.before !== undefined) b.timeLastBefore = f.before;
  } else {
    if (f.after !== undefined) b.timeLastAfter = f.after;
    if (f.before !== undefined) b.timeFirstBefore = f.before;
  }
  return b;
}

/** True when a row seen from `first` to `last` passes the bounds. */
export function withinBounds(b: FenceBounds, first: number, last: number): boolean {
  return (
    (b.timeFirstAfter === undefined || first >= b.timeFirstAfter) &&
    (b.timeFirstBefore === undefined || first <= b.timeFirstBefore) &&
    (b.timeLastAfter === undefined || last >= b.timeLastAfter) &&
    (b.timeLastBefore === undefined || last <= b.timeLastBefore)
  );
}

/**
 * A time on the command line, as epoch seconds: a relative age ("7d", "12h" —
 * that long before `now`), epoch seconds, or an ISO 8601 date or date-time (a
 * date alone is midnight UTC; a date-time without zone is UTC).
 */
export function parseTimePoint(text: string, now = Date.now() / 1000, what = "time"): number {
  const t = text.trim();
  const age = parseDuration(t);
  if (age !== undefined && t !== "0") return Math.floor(now) - age;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    // DNSDB's convention: a negative number is that many seconds before now.
    return n < 0 ? Math.floor(now) + n : n;
  }
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      t,
    );
  if (m) {
    const [, y, mo, d, h = "00", mi = "00", s = "00", zone] = m;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : "Z"}`;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new DnsightError(
    "USAGE",
    `${what} "${text}" is not a date (2026-03-01, 2026-03-01T12:00:00Z), epoch seconds or an age (7d, 12h)`,
  );
}
