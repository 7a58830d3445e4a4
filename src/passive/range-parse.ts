import { closeSync, openSync, readSync } from "node:fs";
import { DnsightError } from "../errors.js";
import type { ObservationInput, Observation } from "../model/observation.js";
import { mergeInto, observationKey } from "../store/merge.js";
import { normaliseObservation } from "../store/observation.js";
import { eachItem, SkipCounter, type Source } from "./source.js";
import { ByteCount, counted } from "../util/byte-count.js";
import { readCof } from "./sources/cof.js";
import { packRows, type PackedRows } from "./packed-rows.js";
import { lineAt } from "./sources/lines.js";
import { readPassiveDns } from "./sources/passivedns.js";
import { zeekAnswers } from "./sources/zeek-answers.js";
import { readZeekDns, scanZeekKeys, zeekQueryOf, type ZeekLine } from "./sources/zeek.js";
import { ZeekRebuilds } from "./zeek-rebuilds.js";

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
  /** A ByteCount's shared buffer: the range's bytes and lines are added as they are read. */
  read?: SharedArrayBuffer;
}

export interface RangeResult {
  /** The range's rows, merged (packed-rows.ts). */
  rows: PackedRows;
  items: number;
  observations: number;
  skipped: [string, number][];
  /** The skip reasons that say the input is damaged (SkipCounter.damage). */
  damage: string[];
  examples: string[];
}

/**
 * The range's bytes, a MiB at a time, read with blocking calls: this runs on a thread
 * of its own, where waiting for the libuv pool to schedule each read (on a busy
 * machine, a wake-up per read) only left the thread idle.
 */
async function* readRange(t: RangeTask): AsyncGenerator<Uint8Array> {
  const fd = openSync(t.path, "r");
  try {
    for (let pos = t.start; pos < t.end;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, t.end - pos));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      yield n < buf.length ? buf.subarray(0, n) : buf;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** This thread's rebuilt answers, kept across the ranges it parses. */
const threadRebuilds = new ZeekRebuilds();

/** A distinct answer of a dns.log: its first line, and when and how often it was seen. */
interface Repeats {
  z: ZeekLine | undefined;
  first: number;
  last: number;
  n: number;
}

export async function parseRange(t: RangeTask): Promise<RangeResult> {
  const skipped = new SkipCounter();
  // A range after the first does not know its lines' numbers in the file, only their
  // byte offsets (the header put in front lies just before the range): it names
  // places by byte alone.
  const name = t.path;
  const place = (line: number, start: number): string =>
    t.start === 0 ? lineAt(name, { number: line, start }) : `${name} at byte ${start}`;
  const header = t.header !== "" && t.start > 0 ? Buffer.from(t.header) : undefined;
  const origin = t.start - (header?.length ?? 0);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (header) yield header;
    if (t.end <= t.start) return;
    yield* t.read ? counted(readRange(t), new ByteCount(t.read)) : readRange(t);
  }
  const rows = new Map<string, Observation>();
  let items = 0;
  let observations = 0;
  const add = (input: ObservationInput, where: () => string, times = 1): void => {
    input.source ??= "passive";
    let o: Observation;
    try {
      o = normaliseObservation(input, "record");
    } catch (e) {
      if (!(e instanceof DnsightError)) throw e;
      skipped.add(e.message.replace(/^record: /, ""), where(), times);
      return;
    }
    observations += times;
    const key = observationKey(o);
    const prev = rows.get(key);
    if (prev === undefined) rows.set(key, o);
    else mergeInto(prev, o);
  };
  /** Rebuilds one answer with its times, for the rare time the memo's rows would not take. */
  const rebuildNow = (z: ZeekLine, s: Repeats, where: () => string): void => {
    const times = new SkipCounter();
    for (const r of zeekAnswers(zeekQueryOf(z), times, where)) {
      items += s.n;
      const record = r.record as ObservationInput;
      record.timeFirst = s.first;
      record.timeLast = s.last;
      record.count = s.n;
      if (t.sensorId !== undefined) record.sensorId = t.sensorId;
      add(record, where, s.n);
    }
    for (const [reason, n] of times.reasons) skipped.add(reason, where(), n * s.n);
  };
  if (t.format === "zeek") {
    // Most log lines repeat an earlier answer but for the time: count identical
    // answers first, rebuild and normalise each distinct one once.
    const seen = new Map<string, Repeats>();
    let current: Repeats | undefined;
    await scanZeekKeys(
      bytes(),
      { name, skipped, origin },
      {
        seen(key, time) {
          const s = seen.get(key);
          if (s !== undefined) {
            if (time < s.first) s.first = time;
            else if (time > s.last) s.last = time;
            s.n++;
            return false;
          }
          seen.set(key, (current = { z: undefined, first: time, last: time, n: 1 }));
          return true;
        },
        keep(z) {
          current!.z = z;
        },
      },
    );
    for (const s of seen.values()) {
      const z = s.z!;
      const where = (): string => place(z.line, z.start);
      const first = Math.floor(s.first);
      if (!(first >= 0)) {
        rebuildNow(z, s, where); // a time normalising refuses: skipped as it says
        continue;
      }
      const b = threadRebuilds.of(z, t.sensorId, s.n > 1);
      items += b.records * s.n;
      for (const { key, row } of b.rows) {
        observations += s.n;
        const o = { ...row, timeFirst: first, timeLast: Math.floor(s.last), count: s.n };
        const prev = rows.get(key);
        if (prev === undefined) rows.set(key, o);
        else mergeInto(prev, o);
      }
      // What one line would have skipped, every repeat of it skips too.
      for (const [reason, n] of b.skips) skipped.add(reason, where(), n * s.n);
    }
    return {
      rows: packRows(rows),
      items,
      observations,
      skipped: [...skipped.reasons],
      damage: [...skipped.damage],
      examples: skipped.examples,
    };
  }
  for await (const item of eachItem(
    LINE_SOURCES[t.format](bytes(), {
      name,
      skipped,
      origin,
      ...(t.sensorId !== undefined ? { sensorId: t.sensorId } : {}),
    }),
  )) {
    if (item.kind !== "record") continue;
    items++;
    const { line = 0, start = 0 } = item.position;
    add(item.record as ObservationInput, () => place(line, start));
  }
  return {
    rows: packRows(rows),
    items,
    observations,
    skipped: [...skipped.reasons],
    damage: [...skipped.damage],
    examples: skipped.examples,
  };
}
