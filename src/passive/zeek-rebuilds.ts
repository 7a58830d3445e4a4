import { DnsightError } from "../errors.js";
import type { Observation, ObservationInput } from "../model/observation.js";
import { observationKey } from "../store/merge.js";
import { normaliseObservation } from "../store/observation.js";
import { SkipCounter } from "./source.js";
import { ownCopy } from "../util/own-copy.js";
import { zeekAnswers } from "./sources/zeek-answers.js";
import { zeekLayout, zeekQueryOf, type ZeekLine } from "./sources/zeek.js";

// What a dns.log answer rebuilds into, kept by a parser thread across the ranges it
// parses: a busy name, in every range, is rebuilt and normalised once a thread
// rather than once a range. An answer is known by its key (zeek.ts) under the
// header's layout, since the same text means another query under other columns.

/** One answer's rows, normalised but for their times and counts, which each range puts on. */
export interface Rebuilt {
  /** The records zeekAnswers gave: the items one line counts. */
  records: number;
  /** The records that normalised, with their merge keys. */
  rows: Array<{ key: string; row: Observation }>;
  /** What one line skips, and how often. */
  skips: Array<[string, number]>;
}

/** Answers kept before the memo is emptied: bounds a thread's memory on a log of all-new names. */
const CAPACITY = 100_000;

export class ZeekRebuilds {
  /** By sensor, then layout (the one string zeekLayout keeps for a header: its hash is kept too). */
  private readonly bySensor = new Map<string, Map<string, Map<string, Rebuilt>>>();
  private size = 0;

  /**
   * The rows of the answer `z` holds, rebuilt now or the last time it was kept.
   * `keep`: remember them (an answer seen once in a range, as every answer of a log of
   * new names is, is likely not seen again: keeping it would only cost memory).
   */
  of(z: ZeekLine, sensorId: string | undefined, keep: boolean): Rebuilt {
    let memo = this.memo(sensorId ?? "", zeekLayout(z));
    let b = memo.get(z.key);
    if (b === undefined) {
      if (!keep) return rebuild(z, sensorId, false);
      if (this.size >= CAPACITY) {
        this.bySensor.clear();
        this.size = 0;
        memo = this.memo(sensorId ?? "", zeekLayout(z));
      }
      b = rebuild(z, sensorId, true);
      memo.set(ownCopy(z.key), b);
      this.size++;
    }
    return b;
  }

  private memo(sensor: string, layout: string): Map<string, Rebuilt> {
    let layouts = this.bySensor.get(sensor);
    if (layouts === undefined) this.bySensor.set(sensor, (layouts = new Map()));
    let memo = layouts.get(layout);
    if (memo === undefined) layouts.set(layout, (memo = new Map()));
    return memo;
  }
}

/** `kept`: the rows outlive the range, so they are made to hold no slice of its text. */
function rebuild(z: ZeekLine, sensorId: string | undefined, kept: boolean): Rebuilt {
  const skipped = new SkipCounter();
  const out: Rebuilt = { records: 0, rows: [], skips: [] };
  for (const r of zeekAnswers(zeekQueryOf(z), skipped)) {
    out.records++;
    const input = r.record as ObservationInput;
    // Times are the range's; any valid ones normalise alike.
    input.timeFirst = 0;
    input.timeLast = 0;
    input.source = "passive";
    if (sensorId !== undefined) input.sensorId = sensorId;
    try {
      const row = normaliseObservation(input, "record");
      if (!kept) {
        out.rows.push({ key: observationKey(row), row });
        continue;
      }
      row.rrname = ownCopy(row.rrname);
      row.rdata = ownCopy(row.rdata);
      out.rows.push({ key: ownCopy(observationKey(row)), row });
    } catch (e) {
      if (!(e instanceof DnsightError)) throw e;
      skipped.add(e.message.replace(/^record: /, ""));
    }
  }
  out.skips = [...skipped.reasons];
  return out;
}
