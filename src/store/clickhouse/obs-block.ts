// Observation deltas and checkpoint-log rows as one Native block for `obs_in` (schema.ts):
// each delta with the keys its indexes sort by, computed here as SQLite computes them
// (src/store/indexed-names.ts), so both backends find and order rows alike.
import type { Observation } from "../../model/observation.js";
import { ipKey, rdataName, reverseName } from "../indexed-names.js";
import { nativeBlock, type NativeValue } from "./native-block.js";
import { OBS_IN_COLUMNS } from "./schema.js";

/** A row of the checkpoint log (schema.ts). */
export interface LogRow {
  /** 1 progress, 2 checkpoint, 3 a piece's token (cluster: did this piece land?). */
  kind: 1 | 2 | 3;
  input: string;
  endOffset: number;
  rowsIn: number;
  at: bigint;
}

type Name = (typeof OBS_IN_COLUMNS)[number][0];
const EMPTY = new Uint8Array(0);

export function obsBlock(deltas: readonly Observation[], log: readonly LogRow[]): Buffer {
  // Straight into column arrays: an object per row cost more in garbage collection
  // than the encoding itself (measured on 200k rows).
  const n = deltas.length + log.length;
  const cols = Object.fromEntries(
    OBS_IN_COLUMNS.map(([c]) => [c, new Array<NativeValue>(n)]),
  ) as Record<Name, NativeValue[]>;
  const { kind, rrname, rrname_rev, rrtype, rdata, bailiwick, sensor, src } = cols;
  const { first_seen, last_seen, n: count, rdata_name, rdata_name_rev, ip_key } = cols;
  const { cp_input, cp_offset, cp_rows, cp_at } = cols;
  let i = 0;
  for (const o of deltas) {
    const target = rdataName(o.rrtype, o.rdata);
    kind[i] = 0;
    rrname[i] = o.rrname;
    rrname_rev[i] = reverseName(o.rrname);
    rrtype[i] = o.rrtype;
    rdata[i] = o.rdata;
    bailiwick[i] = o.bailiwick ?? "";
    sensor[i] = o.sensorId ?? "";
    first_seen[i] = o.timeFirst;
    last_seen[i] = o.timeLast;
    count[i] = o.count;
    src[i] = o.source;
    rdata_name[i] = target ?? "";
    rdata_name_rev[i] = target === undefined ? "" : reverseName(target);
    ip_key[i] = ipKey(o.rrtype, o.rdata) ?? EMPTY;
    cp_input[i] = "";
    cp_offset[i] = 0;
    cp_rows[i] = 0;
    cp_at[i] = 0;
    i++;
  }
  for (const l of log) {
    for (const c of [rrname, rrname_rev, rrtype, rdata, bailiwick, sensor, src]) c[i] = "";
    for (const c of [rdata_name, rdata_name_rev]) c[i] = "";
    for (const c of [first_seen, last_seen, count]) c[i] = 0;
    kind[i] = l.kind;
    ip_key[i] = EMPTY;
    cp_input[i] = l.input;
    cp_offset[i] = l.endOffset;
    cp_rows[i] = l.rowsIn;
    cp_at[i] = l.at;
    i++;
  }
  return nativeBlock(OBS_IN_COLUMNS.map(([name, type]) => ({ name, type, values: cols[name] })));
}
