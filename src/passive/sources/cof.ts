import { DnsightError } from "../../errors.js";
import { OBSERVATION_SOURCES } from "../../model/observation.js";
import { canonicalRdata } from "../rdata.js";
import type { RecordItem, SourceItem, SourceOptions } from "../source.js";
import { lineAt, readLineBatches, sourceLineOptions } from "./lines.js";

// COF (draft-dulaunoy-dnsop-passive-dns-cof): NDJSON, one RRset per line. Read
// leniently, as the draft asks and real servers need: rdata a string or an array,
// rrtype a mnemonic or a number, numbers as strings, zone_time_* when time_* is
// missing. Each rdata of a line is one record; a line that cannot be read is
// skipped and counted, never fatal.

const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
};
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

export async function* readCof(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<SourceItem> {
  for await (const batch of readLineBatches(input, o.name, sourceLineOptions(o)))
    for (const line of batch) {
      if (line.text.trim() === "") continue;
      const where = lineAt(o.name, line);
      let obj: unknown;
      try {
        obj = JSON.parse(line.text);
      } catch {
        o.skipped?.add("not JSON", where);
        continue;
      }
      let records: RecordItem["record"][];
      try {
        records = cofRecords(obj, o.sensorId);
      } catch (e) {
        o.skipped?.add(e instanceof DnsightError ? e.message : String(e), where);
        continue;
      }
      const position = { offset: line.end, line: line.number, start: line.start };
      for (const record of records) yield { kind: "record", record, position };
    }
}

/** The records of one COF object; throws DnsightError("INPUT") naming what is missing. */
export function cofRecords(obj: unknown, sensorId?: string): RecordItem["record"][] {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj))
    throw new DnsightError("INPUT", "a COF line must be a JSON object");
  const o = obj as Record<string, unknown>;
  const rrname = text(o.rrname);
  if (!rrname) throw new DnsightError("INPUT", "no rrname");
  const rrtype = typeof o.rrtype === "number" ? o.rrtype : text(o.rrtype);
  if (rrtype === undefined) throw new DnsightError("INPUT", "no rrtype");
  const rdatas = (Array.isArray(o.rdata) ? o.rdata : [o.rdata]).filter(
    (r): r is string => typeof r === "string" && r !== "",
  );
  if (rdatas.length === 0) throw new DnsightError("INPUT", "no rdata");
  const first = num(o.time_first) ?? num(o.zone_time_first);
  const last = num(o.time_last) ?? num(o.zone_time_last) ?? first;
  if (first === undefined || last === undefined)
    throw new DnsightError("INPUT", "no time_first / time_last");
  const count = num(o.count);
  const bailiwick = text(o.bailiwick);
  const sensor = text(o.sensor_id) ?? sensorId;
  // dnsight's own export says how it learnt each record; other servers' origins are free text.
  const origin = text(o.origin);
  const source = OBSERVATION_SOURCES.find((s) => s === origin);
  const type = typeof rrtype === "string" && /^\d+$/.test(rrtype) ? Number(rrtype) : rrtype;
  return rdatas.map((rdata) => ({
    rrname,
    rrtype: type,
    rdata: canonicalRdata(type, rdata),
    timeFirst: Math.min(first, last),
    timeLast: Math.max(first, last),
    ...(count !== undefined && Number.isInteger(count) && count > 0 ? { count } : {}),
    ...(bailiwick ? { bailiwick } : {}),
    ...(sensor ? { sensorId: sensor } : {}),
    ...(source ? { source } : {}),
  }));
}
