// RIR WHOIS answers as objects: runs of `key: value` lines separated by blank
// lines. RPSL (RFC 2622 §2, RIPE/APNIC/AFRINIC/LACNIC) continues a value on lines
// that start with a space, a tab or `+`; ARIN's blocks (NetRange, OrgName,
// OrgAbuseHandle, ...) have the same shape without continuations. `%` and `#`
// lines are comments, except RIPE's and APNIC's "% Abuse contact for 'X' is 'E'",
// which is the abuse address the database itself vouches for.

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

const ATTR = /^([A-Za-z][\w-]{0,40}):(?:\s+(.*)|)$/;
const ABUSE = /^abuse contact for '([^']+)' is '([^']+@[^']+)'/i;

export function splitRirObjects(text: string): RirText {
  const out: RirText = { objects: [], comments: [], abuseComments: new Map() };
  let current: RirObject | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    if (line === "") {
      current = undefined;
      continue;
    }
    if (/^[%#]/.test(line)) {
      const c = line.replace(/^[%#]+\s*/, "");
      if (c !== "") out.comments.push(c);
      const abuse = ABUSE.exec(c);
      if (abuse) out.abuseComments.set(abuse[1]!, abuse[2]!);
      current = undefined;
      continue;
    }
    const last = current?.attrs[current.attrs.length - 1];
    if (last && /^[ \t+]/.test(line)) {
      const more = line.replace(/^[ \t+]\s*/, "");
      last[1] = last[1] === "" ? more : `${last[1]} ${more}`.trim();
      continue;
    }
    const m = ATTR.exec(line.trimStart());
    if (!m) continue; // prose ("No match found for ...") is read from the whole text
    const attr: [string, string] = [m[1]!.toLowerCase(), (m[2] ?? "").trim()];
    if (!current) {
      current = { type: attr[0], attrs: [] };
      out.objects.push(current);
    }
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
  const v = value?.replace(/\s+#.*$/, "").trim();
  return v === "" ? undefined : v;
}
