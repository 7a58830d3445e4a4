import { DnsightError } from "../../../errors.js";
import { ByteReader, type ReadDeadlines } from "./_byte-reader.js";
import { decodeControl, MAX_CONTROL_LENGTH, type ControlFrame } from "./_control.js";

// Frame Streams (https://github.com/farsightsec/fstrm, CONTROL.md): a data frame is a
// 32-bit big-endian length and that many bytes; a length of 0 escapes to a control
// frame. A file, or a unidirectional stream, is START (naming the content type), data
// frames, STOP. Frames are read one at a time, so memory is bounded by the largest frame.

export { encodeControl, encodeData } from "./_control.js";
export type { ReadDeadlines } from "./_byte-reader.js";
export type { ControlFrame, ControlTypeName } from "./_control.js";

export const DNSTAP_CONTENT_TYPE = "protobuf:dnstap.Dnstap";

/** fstrm's reader refuses data frames over 1 MiB by default; a DNS message is ≤ 64 KiB. */
export const DEFAULT_MAX_FRAME_SIZE = 1 << 20;

export interface DataFrame {
  kind: "data";
  data: Uint8Array;
  /** Input offset of the frame's length field. */
  offset: number;
  /** Input offset just past the frame: resuming there starts after it. */
  end: number;
}

export interface ControlFrameAt {
  kind: "control";
  control: ControlFrame;
  offset: number;
  end: number;
}

export type Frame = DataFrame | ControlFrameAt;

export interface FrameStreamOptions {
  /** The input's name in error messages: a path, "-", or a peer. */
  name: string;
  /** The content type START must name; null accepts any. Default: dnstap's. */
  contentType?: string | null;
  maxFrameSize?: number;
  /**
   * Told when a file ends inside a frame or without its STOP (a capture cut short,
   * or one its writer is still writing): the frames before it stand and the read
   * ends quietly. Without it, either is an error.
   */
  cutShort?: (offset: number, what: string) => void;
}

/** What a live input may cost: time (see ReadDeadlines) and memory. */
export interface FrameLimits {
  deadlines?: ReadDeadlines;
  /**
   * Called with a data frame's length before its bytes are read; throws to refuse
   * them. The bytes then belong to whoever takes the frame, who gives them back with
   * `release`; a frame never handed over is released by close().
   */
  reserve?: (bytes: number) => void;
  release?: (bytes: number) => void;
}

/** One frame at a time from a byte stream; errors name the input and the byte offset. */
export class FrameReader {
  private readonly bytes: ByteReader;
  /** Set when next() met the input's end inside a frame: where the frame began, and what was cut. */
  cut: { offset: number; what: string } | undefined;
  /** Reserved for the frame being read, not yet handed over. */
  private reserved = 0;

  constructor(
    input: AsyncIterable<Uint8Array>,
    readonly name: string,
    private readonly maxFrameSize = DEFAULT_MAX_FRAME_SIZE,
    private readonly limits: FrameLimits = {},
  ) {
    this.bytes = new ByteReader(input, limits.deadlines);
  }

  get offset(): number {
    return this.bytes.offset;
  }

  fail(message: string, at: number): never {
    throw new DnsightError("INPUT", `${this.name}: ${message} at byte ${at}`);
  }

  /**
   * The next frame, or undefined when the input ends: cleanly between frames, or (with
   * `tolerateCut`) inside one, which `cut` then describes. Otherwise a cut is an error.
   */
  async next(tolerateCut = false): Promise<Frame | undefined> {
    const offset = this.bytes.offset;
    const truncated = (what: string): undefined => {
      if (!tolerateCut) this.fail(`truncated ${what}`, offset);
      this.cut = { offset, what };
      return undefined;
    };
    if (await this.bytes.atEnd()) return undefined;
    const length = await this.u32();
    if (length === undefined) return truncated("frame length in frame");
    if (length !== 0) {
      if (length > this.maxFrameSize)
        this.fail(`data frame of ${length} bytes (at most ${this.maxFrameSize})`, offset);
      this.limits.reserve?.(length);
      this.reserved = length;
      const data = await this.bytes.read(length);
      if (data.length < length) return truncated(`data frame (${data.length} of ${length} bytes)`);
      this.reserved = 0;
      return { kind: "data", data, offset, end: this.bytes.offset };
    }
    const clen = await this.u32();
    if (clen === undefined) return truncated("control frame length in frame");
    if (clen > MAX_CONTROL_LENGTH)
      this.fail(`control frame of ${clen} bytes (at most ${MAX_CONTROL_LENGTH})`, offset);
    const payload = await this.bytes.read(clen);
    if (payload.length < clen)
      return truncated(`control frame (${payload.length} of ${clen} bytes)`);
    const control = decodeControl(payload);
    if ("error" in control) this.fail(control.error, offset + 8 + control.at);
    return { kind: "control", control, offset, end: this.bytes.offset };
  }

  close(): Promise<void> {
    if (this.reserved > 0) this.limits.release?.(this.reserved);
    this.reserved = 0;
    return this.bytes.close();
  }

  /** A 32-bit big-endian length; undefined when the input ends first. */
  private async u32(): Promise<number | undefined> {
    const b = await this.bytes.read(4);
    if (b.length < 4) return undefined;
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }
}

/** Checks a START (or READY/ACCEPT) content type list against the expected one. */
export function contentTypeMatches(expected: string | null, offered: readonly string[]): boolean {
  // fstrm matches a control frame that names no content type against any.
  return expected === null || offered.length === 0 || offered.includes(expected);
}

/**
 * The data frames of a unidirectional stream or file. Frames already yielded stay
 * yielded when a later one is bad: the error comes after them.
 */
export async function* readFrameStream(
  input: AsyncIterable<Uint8Array>,
  o: FrameStreamOptions,
): AsyncGenerator<DataFrame> {
  const expected = o.contentType === undefined ? DNSTAP_CONTENT_TYPE : o.contentType;
  // Annotated so that TypeScript narrows after r.fail(), which returns never.
  const r: FrameReader = new FrameReader(input, o.name, o.maxFrameSize);
  try {
    const first = await r.next();
    if (first === undefined) r.fail("empty input, expected a START control frame", 0);
    if (first.kind !== "control" || first.control.type !== "START") {
      const what = first.kind === "data" ? "a data frame" : `a ${first.control.type} frame`;
      const hint = first.kind === "control" && first.control.type === "READY";
      r.fail(
        `expected a START control frame, found ${what}${hint ? " (a bidirectional stream)" : ""}`,
        first.offset,
      );
    }
    if (!contentTypeMatches(expected, first.control.contentTypes))
      r.fail(
        `content type "${first.control.contentTypes[0]}", expected "${expected}"`,
        first.offset,
      );
    const cutShort = o.cutShort;
    for (;;) {
      const f = await r.next(cutShort !== undefined);
      if (f === undefined) {
        if (!cutShort) r.fail("input ended without a STOP control frame", r.offset);
        if (r.cut) cutShort(r.cut.offset, `truncated ${r.cut.what}`);
        else cutShort(r.offset, "no STOP control frame at the end");
        return;
      }
      if (f.kind === "data") yield f;
      else if (f.control.type === "STOP") return;
      else r.fail(`unexpected ${f.control.type} control frame`, f.offset);
    }
  } finally {
    await r.close();
  }
}
