import { createReadStream } from "node:fs";
import { DnsightError } from "../errors.js";
import { mergeInto, observationKey } from "../store/merge.js";
import { normaliseObservation, type ObservationInput } from "../store/observation.js";
import type { Observation } from "../store/types.js";
import { SkipCounter, type Source } from "./source.js";
import { readCof } from "./sources/cof.js";
import { readPassiveDns } from "./sources/passivedns.js";
import { readZeekDns } from "./sources/zeek.js";

// One byte range of a line-oriented log (Zeek, passivedns, COF), parsed and
// merged into rows: the unit of work a parallel ingest hands to each thread.
// Zeek needs its `#` header, which only the file's first range holds, so the
// header text is put in front of every range.

export type LineFormat = "zeek" | "passivedns" | "cof";

export const LINE_SOURCES: Readonly<Record<LineFormat, Source>> = {
  zeek: readZeekDns,
  passivedns: readPassiveDns,
  cof: readCof,
};

export interface RangeTask {
  path: string;
  format: LineFormat;
  /** First byte (a line start) and the byte after the last line of the range. */
  start: number;
  end: number;
  /** The file's `#` header lines (Zeek), put in front of the range. */
  header: string;
  sensorId?: string;
}

export interface RangeResult {
  rows: Observation[];
  items: number;
  observations: number;
  skipped: [string, number][];
  examples: string[];
}

export async function parseRange(t: RangeTask): Promise<RangeResult> {
  const skipped = new SkipCounter();
  // Line numbers in messages count from the range's first byte: "dns.log@67108864:12".
  const name = t.start === 0 ? t.path : `${t.path}@${t.start}`;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (t.header !== "" && t.start > 0) yield Buffer.from(t.header);
    if (t.end > t.start)
      yield* createReadStream(t.path, { start: t.start, end: t.end - 1, highWaterMark: 1 << 20 });
  }
  const rows = new Map<string, Observation>();
  let items = 0;
  let observations = 0;
  for await (const item of LINE_SOURCES[t.format](bytes(), {
    name,
    skipped,
    ...(t.sensorId !== undefined ? { sensorId: t.sensorId } : {}),
  })) {
    if (item.kind !== "record") continue;
    items++;
    const input = item.record as ObservationInput;
    input.source ??= "passive";
    let o: Observation;
    try {
      o = normaliseObservation(input, "record");
    } catch (e) {
      if (!(e instanceof DnsightError)) throw e;
      skipped.add(e.message.replace(/^record: /, ""), `${name}:${item.position.line ?? "?"}`);
      continue;
    }
    observations++;
    const key = observationKey(o);
    const prev = rows.get(key);
    if (prev === undefined) rows.set(key, o);
    else mergeInto(prev, o);
  }
  return {
    rows: [...rows.values()],
    items,
    observations,
    skipped: [...skipped.reasons],
    examples: skipped.examples,
  };
}
