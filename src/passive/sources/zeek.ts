import { DnsightError } from "../../errors.js";
import type { RecordItem, SourceItem, SourceOptions } from "../source.js";
import {
  lineAt,
  readLineBatches,
  readLineSpans,
  sourceLineOptions,
  type LineSpans,
} from "./lines.js";
import { zeekAnswers, type ZeekQuery } from "./zeek-answers.js";
import { ipFamily } from "../../net/ip.js";

// Zeek's dns.log, as TSV with its `#` header or as JSON lines. Columns are found
// by name from `#fields`, never by position, and the separators, unset and empty
// markers are those the header declares. Each log line is one response; its
// `answers` are rebuilt into records by zeek-answers.ts.

interface TsvHeader {
  separator: string;
  setSeparator: string;
  unset: string;
  empty: string;
  fields: string[];
  /** 0 for the input's first #fields header, then 1, 2…: keys of two layouts never meet. */
  id: number;
}

const DEFAULT_HEADER: Omit<TsvHeader, "fields" | "id"> = {
  separator: "\t",
  setSeparator: ",",
  unset: "-",
  empty: "(empty)",
};

/** `\x09` escapes in header values, as Zeek writes them. */
const unescape = (s: string): string =>
  s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * One answered line of the log. `key` says what was answered (name, type and the
 * answers as written, not the time): lines with the same key rebuild into the same
 * records, so a reader that counts repeats rebuilds each distinct key once.
 */
export interface ZeekLine {
  key: string;
  /** Epoch seconds. */
  time: number;
  /** 1-based line number, and the byte offsets of the line's start and just after it. */
  line: number;
  start: number;
  end: number;
  /** Parsed already (JSON lines), or parsed on demand from `text` (zeekQueryOf). */
  query?: ZeekQuery;
  text?: string;
  header?: TsvHeader;
}

const layouts = new WeakMap<TsvHeader, string>();

/**
 * What decides how a line's key reads: the TSV header's marks and columns, or JSON.
 * Two lines with the same key and layout rebuild into the same records.
 */
export function zeekLayout(z: ZeekLine): string {
  const h = z.header;
  if (h === undefined) return "json";
  let layout = layouts.get(h);
  if (layout === undefined) {
    layout = JSON.stringify([h.separator, h.setSeparator, h.unset, h.empty, h.id, h.fields]);
    layouts.set(h, layout);
  }
  return layout;
}

/** The query a line describes, parsing a TSV line only now. */
export function zeekQueryOf(z: ZeekLine): ZeekQuery {
  return z.query ?? fromTsv(z.text!, z.header)!;
}

/**
 * The key and time of the TSV line text[lineFrom, lineTo), found by walking its
 * separators up to the last column read: no array of every column, no string per
 * column, no object. Undefined when the line records nothing (no answer,
 * rejected); the time is left in `c.scan.time`. Throws for a bad timestamp.
 */
function scanTsv(
  text: string,
  /** Says which text this is: a new number for each batch's text. */
  batch: number,
  lineFrom: number,
  lineTo: number,
  h: TsvHeader,
  c: Columns,
): string | undefined {
  const sep = h.separator;
  const at = c.scan;
  const from = at.from.fill(-1);
  const to = at.to;
  let col = 0;
  let begin = lineFrom;
  for (;;) {
    let i = nextSeparator(text, batch, sep, begin, at);
    // A separator past the line's end is the next line's.
    if (i + sep.length > lineTo) i = -1;
    const stop = i === -1 ? lineTo : i;
    const slot = at.slot[col];
    if (slot !== undefined && slot >= 0) {
      from[slot] = begin;
      to[slot] = stop;
    }
    if (i === -1 || col >= at.last) break;
    begin = i + sep.length;
    col++;
  }
  const unset = h.unset;
  at.time = present(text, at, TS, unset) ? epochOf(text, from[TS]!, to[TS]!) : NaN;
  if (!Number.isFinite(at.time))
    throw new DnsightError(
      "INPUT",
      `bad ts "${present(text, at, TS, unset) ? text.slice(from[TS], to[TS]) : ""}"`,
    );
  if (
    !present(text, at, ANSWERS, unset) ||
    from[ANSWERS] === to[ANSWERS] ||
    is(text, at, ANSWERS, h.empty)
  )
    return undefined;
  if (
    present(text, at, REJECTED, unset) &&
    (is(text, at, REJECTED, "T") || is(text, at, REJECTED, "true"))
  )
    return undefined;
  if (!present(text, at, QUERY, unset)) return undefined;
  // Query, type and answers, which alone decide the records. In Zeek's own column
  // order they are one span of the line: its slice is the key, with no copy.
  if (at.span && from[QTYPE]! >= 0 && h.id === 0) return text.slice(from[QUERY], to[ANSWERS]);
  const qtype = present(text, at, QTYPE, unset) ? text.slice(from[QTYPE], to[QTYPE]) : "";
  return `${text.slice(from[QUERY], to[QUERY])}\0${qtype}\0${text.slice(from[ANSWERS], to[ANSWERS])}`;
}

