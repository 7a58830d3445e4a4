import { DnsightError } from "../../errors.js";
import type { RecordItem, SourceItem, SourceOptions } from "../source.js";
import { lineAt, readLineBatches, sourceLineOptions, type Line } from "./lines.js";
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

/** The query a line describes, parsing a TSV line only now. */
export function zeekQueryOf(z: ZeekLine): ZeekQuery {
  return z.query ?? fromTsv(z.text!, z.header)!;
}

/**
 * The few columns that decide what a TSV line records, found by walking its
 * separators instead of splitting all two dozen columns; undefined when the line
 * records nothing (no answer, rejected). Throws for a bad timestamp.
 */
function scanTsv(text: string, h: TsvHeader, l: Line): ZeekLine | undefined {
  const c = columns(h);
  const sep = h.separator;
  // Where each wanted column starts and ends, found in one walk over the separators
  // up to the last of them: no array of every column, no string per column.
  const at = c.scan;
  const from = at.from.fill(-1);
  const to = at.to;
  let col = 0;
  let begin = 0;
  for (;;) {
    const i = text.indexOf(sep, begin);
    const stop = i === -1 ? text.length : i;
    const slot = at.slot[col];
    if (slot !== undefined && slot >= 0) {
      from[slot] = begin;
      to[slot] = stop;
    }
    if (i === -1 || col >= at.last) break;
    begin = i + sep.length;
    col++;
  }
  const get = (slot: number): string | undefined => {
    const f = from[slot]!;
    if (f < 0) return undefined;
    const v = text.slice(f, to[slot]);
    return v === h.unset ? undefined : v;
  };
  const tsText = get(TS);
  const time = tsText === undefined ? NaN : Number(tsText);
  if (!Number.isFinite(time)) throw new DnsightError("INPUT", `bad ts "${tsText ?? ""}"`);
  const answers = get(ANSWERS);
  if (answers === undefined || answers === "" || answers === h.empty) return undefined;
  const rejected = get(REJECTED);
  if (rejected === "T" || rejected === "true") return undefined;
  const query = get(QUERY);
  if (query === undefined) return undefined;
  // Query, type and answers, which alone decide the records. In Zeek's own column
  // order they are one span of the line: its slice is the key, with no copy.
  const qtypeFrom = from[QTYPE]!;
  const key =
    at.span && qtypeFrom >= 0 && h.id === 0
      ? text.slice(from[QUERY], to[ANSWERS])
      : `${query}\0${get(QTYPE) ?? ""}\0${answers}`;
  return { key, time, line: l.number, start: l.start, end: l.end, text, header: h };
}

/**
 * The answered queries of a dns.log, a chunk's worth at a time. Lines that cannot
 * be read are counted in `o.skipped` and left out; header lines set the format.
 */
export async function* readZeekLines(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
  /** "key": scan only what the key needs (zeekQueryOf parses later); "full": parse now. */
  mode: "key" | "full" = "key",
): AsyncGenerator<ZeekLine[]> {
  let header: TsvHeader | undefined;
  let pending = { ...DEFAULT_HEADER };
  for await (const batch of readLineBatches(input, o.name, sourceLineOptions(o))) {
    const out: ZeekLine[] = [];
    for (const line of batch) {
      const t = line.text;
      if (t.trim() === "") continue;
      if (t.startsWith("#")) {
        const m = /^#(\w+)(?:\s|\\x09)(.*)$/.exec(t);
        if (!m) continue;
        const [, key, rawValue = ""] = m;
        const value = key === "separator" ? unescape(rawValue.trim()) : rawValue;
        const sep = pending.separator;
        if (key === "separator") pending.separator = value;
        else if (key === "set_separator")
          pending.setSeparator = unescape(value.split(sep)[0] ?? ",");
        else if (key === "unset_field") pending.unset = value.split(sep)[0] ?? "-";
        else if (key === "empty_field") pending.empty = value.split(sep)[0] ?? "(empty)";
        else if (key === "fields") {
          header = { ...pending, fields: value.split(sep), id: header ? header.id + 1 : 0 };
          pending = { ...pending };
        }
        continue;
      }
      try {
        if (t.startsWith("{")) {
          const query = fromJson(t);
          if (query)
            out.push({
              key: `${query.query}\0${query.qtype ?? ""}\0${query.answers.join("\0")}`,
              time: query.time,
              line: line.number,
              start: line.start,
              end: line.end,
              query,
            });
        } else {
          if (!header) throw new DnsightError("INPUT", "a data line before the #fields header");
          if (mode === "key") {
            const z = scanTsv(t, header, line);
            if (z) out.push(z);
          } else {
            const query = fromTsv(t, header);
            if (query)
              out.push({
                key: "",
                time: query.time,
                line: line.number,
                start: line.start,
                end: line.end,
                query,
              });
          }
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
  for await (const batch of readZeekLines(input, o, "full"))
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
