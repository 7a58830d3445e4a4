// Splits raw WHOIS text into (key, value) entries, by structure rather than by
// registry: `Key: value`, dotted leaders (`Domain Name.....: x`), JPRS
// `[Key] value`, indented sections (Nominet/EURid `Registrar:\n    Name`),
// indented continuation values, and RIPE-style objects separated by blank lines.
// Legal notices and comments are dropped. Counts are capped (limits.ts).

import { LIMITS, Truncation } from "../limits.js";

export interface WhoisEntry {
  /** Normalised key: lowercase, spaces collapsed, leaders removed. */
  key: string;
  value: string;
  /** Normalised header of the indented section the entry sits in, if any. */
  section?: string;
  /** Index of the blank-line separated block. */
  block: number;
  line: number;
  /** Read from a prose line without a colon ("Last updated on 2019-09-30T03:01:33Z"). */
  prose?: true;
}

export interface WhoisBlocks {
  entries: WhoisEntry[];
  /** Lines that carried no key (first lines of prose answers such as "No match for ..."). */
  loose: string[];
}

export function normaliseKey(k: string): string {
  return withoutLeaders(k.toLowerCase().replace(/\s+/g, " "))
    .replace(/[-_]/g, " ")
    .replace(/ +/g, " ")
    .trim();
}

/** Drops a trailing run of spaces, dots and underscores when it holds a leader (".."). */
function withoutLeaders(k: string): string {
  let end = k.length;
  while (end > 0 && " ._".includes(k[end - 1]!)) end--;
  return k.slice(end).includes("..") ? k.slice(0, end) : k;
}

// `%`, `#` (RIPE, many ccTLDs), `>>>` (ICANN footer), `*` banners, `--` separators,
// and JPRS `[ ... ]` framed notices.
const COMMENT = /^(%|#|>>>|\*|--|=|\[\s)|^\[ .* \]$/;
const STARRED = /^\*\* [a-z][^:*]{0,40}:/i;
// Paragraph openers after which everything until the next blank line is prose.
const NOTICE =
  /^(notice|terms of use|disclaimer|legal notice|the data in|by submitting|by the following terms|access to .* whois|whois database is provided|for more information on whois status)/i;

// Each pattern matches the key and its separator only; the value is the rest of the
// line, trimmed. (A trailing `\s*(.*)$` failed on a line terminator inside the line,
// U+2028, and then retried every split of the whitespace before it.)
// `Key: value` or `Key....: value` / `Key..... value`. Keys are short and hold no
// sentence punctuation, which keeps prose lines such as "Please note: ..." mostly out.
const KV = /^([^:[\]]{1,60}?)(?:\s*\.{2,}\s*:?|\s*:)/;
// JPRS: `[Domain Name]   GOOGLE.JP`, in some answers behind a list letter (`a. [Domain Name]`).
const JP = /^(?:[a-z]\.\s*)?\[([^\]]{1,60})\]/;
// SWITCH (.ch) separates key and value by a tab: `Registrar\tGandi SAS`.
const TAB = /^([a-z][a-z /-]{1,40})\t/i;
// Nominet/TWNIC prose keys: `Record created on 2000-08-29 ...`.
const ON_DATE = /^([a-z][a-z ]{2,40}? on)\s+(?=\d)/i;

function splitKv(line: string): { key: string; value: string; prose?: true } | undefined {
  const rest = (m: RegExpExecArray): string => line.slice(m[0].length).trim();
  const jp = JP.exec(line);
  if (jp) return { key: jp[1]!, value: rest(jp) };
  const tab = TAB.exec(line);
  // not `NIC Handle\t\t: tk1036` (.tr): a colon after the tabs is the separator
  if (tab && rest(tab) !== "" && !rest(tab).startsWith(":"))
    return { key: tab[1]!, value: rest(tab) };
  const on = ON_DATE.exec(line);
  if (on) return { key: on[1]!, value: rest(on), prose: true };
  const m = KV.exec(line);
  if (!m) return undefined;
  const key = m[1]!.trim();
  const value = rest(m);
  if (key.split(/\s+/).length > 6) return undefined;
  // "made at 09:42:27": a time, not a key
  if (/\d$/.test(key) && /^\d/.test(value)) return undefined;
  if (/[,;!?()"]|https?$/i.test(key)) return undefined;
  // a host name or address is no key (`ns3.example.uk 192.0.2.1 2001:db8::1`, Nominet)
  if (/[^\s.]\.[^\s.]/.test(key)) return undefined;
  return { key, value };
}

/** Leading whitespace, a tab counting four. */
function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === "\t") n += 4;
    else if (c.trim() === "") n += 1;
    else break;
  }
  return n;
}

function nextNonBlank(lines: string[], i: number): string | undefined {
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trim() !== "") return lines[j];
  return undefined;
}

/** A keyless line that reads as a section title ("Name servers", "Administrative Contact/Agent"). */
function looksLikeTitle(line: string): boolean {
  const words = line.split(/\s+/);
  return (
    line.length <= 60 &&
    words.length <= 5 &&
    !/[.:,;!?]$/.test(line) &&
    !/https?:|@/.test(line) &&
    /^[a-z]/i.test(line)
  );
}

const FLAT_TITLE =
  /^(registrant|holder|owner|admin\w*|tech\w*|billing|registrar|domain|(domain )?name ?servers?|nameservers?( in listed order)?)( contacts?( information)?| contact\(s\)| information)?$/;

