// Two connected in-memory streams, each the other's peer, standing in for the two
// ends of a TCP connection (node 22's stream.duplexPair, which node 20 lacks).
// What they keep of TCP: bytes arrive in order; a writer waits while its reader
// holds more than a high-water mark unread (backpressure, so a client that stops
// reading stalls the server's writes as on a socket); closing one end sends EOF to
// the other, after every byte already written; a write to a closed end fails.

import { Duplex } from "node:stream";

class End extends Duplex {
  peer!: End;
  /** The peer's pending write, waiting for this end to be read. */
  private waiting: ((error?: Error | null) => void) | undefined;
  private eof = false;

  constructor() {
    // Not half-open: an end whose peer closed closes too, as net.Socket does by default.
    super({ allowHalfOpen: false });
  }

  override _read(): void {
    const done = this.waiting;
    this.waiting = undefined;
    done?.();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    const peer = this.peer;
    if (peer.destroyed || peer.eof) return done(new Error("write to a closed connection"));
    if (peer.push(chunk)) done();
    else peer.waiting = done;
  }

  override _final(done: (e?: Error | null) => void): void {
    this.peer.end_();
    done();
  }

  override _destroy(error: Error | null, done: (e?: Error | null) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(new Error("connection closed by the other end"));
    this.peer.end_();
    done(error);
  }

  /** EOF to this end's reader (once). */
  private end_(): void {
    if (this.eof || this.destroyed) return;
    this.eof = true;
    this.push(null);
  }
}

/** Two ends of one in-memory connection: `[client, server]`. */
export function duplexPair(): [Duplex, Duplex] {
  const a = new End();
  const b = new End();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