/**
 * The first separator at or after `begin` in the batch's text. A search runs to the
 * next separator wherever it is, past the line's end; the last search's result is
 * kept, so lines that lack separators (a hostile chunk of 500,000 short lines) do
 * not each search to the end of the chunk again: each character is searched once.
 */
function nextSeparator(
  text: string,
  batch: number,
  sep: string,
  begin: number,
  at: ScanPlan,
): number {
  // No separator starts in [sepFrom, sepAt): from any begin in between, sepAt is the next.
  if (at.sepBatch === batch && at.sepFrom <= begin && (at.sepAt === -1 || begin <= at.sepAt))
    return at.sepAt;
  const i = text.indexOf(sep, begin);
  at.sepBatch = batch;
  at.sepFrom = begin;
  at.sepAt = i;
  return i;
}

/** Whether the column in `slot` of the line scanned holds exactly `value`. */
const is = (text: string, at: ScanPlan, slot: number, value: string): boolean =>
  at.to[slot]! - at.from[slot]! === value.length && text.startsWith(value, at.from[slot]);

/** Whether the line scanned has the column in `slot`, and it is not the unset mark. */
const present = (text: string, at: ScanPlan, slot: number, unset: string): boolean =>
  at.from[slot]! >= 0 && !is(text, at, slot, unset);

/**
 * Whole epoch seconds of a Zeek time ("1700000000.123456"), read from the text in
 * place; any other form of number is left to Number(). Observations keep whole
 * seconds (store/observation.ts floors them), so the fraction is only checked.
 */
function epochOf(text: string, from: number, to: number): number {
  let seconds = 0;
  let i = from;
  for (; i < to && i - from < 15; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    seconds = seconds * 10 + d;
  }
  if (i === from) return Number(text.slice(from, to));
  if (i < to && text.charCodeAt(i) === 46) i++;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text.slice(from, to));
  }
  return seconds;
}

/** Reads a `#` header line into the format state; returns the header once `#fields` completes one. */
function headerLine(
  t: string,
  state: { header: TsvHeader | undefined; pending: Omit<TsvHeader, "fields" | "id"> },
): void {
  const m = /^#(\w+)(?:\s|\\x09)(.*)$/.exec(t);
  if (!m) return;
  const [, key, rawValue = ""] = m;
  const value = key === "separator" ? unescape(rawValue.trim()) : rawValue;
  const p = state.pending;
  const sep = p.separator;
  if (key === "separator") p.separator = value;
  else if (key === "set_separator") p.setSeparator = unescape(value.split(sep)[0] ?? ",");
  else if (key === "unset_field") p.unset = value.split(sep)[0] ?? "-";
  else if (key === "empty_field") p.empty = value.split(sep)[0] ?? "(empty)";
  else if (key === "fields") {
    state.header = { ...p, fields: value.split(sep), id: state.header ? state.header.id + 1 : 0 };
    state.pending = { ...p };
  }
}

/** A JSON line's query and key. */
function jsonLine(t: string): { key: string; query: ZeekQuery } | undefined {
  const query = fromJson(t);
  return query
    ? { key: `${query.query}\0${query.qtype ?? ""}\0${query.answers.join("\0")}`, query }
    : undefined;
}

/**
 * What a reader that counts repeated answers is told of each answered line:
 * `seen` gets its key and whole seconds, and says whether the key is new; only
 * then is the line kept whole (`keep`), to be rebuilt later by zeekQueryOf.
 */
export interface ZeekKeyReader {
  seen(key: string, time: number): boolean;
  keep(z: ZeekLine): void;
}

/**
 * The answered lines of a dns.log by key, with no object or string made for a line
 * whose key was seen before: the parser threads' path. Lines that cannot be read
 * are counted in `o.skipped`; header lines set the format.
 */
