// ISO 8601 times as dnsight prints and stores them: UTC, "Z", no ".000" when the
// milliseconds are zero (passive-DNS times are whole seconds).

/** `ms` since the epoch; real milliseconds are kept ("…T03:33:40.250Z"), zero ones dropped. */
export function isoTime(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith(".000Z") ? `${s.slice(0, -5)}Z` : s;
}

/** Unix seconds (a passive-DNS time_first or time_last). */
export const isoFromSeconds = (t: number): string => isoTime(t * 1000);

/** `ms` since the epoch to the second: the milliseconds cut off (registry dates, fetch times). */
export function isoToSecond(ms: number = Date.now()): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, -5)}Z`;
}
