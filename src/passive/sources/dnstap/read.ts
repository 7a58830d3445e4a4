import { DnsightError } from "../../../errors.js";
import type { SkipCounter } from "../../source.js";
import { decodeDnstap, type DnstapRecord } from "./dnstap-message.js";
import { DNSTAP_CONTENT_TYPE, readFrameStream, type DataFrame } from "./frame-streams.js";

// A dnstap file or unidirectional stream: Frame Streams with content type
// protobuf:dnstap.Dnstap, each data frame one Dnstap protobuf.

export interface DnstapReadOptions {
  /** The input's name in error messages: a path, "-", or a peer. */
  name: string;
  maxFrameSize?: number;
  /**
   * When given, a frame whose protobuf does not decode is counted here and skipped;
   * without it, the error ends the read. Broken framing always ends it.
   */
  skipped?: SkipCounter;
  /** See FrameStreamOptions.cutShort: a file cut short ends the read instead of failing it. */
  cutShort?: (offset: number, what: string) => void;
}

export interface PositionedRecord {
  record: DnstapRecord;
  /** Input offset of the frame holding the record, and just past it. */
  offset: number;
  end: number;
}

/** Decodes one data frame; undefined for a frame without a message or one skipped. */
export function decodeFrame(
  f: DataFrame,
  name: string,
  skipped?: SkipCounter,
): DnstapRecord | undefined {
  try {
    // The payload starts after the frame's 4-byte length.
    return decodeDnstap(f.data, { name, base: f.offset + 4 });
  } catch (e) {
    if (!skipped || !(e instanceof DnsightError)) throw e;
    skipped.add("undecodable dnstap frame", e.message);
    return undefined;
  }
}

export async function* readDnstapPositioned(
  input: AsyncIterable<Uint8Array>,
  o: DnstapReadOptions,
): AsyncGenerator<PositionedRecord> {
  const frames = readFrameStream(input, {
    name: o.name,
    contentType: DNSTAP_CONTENT_TYPE,
    ...(o.maxFrameSize !== undefined ? { maxFrameSize: o.maxFrameSize } : {}),
    ...(o.cutShort ? { cutShort: o.cutShort } : {}),
  });
  for await (const f of frames) {
    const record = decodeFrame(f, o.name, o.skipped);
    if (record) yield { record, offset: f.offset, end: f.end };
  }
}

/** The decoded records of a dnstap file or stream, in order. */
export async function* readDnstap(
  input: AsyncIterable<Uint8Array>,
  o: DnstapReadOptions,
): AsyncGenerator<DnstapRecord> {
  for await (const p of readDnstapPositioned(input, o)) yield p.record;
}
