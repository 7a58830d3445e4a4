import { DnsightError } from "../../errors.js";
import { canonicalRdata } from "../rdata.js";
import type { SourceItem, SourceOptions } from "../source.js";
import { lineAt, readLineBatches, sourceLineOptions } from "./lines.js";

// gamelinux/passivedns sensor logs: `ts||client||server||class||query||type||answer||ttl||count`
// (its default field set), or JSON lines with the same facts by name. The sensor
// already aggregates, so `count` is carried over. NXDOMAIN lines are not records.

interface Row {
  ts?: unknown;
  class?: unknown;
  query?: unknown;
  type?: unknown;
  answer?: unknown;
  count?: unknown;
}

export async function* readPassiveDns(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<SourceItem> {
  for await (const batch of readLineBatches(input, o.name, sourceLineOptions(o)))
    for (const line of batch) {
      const t = line.text.trim();
      if (t === "" || t.startsWith("#")) continue;
      const where = lineAt(o.name, line);
      try {
        const row = t.startsWith("{") ? json(t) : piped(t);
        const record = toRecord(row, o.sensorId);
        if (record)
          yield {
            kind: "record",
            record,
            position: { offset: line.end, line: line.number, start: line.start },
          };
      } catch (e) {
        o.skipped?.add(e instanceof DnsightError ? e.message : String(e), where);
      }
    }
}

function piped(t: string): Row {
  const f = t.split("||");
  if (f.length < 7)
    throw new DnsightError("INPUT", `expected 9 ||-separated fields, got ${f.length}`);
  const [ts, , , cls, query, type, answer, , count] = f;
  return { ts, class: cls, query, type, answer, count };
}

function json(t: string): Row {
  try {
    const o = JSON.parse(t) as Record<string, unknown>;
    return {
      ts: o.timestamp,
      class: o.class,
      query: o.query,
      type: o.type,
      answer: o.answer,
      count: o.count,
    };
  } catch {
    throw new DnsightError("INPUT", "not JSON");
  }
}

/**
 * A JSON value as a number: numbers and numeric strings only. Number() of an array
 * converts its elements in turn, so a timestamp nested 100,000 arrays deep overflowed
 * the stack (found by the fuzz bench).
 */
const numeric = (v: unknown): number =>
  typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;

/** What a bad value was, for an error: a string's start, else its JSON type. */
const shown = (v: unknown): string =>
  typeof v === "string" || typeof v === "number"
    ? `"${String(v).slice(0, 40)}"`
    : Array.isArray(v)
      ? "an array"
      : v === null || v === undefined
        ? String(v)
        : typeof v;

function toRecord(r: Row, sensorId?: string) {
  const ts = numeric(r.ts);
  if (!Number.isFinite(ts) || ts < 0)
    throw new DnsightError("INPUT", `bad timestamp ${shown(r.ts)}`);
  const query = typeof r.query === "string" ? r.query.trim() : "";
  const type = typeof r.type === "string" ? r.type.trim().toUpperCase() : "";
  const answer = typeof r.answer === "string" ? r.answer.trim() : "";
  if (query === "" || type === "" || answer === "")
    throw new DnsightError("INPUT", "missing query, type or answer");
  if (answer === "NXDOMAIN" || type === "NXDOMAIN") return undefined;
  if (typeof r.class === "string" && r.class !== "" && r.class.toUpperCase() !== "IN")
    throw new DnsightError("INPUT", `class ${r.class} is not IN`);
  // passivedns writes TXT data bare; every other type is already in presentation form.
  const text =
    type === "TXT" && !answer.startsWith('"') ? `"${answer.replace(/(["\\])/g, "\\$1")}"` : answer;
  const count = numeric(r.count);
  return {
    rrname: query,
    rrtype: type,
    rdata: canonicalRdata(type, text),
    timeFirst: ts,
    ...(Number.isInteger(count) && count > 0 ? { count } : {}),
    ...(sensorId ? { sensorId } : {}),
  };
}
