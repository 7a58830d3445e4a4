// Splits raw WHOIS text into (key, value) entries, by structure rather than by
// registry: `Key: value`, dotted leaders (`Domain Name.....: x`), JPRS
// `[Key] value`, indented sections (Nominet/EURid `Registrar:\n    Name`),
// indented continuation values, and RIPE-style objects separated by blank lines.
// Legal notices and comments are dropped.

export interface WhoisEntry {
  /** Normalised key: lowercase, spaces collapsed, leaders removed. */
  key: string;
  value: string;
  /** Normalised header of the indented section the entry sits in, if any. */
  section?: string;
  /** Index of the blank-line separated block. */
  block: number;
  line: number;
}

export interface WhoisBlocks {
  entries: WhoisEntry[];
  /** Lines that carried no key (first lines of prose answers such as "No match for ..."). */
  loose: string[];
}

export function normaliseKey(k: string): string {
  return k
    .toLowerCase()
    .replace(/[._\s]*\.{2,}[._\s]*$/, "")
    .replace(/_/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// `%`, `#` (RIPE, many ccTLDs), `>>>` (ICANN footer), `*` banners, `--` separators,
// and JPRS `[ ... ]` framed notices.
const COMMENT = /^(%|#|>>>|\*|--|=|\[\s)|^\[ .* \]$/;
// Paragraph openers after which everything until the next blank line is prose.
const NOTICE =
  /^(notice|terms of use|disclaimer|legal notice|the data in|by submitting|by the following terms|access to .* whois|whois database is provided|for more information on whois status)/i;

// `Key: value` or `Key....: value` / `Key..... value`. Keys are short and hold no
// sentence punctuation, which keeps prose lines such as "Please note: ..." mostly out.
const KV = /^([^:[\]]{1,60}?)(?:\s*\.{2,}\s*:?|\s*:)\s*(.*)$/;
const JP = /^\[([^\]]{1,60})\]\s*(.*)$/;

function splitKv(line: string): { key: string; value: string } | undefined {
  const jp = JP.exec(line);
  if (jp) return { key: jp[1]!, value: (jp[2] ?? "").trim() };
  const m = KV.exec(line);
  if (!m) return undefined;
  const key = m[1]!.trim();
  const value = (m[2] ?? "").trim();
  if (key.split(/\s+/).length > 6) return undefined;
  // "made at 09:42:27": a time, not a key
  if (/\d$/.test(key) && /^\d/.test(value)) return undefined;
  if (/[,;!?()"]|https?$/i.test(key)) return undefined;
  return { key, value };
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].replace(/\t/g, "    ").length;
}

export function splitBlocks(text: string): WhoisBlocks {
  const entries: WhoisEntry[] = [];
  const loose: string[] = [];
  let block = 0;
  let inNotice = false;
  let header: { key: string; indent: number } | undefined;
  let last: WhoisEntry | undefined;
  let lastIndent = 0;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, "");
    const trimmed = line.trim();
    if (trimmed === "") {
      block += 1;
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
    const indent = indentOf(line);
    if (header && indent <= header.indent) header = undefined;
    const kv = splitKv(trimmed);
    const add = (key: string, value: string, section?: string, continued = false) => {
      const e: WhoisEntry = { key: normaliseKey(key), value, block, line: i };
      if (section !== undefined) e.section = section;
      entries.push(e);
      last = e;
      if (!continued) lastIndent = indent;
    };
    if (kv && !(header && kv.value === "" && /\s/.test(kv.key) && kv.key.length > 40)) {
      if (kv.value === "") {
        // a header: what follows, indented, belongs to it
        header = { key: normaliseKey(kv.key), indent };
        add(kv.key, "");
        return;
      }
      add(kv.key, kv.value, header?.key);
      return;
    }
    // A line without a key: a value continuing the previous entry or the header
    if (last && indent > 0 && (indent > lastIndent || header)) {
      const { key, section } = last;
      add(key, trimmed, section, true);
      return;
    }
    if (
      indent === 0 &&
      trimmed.split(/\s+/).length <= 4 &&
      i + 1 < lines.length &&
      indentOf(lines[i + 1]!) > 0
    ) {
      // .it style "Registrant" / "Admin Contact" header without a colon
      header = { key: normaliseKey(trimmed), indent: 0 };
      add(trimmed, "");
      return;
    }
    loose.push(trimmed);
  });
  return { entries: entries.filter((e) => e.value !== ""), loose };
}
