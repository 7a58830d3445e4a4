import type { ObservationInput } from "../model/observation.js";

// The Source contract: every ingest format (pcap, dnstap, Zeek, passivedns, COF)
// is a function from a byte stream to items, streamed with bounded memory. A
// source either hands over whole DNS responses, which the aggregator turns into
// observations (answer records, bailiwick rule), or records the sensor already
// flattened, which go to the store as they are. Every item carries how far into
// the input it lies, so an ingest can checkpoint and resume without loss or
// double counting.

/**
 * Where an item lies in its input. Items come in non-decreasing order of
 * `offset`, and all items of one line or packet share it, so a checkpoint taken
 * between two offsets splits the input cleanly: a resumed ingest skips every
 * item at or before the checkpoint.
 */
export interface Position {
  /** Bytes of the input consumed by this item's line or frame (pcap: the record's start + 1). */
  offset: number;
  /** 1-based line number of the item, for line-oriented formats. */
  line?: number;
  /** Offset of the line's first byte, for line-oriented formats (messages name it). */
  start?: number;
}

/** A DNS response as a sensor saw it on the wire. */
export interface MessageItem {
  kind: "message";
  /** Epoch seconds, fractional. */
  time: number;
  message: Uint8Array;
  /** The zone the answer was served from, when the sensor knows it (dnstap query_zone). */
  bailiwick?: string;
  /** True when the responder answered from its own zone data (AA, AUTH_RESPONSE). */
  authoritative?: boolean;
  /** Multicast DNS (RFC 6762), read by its own rules (src/passive/mdns.ts). */
  mdns?: boolean;
  position: Position;
}

/** One resource record a sensor already took out of a response. */
export interface RecordItem {
  kind: "record";
  /** `source` only when the input says it (a dnsight COF export's `origin`); else passive. */
  record: Omit<ObservationInput, "source"> & { source?: ObservationInput["source"] };
  /** Why this record is a reconstruction (Zeek flattens CNAME chains), when it is one. */
  inferred?: string;
  position: Position;
}

export type SourceItem = MessageItem | RecordItem;

export interface SourceOptions {
  /** The input's name in error messages: a path, or "-" for stdin. */
  name: string;
  sensorId?: string;
  /** Counts lines and records left out, by reason (a bad line does not stop the input). */
  skipped?: SkipCounter;
  /** Where the input's first byte lies in its file (a range of it): byte offsets in messages count from here. */
  origin?: number;
}

/** Reasons and counts of what a source left out; reported after the ingest. */
const MAX_REASONS = 64;
const MAX_REASON_LENGTH = 200;
const OTHER_REASONS = "other reasons";

export class SkipCounter {
  readonly reasons = new Map<string, number>();
  /** The first few skipped places, for the report: "file:line: reason". */
  readonly examples: string[] = [];
  /**
   * The reasons that say the input itself is damaged (a line over the cap, a capture
   * cut inside a record), not merely holding data dnsight does not record: the
   * ingest warns about these.
   */
  readonly damage = new Set<string>();
  /**
   * Counts `n` (default 1) left out for `reason`; `where` is kept as an example.
   * Reasons may quote the input ("bad ts \"…\""), so a hostile file could make one
   * per line: past MAX_REASONS distinct ones, the rest are counted together.
   */
  add(reason: string, where?: string, n = 1): void {
    if (reason.length > MAX_REASON_LENGTH) reason = `${reason.slice(0, MAX_REASON_LENGTH)}…`;
    const known = this.reasons.has(reason);
    const key = known || this.reasons.size < MAX_REASONS ? reason : OTHER_REASONS;
    this.reasons.set(key, (this.reasons.get(key) ?? 0) + n);
    if (where && this.examples.length < 5) this.examples.push(`${where}: ${reason}`);
  }
  /** Like add, for a reason that says the input is damaged. */
  damaged(reason: string, where?: string, n = 1): void {
    if (this.damage.size < MAX_REASONS) this.damage.add(reason.slice(0, MAX_REASON_LENGTH));
    this.add(reason, where, n);
  }
  get total(): number {
    let n = 0;
    for (const v of this.reasons.values()) n += v;
    return n;
  }
}

/**
 * A source yields items one at a time or in runs (arrays, in order): a run spares a
 * busy input an await per item. Consumers take both; `eachItem` flattens.
 */
export type Source = (
  input: AsyncIterable<Uint8Array>,
  options: SourceOptions,
) => AsyncIterable<SourceItem | readonly SourceItem[]>;

/** A source's items one by one, runs flattened. */
export async function* eachItem(
  items: AsyncIterable<SourceItem | readonly SourceItem[]>,
): AsyncGenerator<SourceItem> {
  for await (const x of items) {
    if (Array.isArray(x)) yield* x as readonly SourceItem[];
    else yield x as SourceItem;
  }
}
