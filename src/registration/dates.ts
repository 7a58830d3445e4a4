import { isoToSecond } from "../util/time.js";
// Registry dates to ISO 8601 UTC. RDAP mandates RFC 3339 (RFC 9083 §4.5); WHOIS
// has no format at all (RFC 3912), so each registry prints its own: ISO with or
// without a zone, dotted and slashed day-month-year, compact 20190909, month
// names, ctime, Korean "2007. 03. 02.", and named zones such as CLST or (JST).
//
// Rules, in order of surprise:
// - Numeric dates with the year last are ambiguous. Day-first unless the first
//   number is > 12, or the second is > 12 (then month-first); when both are <= 12
//   the hint decides: `order`, else the TLD (Freenom's .tk/.ml/.ga/.cf/.gq print
//   MM/DD/YYYY: tk_google.tk "12/18/2001"), else day-first (most ccTLDs).
// - A value without a zone is read in `hint.zone` (default UTC). A date-only
//   value is midnight UTC whatever the zone: it names a day, not an instant.
// - Ambiguous zone names follow the TLD: CST is China (+08:00) for .cn .tw .hk
//   .mo, else North American Central (-06:00); IST is Ireland for .ie, Israel for
//   .il, else India.
// - Two-digit years follow POSIX strptime %y: 69–99 are 19xx, 00–68 are 20xx.
// - Fractional seconds are dropped: registries' milliseconds are noise, and
//   snapshots diff more calmly without them.
// - Bounds such as "before Aug-1996" (.uk) are not dates: undefined.

export interface DateHint {
  /** The TLD the text came from, without a dot: selects day order and zone names. */
  tld?: string;
  /** Overrides the TLD for numeric dates where day and month are both <= 12. */
  order?: "dmy" | "mdy";
  /** Zone to assume when the text has none: a name (CET) or an offset (+08:00). */
  zone?: string;
}

const MONTH_FIRST_TLDS = new Set(["tk", "ml", "ga", "cf", "gq"]);

// Offsets in minutes east of UTC.
// prettier-ignore
const ZONES: Record<string, number> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  IST: 330, ICT: 420, WIB: 420, SGT: 480, HKT: 480, AWST: 480, PHT: 480,
  JST: 540, KST: 540, ACST: 570, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360,
  PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  BRT: -180, BRST: -120, ART: -180, CLT: -240, CLST: -180,
};

const TLD_ZONES: Record<string, Record<string, number>> = {
  cn: { CST: 480 },
  tw: { CST: 480 },
  hk: { CST: 480 },
  mo: { CST: 480 },
  ie: { IST: 60 },
  il: { IST: 120 },
};

// prettier-ignore
const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];

// Full English names, three-letter abbreviations, and "Sept".
function monthFromName(name: string): number | undefined {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex(
    (m) => n === m || n === m.slice(0, 3) || (n === "sept" && m === "september"),
  );
  return i < 0 ? undefined : i + 1;
}

function year(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n >= 69 ? 1900 + n : 2000 + n;
}

// "+8", "+0:00", "-0700", "+03", "+02:00".
function offsetMinutes(sign: string, hh: string, mm: string | undefined): number | undefined {
  const h = Number(hh);
  const m = mm === undefined ? 0 : Number(mm);
  if (h > 14 || m > 59) return undefined;
  return (sign === "-" ? -1 : 1) * (h * 60 + m);
}

function zoneFromText(z: string, tld: string | undefined): number | undefined {
  const off = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (off) return offsetMinutes(off[1] ?? "+", off[2] ?? "0", off[3]);
  const name = z.toUpperCase();
  return (tld === undefined ? undefined : TLD_ZONES[tld]?.[name]) ?? ZONES[name];
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parseDatePart(s: string, ambiguous: "dmy" | "mdy"): Ymd | undefined {
  let r: RegExpExecArray | null;
  // 1997-09-15, 1997.09.15, 1997/09/15, Korean "2007. 03. 02."
  if ((r = /^(\d{4})([-./])\s*(\d{1,2})\2\s*(\d{1,2})\.?$/.exec(s)))
    return { y: Number(r[1]), m: Number(r[3]), d: Number(r[4]) };
  // 20190909
  if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(s)))
    return { y: Number(r[1]), m: Number(r[2]), d: Number(r[3]) };
  // 2001-Aug-23 (python-whois/whois/google.com.tr)
  if ((r = /^(\d{4})-([a-z]{3,9})-(\d{1,2})$/i.exec(s))) {
    const m = monthFromName(r[2] ?? "");
    return m === undefined ? undefined : { y: Number(r[1]), m, d: Number(r[3]) };
  }
  // 15-Sep-1997, 29-APR-05, 31 May 1999, 30 April 2003
  if ((r = /^(\d{1,2})[-\s]([a-z]{3,9})\.?[-\s,]+(\d{4}|\d{2})$/i.exec(s))) {
    const m = monthFromName(r[2] ?? "");
    return m === undefined ? undefined : { y: year(r[3] ?? ""), m, d: Number(r[1]) };
  }
  // September 15 1997, November 12, 2023, Feb 10 2004 (ctime once its time is out)
  if ((r = /^([a-z]{3,9})\.?[-\s](\d{1,2}),?[-\s]+(\d{4})$/i.exec(s))) {
    const m = monthFromName(r[1] ?? "");
    return m === undefined ? undefined : { y: Number(r[3]), m, d: Number(r[2]) };
  }
  // 15.09.1997, 15/09/1997, 06-04-2004, 11/29/2016: see the order rule above.
  if ((r = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4})$/.exec(s))) {
    const a = Number(r[1]);
    const b = Number(r[3]);
    let order: "dmy" | "mdy";
    if (a > 12) order = "dmy";
    else if (b > 12) order = "mdy";
    else order = ambiguous;
    return order === "dmy" ? { y: Number(r[4]), m: b, d: a } : { y: Number(r[4]), m: a, d: b };
  }
  return undefined;
}