interface Header {
  key: string;
  indent: number;
  /** Flat sections (.ee, .hk `Registrant:` followed by unindented keys) last until a blank line or the next header. */
  flat: boolean;
  /** Takes keyless lines as its values, but gives no section to the keys that follow. */
  valuesOnly: boolean;
  /** The titled section an empty field sits in, restored when the field ends. */
  parent?: Header;
}

/** Notes what was left unread past a cap: the blocks, or the lines (each at most one entry). */
function unread(rest: readonly string[], blocksCap: boolean, cut: Truncation): void {
  let blocks = 0;
  let lines = 0;
  let blank = true;
  for (const l of rest) {
    const b = l.trim() === "";
    if (!b) lines++;
    if (!b && blank) blocks++;
    blank = b;
  }
  if (blocksCap && blocks > 0) cut.drop("blocks", LIMITS.blocks, blocks);
  else if (!blocksCap && lines > 0) cut.drop("entries", LIMITS.entries, lines);
}

export function splitBlocks(text: string, cut = new Truncation()): WhoisBlocks {
  const entries: WhoisEntry[] = [];
  const loose: string[] = [];
  let block = 0;
  let inNotice = false;
  let header: Header | undefined;
  let last: WhoisEntry | undefined;
  let lastIndent = 0;
  let blockStart = true;
  let inBlock = 0; // entries in the current block
  let full = false; // the current block holds LIMITS.entriesPerBlock entries: skip to its end
  let stop = -1; // the line where LIMITS.entries or LIMITS.blocks was reached
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((raw, i) => {
    if (stop >= 0) return;
    // .tr `** Domain Servers:`: a title behind two stars, not a banner
    const starred = STARRED.test(raw);
    const line = starred ? raw.trimEnd().slice(3) : raw.trimEnd();
    const trimmed = line.trim();
    if (full && trimmed !== "") return cut.drop("entries per block", LIMITS.entriesPerBlock);
    if (trimmed === "") {
      full = false;
      // a blank line right under a header does not end it (TWNIC `Registrant:\n\n   Google`)
      if (header && last && last.value === "" && last.key === header.key) return;
      if (!blockStart) {
        block += 1;
        inBlock = 0;
        if (block >= LIMITS.blocks) stop = i;
      }
      blockStart = true;
      inNotice = false;
      header = undefined;
      last = undefined;
      return;
    }
    if (COMMENT.test(trimmed)) return;
    if (inNotice) return;
    if (NOTICE.test(trimmed)) {
      inNotice = true;
      return;
    }
    const atStart = blockStart;
    blockStart = false;
    const indent = indentOf(line);
    if (header && (header.flat ? indent < header.indent : indent <= header.indent))
      header = undefined;
    const kv = splitKv(trimmed);
    const add = (
      key: string,
      value: string,
      section?: string,
      continued = false,
      prose = false,
    ) => {
      if (inBlock >= LIMITS.entriesPerBlock) {
        full = true;
        return cut.drop("entries per block", LIMITS.entriesPerBlock);
      }
      if (entries.length >= LIMITS.entries) {
        stop = i;
        return;
      }
      inBlock++;
      const e: WhoisEntry = { key: normaliseKey(key), value, block, line: i };
      if (section !== undefined) e.section = section;
      if (prose) e.prose = true;
      entries.push(e);
      last = e;
      if (!continued) lastIndent = indent;
    };
    const openHeader = (key: string) => {
      const next = nextNonBlank(lines, i);
      const flat = next === undefined || indentOf(next) <= indent;
      // An empty gTLD field (`Registrar URL:`) does not open a section over the keys
      // that follow; only a title does. It may still take the bare lines under it
      // (SWITCH: `First registration date:\n1996-02-08`).
      const valuesOnly = flat && !starred && !FLAT_TITLE.test(normaliseKey(key));
      // an empty field inside a titled section (HKIRC `Company Chinese name:` under
      // `Registrant Contact Information:`) must not end that section
      const parent = valuesOnly && header && !header.valuesOnly ? header : header?.parent;
      header = { key: normaliseKey(key), indent, flat, valuesOnly };
      if (valuesOnly && parent !== undefined) header.parent = parent;
      add(key, "");
    };
    if (kv) {
      if (header?.valuesOnly) header = header.parent;
      if (kv.value === "") {
        openHeader(kv.key);
        return;
      }
      add(kv.key, kv.value, header?.key, false, kv.prose === true);
      return;
    }
    // A line without a key: a value continuing the previous entry, or a value of the header
    if (
      last &&
      last.value !== "" &&
      indent > lastIndent &&
      (!header || last.section === header.key)
    ) {
      const { key, section } = last;
      add(key, trimmed, section, true);
      return;
    }
    if (header && (!last || last.section === undefined || last.key === header.key)) {
      add(header.key, trimmed, undefined, true);
      return;
    }
    if (last && indent > 0 && indent > lastIndent) {
      const { key, section } = last;
      add(key, trimmed, section, true);
      return;
    }
    const next = lines[i + 1];
    if (
      indent === 0 &&
      looksLikeTitle(trimmed) &&
      next !== undefined &&
      next.trim() !== "" &&
      (atStart || indentOf(next) > 0 || splitKv(next.trim()) !== undefined)
    ) {
      // `Registrant` (.it), `Name servers` (.ch), `Nameserver in listed order` (.kz)
      openHeader(trimmed);
      return;
    }
    loose.push(trimmed);
  });
  if (stop >= 0) unread(lines.slice(stop), block >= LIMITS.blocks, cut);
  return { entries: entries.filter((e) => e.value !== ""), loose };
}
