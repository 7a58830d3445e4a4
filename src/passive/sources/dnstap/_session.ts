import type { Socket } from "node:net";
import { encodeControl } from "./_control.js";
import {
  contentTypeMatches,
  FrameReader,
  type DataFrame,
  type FrameLimits,
} from "./frame-streams.js";

// One Frame Streams connection, reader side (fstrm CONTROL.md, "bidirectional"):
//   writer READY (content types) → reader ACCEPT (the one it takes) → writer START →
//   data frames → writer STOP → reader FINISH, and the reader closes.
// A writer that opens with START instead is unidirectional: no ACCEPT, no FINISH.

export interface SessionOptions {
  name: string;
  contentType: string;
  maxFrameSize?: number;
  limits?: FrameLimits;
}

const write = (socket: Socket, b: Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => socket.write(b, (err) => (err ? reject(err) : resolve())));

const endWith = (socket: Socket, b: Uint8Array): Promise<void> =>
  new Promise((resolve) => socket.end(b, () => resolve()));

/**
 * Runs the protocol until STOP (resolves) or a protocol error (rejects, naming the
 * connection and the byte offset). `deliver` is awaited per data frame, so a slow
 * consumer pauses the socket.
 */
export async function runSession(
  socket: Socket,
  o: SessionOptions,
  deliver: (f: DataFrame) => Promise<void>,
): Promise<void> {
  // Annotated so that TypeScript narrows after r.fail(), which returns never.
  const r: FrameReader = new FrameReader(socket, o.name, o.maxFrameSize, o.limits);
  try {
    let f = await r.next();
    if (f === undefined) return; // connected and left without a word
    let bidirectional = false;
    if (f.kind === "control" && f.control.type === "READY") {
      const offered = f.control.contentTypes;
      if (!contentTypeMatches(o.contentType, offered))
        r.fail(
          `READY offers ${offered.map((c) => `"${c}"`).join(", ")}, not "${o.contentType}"`,
          f.offset,
        );
      bidirectional = true;
      await write(socket, encodeControl("ACCEPT", [o.contentType]));
      f = await r.next();
      if (f === undefined) r.fail("connection closed before START", r.offset);
    }
    if (f.kind !== "control" || f.control.type !== "START")
      r.fail(`expected a START control frame, found ${describe(f)}`, f.offset);
    if (!contentTypeMatches(o.contentType, f.control.contentTypes))
      r.fail(`content type "${f.control.contentTypes[0]}", expected "${o.contentType}"`, f.offset);
    for (;;) {
      f = await r.next();
      if (f === undefined) r.fail("connection closed without a STOP control frame", r.offset);
      if (f.kind === "data") await deliver(f);
      else if (f.control.type === "STOP") break;
      else r.fail(`unexpected ${describe(f)}`, f.offset);
    }
    if (bidirectional) await endWith(socket, encodeControl("FINISH"));
    else await endWith(socket, new Uint8Array(0));
  } finally {
    // Destroyed first: a socket's async iterator answers return() only once a pending
    // read ends, and a read that timed out is still pending.
    socket.destroy();
    await r.close();
  }
}

const describe = (f: { kind: string; control?: { type: string } }): string =>
  f.control ? `a ${f.control.type} control frame` : "a data frame";