const TIME =
  /(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:\s*(Z|[+-]\d{1,2}(?::?\d{2})?)(?![\d:]))?/i;
const ZONE_WORD = /\(?\b((?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5})\)?/g;

/** Parses a registry date; undefined when the text is not a date this knows. */
export function parseRegistryDate(text: string, hint?: DateHint): string | undefined {
  const tld = hint?.tld?.toLowerCase().replace(/^\./, "");
  // Registry text is untrusted: every pattern that opens with a run (`\s+`, `<+`)
  // starts only where that run starts (the `(?<!...)` lookbehinds), or a long run
  // that fails at its end would be rescanned from each of its positions.
  let s = text
    .trim()
    .replace(/^>+\s*/, "") // ">>> Last update of WHOIS database: ... <<<"
    .replace(/(?<![\s<])\s*<+$/, "")
    .replace(/\([YMDhms]+(?:[-/.: ][YMDhms]+)*[-/.: ]?\)/g, " ") // "2019-10-27 (YYYY-MM-DD)" (.tw)
    .replace(/(?<!\s)\s+#\d+$/, "") // "19990717 #175298" (.br ticket number)
    // RPSL "changed:" (RFC 2622 §3.3) carries an email: before the date in RIPE
    // style, after it at AFNIC ("2018-12-26T12:48:55Z nic@nic.fr"), spelt
    // "registrar AT ns.il" with an event word in brackets at .il. The part before
    // the '@' holds none, so a run of '@' is not split every way.
    .replace(/^[^\s@]+@\S+\s+|(?<!\s)\s+[^\s@]+@\S+$/, "")
    .replace(/^\S+ AT \S+\s+(?=\d{8}\b)/, "")
    .replace(/(?<!\s)\s+\((?:assigned|changed|created|transferred)\)$/i, "")
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, "") // ctime, RFC 2822
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, "$1") // "30th April 2003" (.gg)
    .replace(/(?<!\s)\s+at\s+/i, " ");
  if (/^before\b/i.test(s)) return undefined;

  let time: { h: number; mi: number; s: number } | undefined;
  let zone: number | undefined;
  const t = TIME.exec(s);
  if (t) {
    time = { h: Number(t[1]), mi: Number(t[2]), s: Number(t[3] ?? "0") };
    if (t[4] !== undefined) zone = zoneFromText(t[4], tld);
    if (t[4] !== undefined && zone === undefined) return undefined;
    s = `${s.slice(0, t.index)} ${s.slice(t.index + t[0].length)}`;
    // Whatever zone word is left ("CLST", "(JST)", "(UTC+8)", "EDT") must be known.
    s = s.replace(ZONE_WORD, (whole, z: string) => {
      if (zone !== undefined || monthFromName(z) !== undefined) return whole;
      const found = zoneFromText(z, tld);
      if (found === undefined) return whole;
      zone = found;
      return " ";
    });
    s = s.replace(/(\d)-?T(?=\s|$)/, "$1"); // "2019-05-17-T23:02:50Z" (com_git.com)
  }
  s = s
    .replace(/\s+/g, " ")
    .replace(/(?<![\s.])[\s.]+$/, "")
    .trim(); // "1997-09-15." (python-whois google.com)
  const ambiguous = hint?.order ?? (tld !== undefined && MONTH_FIRST_TLDS.has(tld) ? "mdy" : "dmy");
  const date = parseDatePart(s, ambiguous);
  if (date === undefined) return undefined;
  const { y, m, d } = date;
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  if (time === undefined) return iso(Date.UTC(y, m - 1, d), y, m, d);
  if (time.h > 23 || time.mi > 59 || time.s > 59) return undefined;
  if (zone === undefined) zone = hint?.zone === undefined ? 0 : zoneFromText(hint.zone, tld);
  if (zone === undefined) return undefined;
  return iso(Date.UTC(y, m - 1, d, time.h, time.mi, time.s) - zone * 60_000, y, m, d);
}

// Also rejects days the month lacks (Date.UTC would roll 31 April into May).
function iso(ms: number, y: number, m: number, d: number): string | undefined {
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return isoToSecond(ms);
}
