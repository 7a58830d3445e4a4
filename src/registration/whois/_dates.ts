// A minimal date reader for WHOIS text. Registries write dates in a dozen
// shapes (ISO 8601, `20150427`, `11-Jun-2014`, `2012. 05. 19.`, `15.12.2015`,
// `2017/06/01 01:05:09 (JST)`, ...). This is a local stop-gap: it should be
// merged into src/registration/dates.ts once that exists.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// Named zones seen in WHOIS output; anything else without an offset is read as UTC.
const ZONES: Record<string, number> = { utc: 0, gmt: 0, z: 0, jst: 540, kst: 540, cst: 480 };

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: string;
}

function offsetMinutes(rest: string): number {
  const num = /(?:^|[\s(]|UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?\)?\s*$/i.exec(rest);
  if (num) {
    const sign = num[1] === "-" ? -1 : 1;
    return sign * (Number(num[2]) * 60 + Number(num[3] ?? 0));
  }
  const named = /\b([a-z]{1,4})\b\)?\s*$/i.exec(rest);
  if (named) return ZONES[named[1]!.toLowerCase()] ?? 0;
  return 0;
}

function toIso(p: Parts, offset: number): string | undefined {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || p.h > 24 || p.mi > 59 || p.s > 60)
    return undefined;
  const ms = Number(`0.${p.frac || "0"}`) * 1000;
  const t = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, Math.round(ms)) - offset * 60_000;
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace(".000Z", "Z");
}

function year(s: string): number {
  const n = Number(s);
  return s.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

const TIME = String.raw`(?:[T\s]+|-T)?(?:(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?`;

export interface DateOptions {
  /** Read `02/11/2019` day first (the response shows other slash dates with a day above 12). */
  dayFirst?: boolean;
}

/** Parses a WHOIS date into ISO 8601 UTC, or undefined when it cannot be read. */
export function parseWhoisDate(input: string, options: DateOptions = {}): string | undefined {
  // "30th April 2003 at 00:00:00.000" (CIDR, .gg/.je)
  const s = input
    .trim()
    .replace(/\s+/g, " ")
    .replace(/(\d)(st|nd|rd|th)\b/gi, "$1")
    .replace(/(\d{4}) at (\d)/i, "$1 $2");
  if (s === "") return undefined;
  const time = (m: RegExpExecArray, i: number) => ({
    h: Number(m[i] ?? 0),
    mi: Number(m[i + 1] ?? 0),
    s: Number(m[i + 2] ?? 0),
    frac: m[i + 3] ?? "",
  });
  // year first: 2019-09-09T08:39:04-0700, 2005/05/30, 2008.03.16 01:08:04, 2012. 05. 19., 20150427
  let m = new RegExp(
    String.raw`^(\d{4})(?:([-/.]) ?(\d{1,2})\2 ?(\d{1,2})\.?|(\d{2})(\d{2}))${TIME}(.*)$`,
  ).exec(s);
  if (m) {
    const p = { y: Number(m[1]), mo: Number(m[3] ?? m[5]), d: Number(m[4] ?? m[6]), ...time(m, 7) };
    return toIso(p, offsetMinutes(m[11] ?? ""));
  }
  // year, month name, day: 2001-Aug-23. (METU, .tr)
  m = new RegExp(String.raw`^(\d{4})-([a-z]{3})-(\d{1,2})\.?${TIME}(.*)$`, "i").exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (mo === undefined) return undefined;
    return toIso(
      { y: Number(m[1]), mo, d: Number(m[3]), ...time(m, 4) },
      offsetMinutes(m[8] ?? ""),
    );
  }
  // C ctime(): Tue Feb 10 09:42:42 2004 (.kg)
  m = /^[a-z]{3},? ([a-z]{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (?:([a-z]{3,4}) )?(\d{4})$/i.exec(
    s,
  );
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo === undefined) return undefined;
    const p = {
      y: Number(m[7]),
      mo,
      d: Number(m[2]),
      h: Number(m[3]),
      mi: Number(m[4]),
      s: Number(m[5]),
      frac: "",
    };
    return toIso(p, ZONES[(m[6] ?? "utc").toLowerCase()] ?? 0);
  }
  // day first with a month name: 11-Jun-2014, 31 May 1999, 15-jul-1985 12:00
  m = new RegExp(
    String.raw`^(\d{1,2})[-\s/.]([a-z]{3})[a-z]*\.?[-\s/.,]+(\d{2,4})${TIME}(.*)$`,
    "i",
  ).exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (mo === undefined) return undefined;
    return toIso({ y: year(m[3]!), mo, d: Number(m[1]), ...time(m, 4) }, offsetMinutes(m[8] ?? ""));
  }
  // month name first: Jun 11 2014, Wed Jun 11 10:00:00 2014 is rare enough to skip
  m = new RegExp(String.raw`^([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})${TIME}(.*)$`, "i").exec(s);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo === undefined) return undefined;
    return toIso(
      { y: Number(m[3]), mo, d: Number(m[2]), ...time(m, 4) },
      offsetMinutes(m[8] ?? ""),
    );
  }
  // numeric day-month-year. Slashes are read month first (US registries such as
  // .tk write 12/18/2001); dashes and dots day first (.hk 11-07-2017, .fi 4.7.2020).
  m = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}(.*)$`).exec(s);
  if (m) {
    let d = Number(m[1]);
    let mo = Number(m[3]);
    if (m[2] === "/" && d <= 12 && options.dayFirst !== true) [d, mo] = [mo, d];
    if (mo > 12 && d <= 12) [d, mo] = [mo, d];
    return toIso({ y: Number(m[4]), mo, d, ...time(m, 5) }, offsetMinutes(m[9] ?? ""));
  }
  return undefined;
}
