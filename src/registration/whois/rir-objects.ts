// RIR WHOIS answers as objects: runs of `key: value` lines separated by blank
// lines. RPSL (RFC 2622 §2, RIPE/APNIC/AFRINIC/LACNIC) continues a value on lines
// that start with a space, a tab or `+`; ARIN's blocks (NetRange, OrgName,
// OrgAbuseHandle, ...) have the same shape without continuations. `%` and `#`
// lines are comments, except RIPE's and APNIC's "% Abuse contact for 'X' is 'E'",
// which is the abuse address the database itself vouches for.

import { LIMITS, Truncation } from "../limits.js";

export interface RirObject {
  /** Lower-cased key of the first attribute: "inetnum", "netrange", "organisation". */
  type: string;
  attrs: [key: string, value: string][];
}

export interface RirText {
  objects: RirObject[];
  /** Comment lines, without their `%`/`#`, trimmed and non-empty. */
  comments: string[];
  /** "% Abuse contact for 'KEY' is 'EMAIL'", by KEY as written. */
  abuseComments: Map<string, string>;
}

// An attribute opens with its key and a colon; the value, if any, follows whitespace.
const KEY = /^([A-Za-z][\w-]{0,40}):/;
// One '@' inside the address: the part before it holds none, so a run of '@' cannot
// be split two ways (the backtracking that took 17.9 s on 200,000 of them).
const ABUSE = /^abuse contact for '([^']+)' is '([^'@]+@[^']+)'/i;

/**
 * Cuts an answer into objects. Counts are capped (limits.ts): objects past
 * LIMITS.objects and lines of one object past LIMITS.linesPerObject are dropped and
 * noted in `cut`. Every step is linear in the line: no regex runs over a long run
 * of whitespace that can fail at its end.
 */
export function splitRirObjects(text: string, cut = new Truncation()): RirText {
  const out: RirText = { objects: [], comments: [], abuseComments: new Map() };
  let current: RirObject | undefined;
  let lines = 0;
  let dropping = false; // the current object is past the cap on objects
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === "") {
      current = undefined;
      dropping = false;
      continue;
    }
    if (line[0] === "%" || line[0] === "#") {
      const c = line.replace(/^[%#]+\s*/, "");
      if (c !== "" && cut.admit("comments", LIMITS.comments)) out.comments.push(c);
      const abuse = ABUSE.exec(c);
      if (abuse && cut.admit("abuse comments", LIMITS.comments))
        out.abuseComments.set(abuse[1]!, abuse[2]!);
      current = undefined;
      dropping = false;
      continue;
    }
    if (dropping) continue;
    const last = current?.attrs[current.attrs.length - 1];
    if (last && (line[0] === " " || line[0] === "\t" || line[0] === "+")) {
      if (lines >= LIMITS.linesPerObject) {
        cut.drop("lines per object", LIMITS.linesPerObject);
        continue;
      }
      lines++;
      // The line has no trailing space and `more` no leading one: joined with one space.
      const more = line.replace(/^[ \t+]\s*/, "");
      if (more !== "") last[1] = last[1] === "" ? more : `${last[1]} ${more}`;
      continue;
    }
    const trimmed = line.trimStart();
    const m = KEY.exec(trimmed);
    if (!m) continue; // prose ("No match found for ...") is read from the whole text
    const rest = trimmed.slice(m[0].length);
    if (rest !== "" && !/^\s/.test(rest)) continue; // "http://..." is not an attribute
    const attr: [string, string] = [m[1]!.toLowerCase(), rest.trim()];
    if (!current) {
      if (!cut.admit("objects", LIMITS.objects)) {
        dropping = true;
        continue;
      }
      current = { type: attr[0], attrs: [] };
      out.objects.push(current);
      lines = 0;
    }
    if (lines >= LIMITS.linesPerObject) {
      cut.drop("lines per object", LIMITS.linesPerObject);
      continue;
    }
    lines++;
    current.attrs.push(attr);
  }
  return out;
}

/** The first non-empty value of `key` in an object. */
export function attr(o: RirObject | undefined, key: string): string | undefined {
  return o?.attrs.find(([k, v]) => k === key && v !== "")?.[1];
}

/** Every non-empty value of `key`, in order. */
export function attrs(o: RirObject | undefined, key: string): string[] {
  return o ? o.attrs.filter(([k, v]) => k === key && v !== "").map(([, v]) => v) : [];
}

/** A value with a trailing RPSL comment removed ("RIPE # Filtered"). */
export function bare(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // The first "#" after whitespace starts the comment; found in one pass, where
  // /\s+#.*$/ rescanned a run of spaces from each of its positions.
  const hash = value.search(/\s#/);
  const v = (hash < 0 ? value : value.slice(0, hash)).trim();
  return v === "" ? undefined : v;
}
