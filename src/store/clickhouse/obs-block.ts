// Observation deltas and checkpoint-log rows as one Native block for `obs_in` (schema.ts):
// each delta with the keys its indexes sort by, computed here as SQLite computes them
// (src/store/indexed-names.ts), so both backends find and order rows alike.
import type { Observation } from "../../model/observation.js";
import { ipKey, rdataName, reverseName } from "../indexed-names.js";
import { nativeBlock, type NativeValue } from "./native-block.js";
import { OBS_IN_COLUMNS } from "./schema.js";

/** A row of the checkpoint log: progress of a batch (1) or the input's checkpoint (2). */
export interface LogRow {
  kind: 1 | 2;
  input: string;
  endOffset: number;
  rowsIn: number;
  at: bigint;
}

type Name = (typeof OBS_IN_COLUMNS)[number][0];
const EMPTY = new Uint8Array(0);

export function obsBlock(deltas: readonly Observation[], log: readonly LogRow[]): Buffer {
  const cols = Object.fromEntries(OBS_IN_COLUMNS.map(([c]) => [c, [] as NativeValue[]])) as Record<
    Name,
    NativeValue[]
  >;
  const push = (row: Record<Name, NativeValue>): void => {
    for (const [c] of OBS_IN_COLUMNS) cols[c].push(row[c]);
  };
  const none = { cp_input: "", cp_offset: 0, cp_rows: 0, cp_at: 0 };
  for (const o of deltas) {
    const target = rdataName(o.rrtype, o.rdata);
    push({
      kind: 0,
      rrname: o.rrname,
      rrname_rev: reverseName(o.rrname),
      rrtype: o.rrtype,
      rdata: o.rdata,
      bailiwick: o.bailiwick ?? "",
      sensor: o.sensorId ?? "",
      first_seen: o.timeFirst,
      last_seen: o.timeLast,
      n: o.count,
      src: o.source,
      rdata_name: target ?? "",
      rdata_name_rev: target === undefined ? "" : reverseName(target),
      ip_key: ipKey(o.rrtype, o.rdata) ?? EMPTY,
      ...none,
    });
  }
  for (const l of log)
    push({
      kind: l.kind,
      rrname: "",
      rrname_rev: "",
      rrtype: "",
      rdata: "",
      bailiwick: "",
      sensor: "",
      first_seen: 0,
      last_seen: 0,
      n: 0,
      src: "",
      rdata_name: "",
      rdata_name_rev: "",
      ip_key: EMPTY,
      cp_input: l.input,
      cp_offset: l.endOffset,
      cp_rows: l.rowsIn,
      cp_at: l.at,
    });
  return nativeBlock(OBS_IN_COLUMNS.map(([name, type]) => ({ name, type, values: cols[name] })));
}