export async function scanZeekKeys(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
  reader: ZeekKeyReader,
): Promise<void> {
  const state = { header: undefined as TsvHeader | undefined, pending: { ...DEFAULT_HEADER } };
  // The header the columns were found for: looked up again only when a #fields line changes it.
  let header: TsvHeader | undefined;
  let c: Columns | undefined;
  let batch = 0;
  for await (const s of readLineSpans(input, o.name, sourceLineOptions(o))) {
    const text = s.text;
    batch++;
    for (let i = 0; i < s.count; i++) {
      const from = s.from[i]!;
      const to = s.to[i]!;
      const first = from < to ? text.charCodeAt(from) : 32;
      try {
        if (first <= 32 || first === 35 || first === 123) {
          // A blank, header or JSON line: the rare kinds, read as strings.
          const t = text.slice(from, to);
          if (t.trim() === "") continue;
          if (first === 35) {
            headerLine(t, state);
            continue;
          }
          if (first === 123) {
            const j = jsonLine(t);
            if (j && reader.seen(j.key, Math.floor(j.query.time)))
              reader.keep({ key: j.key, time: j.query.time, ...placeOf(s, i), query: j.query });
            continue;
          }
        }
        if (state.header !== header) {
          header = state.header;
          c = header && columns(header);
        }
        if (!header || !c) throw new DnsightError("INPUT", "a data line before the #fields header");
        const key = scanTsv(text, batch, from, to, header, c);
        if (key !== undefined && reader.seen(key, c.scan.time))
          reader.keep({
            key,
            time: c.scan.time,
            ...placeOf(s, i),
            text: text.slice(from, to),
            header,
          });
      } catch (e) {
        o.skipped?.add(
          e instanceof DnsightError ? e.message : String(e),
          lineAt(o.name, { number: s.number[i]!, start: s.start[i]! }),
        );
      }
    }
  }
}

/** Where line `i` of a batch lies, as a ZeekLine says it. */
const placeOf = (s: LineSpans, i: number): Pick<ZeekLine, "line" | "start" | "end"> => ({
  line: s.number[i]!,
  start: s.start[i]!,
  end: s.end[i]!,
});

