// Frame Streams control frames (fstrm's CONTROL.md): after the 32-bit zero escape, a
// 32-bit big-endian length, then the 32-bit control type and its fields, each field a
// 32-bit type, a 32-bit length and that many bytes. fstrm caps a control frame at 512
// bytes and a content type at 256, and refuses unknown control and field types; so do we.

export const ControlType = { ACCEPT: 1, START: 2, STOP: 3, READY: 4, FINISH: 5 } as const;
export type ControlTypeName = keyof typeof ControlType;

const NAMES: Readonly<Record<number, ControlTypeName>> = {
  1: "ACCEPT",
  2: "START",
  3: "STOP",
  4: "READY",
  5: "FINISH",
};

export const FIELD_CONTENT_TYPE = 1;
export const MAX_CONTROL_LENGTH = 512;
export const MAX_CONTENT_TYPE_LENGTH = 256;

export interface ControlFrame {
  type: ControlTypeName;
  contentTypes: string[];
}

/**
 * Parses a control frame's payload (type and fields, without escape or length). Returns a
 * reason instead of throwing, so the caller can name the file and the absolute offset.
 */
export function decodeControl(p: Uint8Array): ControlFrame | { error: string; at: number } {
  const view = new DataView(p.buffer, p.byteOffset, p.length);
  if (p.length < 4) return { error: "control frame shorter than its 4-byte type", at: 0 };
  const code = view.getUint32(0);
  const type = NAMES[code];
  if (type === undefined) return { error: `unknown control frame type ${code}`, at: 0 };
  const contentTypes: string[] = [];
  let at = 4;
  while (at < p.length) {
    if (at + 8 > p.length) return { error: `truncated field in ${type} control frame`, at };
    const field = view.getUint32(at);
    const len = view.getUint32(at + 4);
    if (field !== FIELD_CONTENT_TYPE)
      return { error: `unknown field type ${field} in ${type} control frame`, at };
    if (len > MAX_CONTENT_TYPE_LENGTH)
      return { error: `content type of ${len} bytes (at most ${MAX_CONTENT_TYPE_LENGTH})`, at };
    if (at + 8 + len > p.length)
      return { error: `truncated content type in ${type} control frame`, at };
    contentTypes.push(Buffer.from(p.buffer, p.byteOffset + at + 8, len).toString("latin1"));
    at += 8 + len;
  }
  // START names at most one content type; STOP and FINISH carry none.
  if (type === "START" && contentTypes.length > 1)
    return { error: "START control frame with more than one content type", at: 4 };
  if ((type === "STOP" || type === "FINISH") && contentTypes.length > 0)
    return { error: `${type} control frame with a content type`, at: 4 };
  return { type, contentTypes };
}

/** A whole control frame as sent on the wire: escape, length, type, content type fields. */
export function encodeControl(type: ControlTypeName, contentTypes: readonly string[] = []): Buffer {
  const fields = contentTypes.map((c) => Buffer.from(c, "latin1"));
  const length = 4 + fields.reduce((n, f) => n + 8 + f.length, 0);
  const out = Buffer.alloc(8 + length);
  out.writeUInt32BE(0, 0);
  out.writeUInt32BE(length, 4);
  out.writeUInt32BE(ControlType[type], 8);
  let at = 12;
  for (const f of fields) {
    out.writeUInt32BE(FIELD_CONTENT_TYPE, at);
    out.writeUInt32BE(f.length, at + 4);
    f.copy(out, at + 8);
    at += 8 + f.length;
  }
  return out;
}

/** A data frame as sent on the wire: 32-bit big-endian length, then the payload. */
export function encodeData(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.set(payload, 4);
  return out;
}
