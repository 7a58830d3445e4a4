import { isIP } from "node:net";
import { DnsightError } from "../../errors.js";
import type { RecordItem, SourceItem, SourceOptions } from "../source.js";
import { readLineBatches } from "./lines.js";
import { zeekAnswers, type ZeekQuery } from "./zeek-answers.js";

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
}

const DEFAULT_HEADER: Omit<TsvHeader, "fields"> = {
  separator: "\t",
  setSeparator: ",",
  unset: "-",
  empty: "(empty)",
};

/** `\x09` escapes in header values, as Zeek writes them. */
const unescape = (s: string): string =>
  s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** One answered query of the log, with where it was. */
export interface ZeekLine {
  query: ZeekQuery;
  /** 1-based line number and the byte offset after the line. */
  line: number;
  end: number;
}

/**
 * The answered queries of a dns.log, a chunk's worth at a time. Lines that cannot
 * be read are counted in `o.skipped` and left out; header lines set the format.
 */
export async function* readZeekLines(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<ZeekLine[]> {
  let header: TsvHeader | undefined;
  let pending = { ...DEFAULT_HEADER };
  for await (const batch of readLineBatches(input, o.name)) {
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
          header = { ...pending, fields: value.split(sep) };
          pending = { ...pending };
        }
        continue;
      }
      let query: ZeekQuery | undefined;
      try {
        query = t.startsWith("{") ? fromJson(t) : fromTsv(t, header);
      } catch (e) {
        o.skipped?.add(
          e instanceof DnsightError ? e.message : String(e),
          `${o.name}:${line.number}`,
        );
        continue;
      }
      if (query) out.push({ query, line: line.number, end: line.end });
    }
    if (out.length > 0) yield out;
  }
}

export async function* readZeekDns(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<SourceItem> {
  for await (const batch of readZeekLines(input, o))
    for (const { query, line, end } of batch) {
      const position = { offset: end, line };
      for (const r of zeekAnswers(query, o.skipped, () => `${o.name}:${line}`)) {
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
    ...(f.server !== undefined && isIP(f.server) ? { server: f.server } : {}),
  };
}