/** The answered queries of a dns.log, a chunk's worth at a time, parsed whole. */
async function* readZeekLines(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<ZeekLine[]> {
  const state = { header: undefined as TsvHeader | undefined, pending: { ...DEFAULT_HEADER } };
  for await (const batch of readLineBatches(input, o.name, sourceLineOptions(o))) {
    const out: ZeekLine[] = [];
    for (const line of batch) {
      const t = line.text;
      if (t.trim() === "") continue;
      if (t.startsWith("#")) {
        headerLine(t, state);
        continue;
      }
      try {
        const where = { line: line.number, start: line.start, end: line.end };
        if (t.startsWith("{")) {
          const j = jsonLine(t);
          if (j) out.push({ key: j.key, time: j.query.time, ...where, query: j.query });
        } else {
          const query = fromTsv(t, state.header);
          if (query) out.push({ key: "", time: query.time, ...where, query });
        }
      } catch (e) {
        o.skipped?.add(e instanceof DnsightError ? e.message : String(e), lineAt(o.name, line));
      }
    }
    if (out.length > 0) yield out;
  }
}

export async function* readZeekDns(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<SourceItem> {
  // One pass over each line: the keys are for readers that count repeats.
  for await (const batch of readZeekLines(input, o))
    for (const z of batch) {
      const { line, start, end } = z;
      const position = { offset: end, line, start };
      const where = (): string => lineAt(o.name, { number: line, start });
      for (const r of zeekAnswers(zeekQueryOf(z), o.skipped, where)) {
        if (o.sensorId) r.record.sensorId = o.sensorId;
        const item: RecordItem = { kind: "record", record: r.record, position };
        if (r.inferred) item.inferred = r.inferred;
        yield item;
      }
    }
}

/** Column positions of the fields read, found once per #fields header. */
interface Columns {
  ts: number;
  query: number;
  qtype: number;
  rcode: number;
  aa: number;
  rejected: number;
  server: number;
  answers: number;
  ttls: number;
  scan: ScanPlan;
}

// The columns scanTsv reads, by slot.
const TS = 0;
const QUERY = 1;
const QTYPE = 2;
const ANSWERS = 3;
const REJECTED = 4;

interface ScanPlan {
  /** The slot of each column up to the last one read (-1: not read). */
  slot: number[];
  last: number;
  /** Query, qtype and answers come in this order with no separator of their own in them. */
  span: boolean;
  from: Int32Array;
  to: Int32Array;
  /** The last line's whole seconds, as scanTsv leaves them. */
  time: number;
  /** The last separator search (nextSeparator): in which batch, from where, what it found. */
  sepBatch: number;
  sepFrom: number;
  sepAt: number;
}

function scanPlan(cols: number[]): ScanPlan {
  const last = Math.max(...cols);
  const slot = Array.from({ length: last + 1 }, () => -1);
  cols.forEach((c, i) => {
    if (c >= 0) slot[c] = i;
  });
  const [, q = -1, t = -1, a = -1] = cols;
  return {
    slot,
    last,
    span: q >= 0 && t > q && a > t,
    from: new Int32Array(cols.length),
    to: new Int32Array(cols.length),
    time: NaN,
    sepBatch: -1,
    sepFrom: 0,
    sepAt: -1,
  };
}

const columnCache = new WeakMap<TsvHeader, Columns>();

function columns(h: TsvHeader): Columns {
  let c = columnCache.get(h);
  if (!c) {
    const at = (...names: string[]): number =>
      names.map((n) => h.fields.indexOf(n)).find((i) => i >= 0) ?? -1;
    c = {
      ts: at("ts"),
      query: at("query"),
      qtype: at("qtype_name", "qtype"),
      rcode: at("rcode_name", "rcode"),
      aa: at("AA"),
      rejected: at("rejected"),
      server: at("id.resp_h"),
      answers: at("answers"),
      ttls: at("TTLs"),
      scan: scanPlan([
        at("ts"),
        at("query"),
        at("qtype_name", "qtype"),
        at("answers"),
        at("rejected"),
      ]),
    };
    columnCache.set(h, c);
  }
  return c;
}

function fromTsv(text: string, h: TsvHeader | undefined): ZeekQuery | undefined {
  if (!h) throw new DnsightError("INPUT", "a data line before the #fields header");
  const cols = text.split(h.separator);
  const c = columns(h);
  const get = (i: number): string | undefined => {
    const v = i < 0 ? undefined : cols[i];
    return v === undefined || v === h.unset ? undefined : v;
  };
  const list = (i: number): string[] => {
    const v = get(i);
    return v === undefined || v === h.empty || v === "" ? [] : v.split(h.setSeparator);
  };
  return build({
    ts: get(c.ts),
    query: get(c.query),
    qtype: get(c.qtype),
    rcode: get(c.rcode),
    aa: get(c.aa),
    rejected: get(c.rejected),
    server: get(c.server),
    answers: list(c.answers),
    ttls: list(c.ttls),
  });
}

function fromJson(text: string): ZeekQuery | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DnsightError("INPUT", "not JSON");
  }
  const s = (v: unknown): string | undefined =>
    typeof v === "string"
      ? v
      : typeof v === "number" || typeof v === "boolean"
        ? String(v)
        : undefined;
  const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => s(x) ?? "") : []);
  return build({
    ts: s(o.ts),
    query: s(o.query),
    qtype: s(o.qtype_name) ?? s(o.qtype),
    rcode: s(o.rcode_name) ?? s(o.rcode),
    aa: s(o.AA),
    rejected: s(o.rejected),
    server: s(o["id.resp_h"]),
    answers: arr(o.answers),
    ttls: arr(o.TTLs),
  });
}

interface RawFields {
  ts?: string | undefined;
  query?: string | undefined;
  qtype?: string | undefined;
  rcode?: string | undefined;
  aa?: string | undefined;
  rejected?: string | undefined;
  server?: string | undefined;
  answers: string[];
  ttls: string[];
}

function build(f: RawFields): ZeekQuery | undefined {
  const ts = f.ts === undefined ? NaN : Number(f.ts);
  if (!Number.isFinite(ts)) throw new DnsightError("INPUT", `bad ts "${f.ts ?? ""}"`);
  // A query without an answer (no response seen, NXDOMAIN, REFUSED) has nothing to record.
  if (f.query === undefined || f.answers.length === 0) return undefined;
  if (f.rejected === "T" || f.rejected === "true") return undefined;
  return {
    time: ts,
    query: f.query,
    qtype: f.qtype,
    answers: f.answers,
    ttls: f.ttls.map(Number),
    ...(f.server !== undefined && ipFamily(f.server) ? { server: f.server } : {}),
  };
}
