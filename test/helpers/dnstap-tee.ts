// A byte-for-byte relay between a Frame Streams sender (Unbound, Knot) and a listener,
// keeping a copy of what the sender sent (less a bidirectional sender's READY).
// Unidirectional Frame Streams on a socket is the dnstap file format (START, data
// frames, STOP), so the copy is a dnstap file of exactly what the listener received:
// the same input for a direct `dnsight ingest dnstap FILE`. One sender at a time.
import { createWriteStream, type WriteStream } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { Hooks } from "./cleanup.js";

export interface DnstapTee {
  /** The socket the sender connects to. */
  path: string;
  /** Resolves once every connection has ended and the copy is on disk. */
  close(): Promise<void>;
}

export async function startDnstapTee(
  path: string,
  to: string,
  copy: string,
  t?: Hooks,
): Promise<DnstapTee> {
  const file: WriteStream = createWriteStream(copy);
  const open = new Set<Promise<void>>();
  const server: Server = createServer((inbound: Socket) => {
    const outbound = connect(to);
    const done = new Promise<void>((resolve) => {
      let ends = 0;
      const end = (): void => void (++ends === 2 && resolve());
      const copier = copyAfterReady(file);
      inbound.on("data", (b: Buffer) => {
        copier(b);
        outbound.write(b);
      });
      inbound.on("end", () => outbound.end());
      inbound.on("close", end);
      outbound.on("data", (b: Buffer) => inbound.write(b));
      outbound.on("end", () => inbound.end());
      outbound.on("close", end);
      inbound.on("error", () => outbound.destroy());
      outbound.on("error", () => inbound.destroy());
    });
    open.add(done);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const tee: DnstapTee = {
    path,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(open);
      await new Promise<void>((resolve) => file.end(resolve));
    },
  };
  t?.after(() => tee.close());
  return tee;
}

/**
 * What a sender sent, less the READY frame a bidirectional one opens with (Knot's): what
 * follows (START, data frames, STOP) is the dnstap file format. A unidirectional
 * sender's bytes are copied whole.
 */
function copyAfterReady(file: WriteStream): (b: Buffer) => void {
  let head: Buffer | undefined = Buffer.alloc(0);
  return (b) => {
    if (head === undefined) return void file.write(b);
    head = Buffer.concat([head, b]);
    if (head.length < 12) return;
    const ready = head.readUInt32BE(0) === 0 && head.readUInt32BE(8) === 4;
    const skip = ready ? 8 + head.readUInt32BE(4) : 0;
    if (head.length < skip) return;
    file.write(head.subarray(skip));
    head = undefined;
  };
}
