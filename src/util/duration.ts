// Durations as people write them ("30m", "6h", "2d", "1h30m": options, API time fences)
// and ages in messages.

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Seconds in `text`: one or more number-unit pairs (s, m, h, d, w), or a bare "0".
 * A bare number other than 0 is refused: "30" could mean seconds or minutes.
 * Undefined when it is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^0+$/.test(t)) return 0;
  if (!/^(?:\d+[smhdw])+$/.test(t)) return undefined;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(?<!\d)(\d+)([smhdw])/g))
    total += Number(n) * UNIT_S[unit!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * A rough age for people, rounded down: "45s", "12m", "3h", "2d". Hours go on to
 * 47h, as "1d" would hide whether a day-long cache limit has passed.
 */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
