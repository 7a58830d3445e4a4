import { lstatSync, unlinkSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { DnsightError } from "../../../errors.js";
import { SkipCounter } from "../../source.js";
import { AsyncQueue } from "./_queue.js";
import { DropCounter, FrameBudget, LISTEN_DEFAULTS, type ListenLimits } from "./_limits.js";
import { runSession } from "./_session.js";
import type { DnstapRecord } from "./dnstap-message.js";
import { DNSTAP_CONTENT_TYPE } from "./frame-streams.js";
import { decodeFrame } from "./read.js";

// A dnstap collector: listens on a unix socket or TCP, takes concurrent writers
// (Unbound, Knot, BIND, dnsdist speak bidirectional Frame Streams; fstrm files
// replayed with a unidirectional writer work too), and merges their records into one
// async iterable. What peers can cost is bounded (_limits.ts): connections at once,
// time (a quiet connection, a frame that never completes) and bytes held across all
// connections; a connection past a limit is closed, counted and reported.

export type ListenAddress =
  { kind: "unix"; path: string } | { kind: "tcp"; host: string; port: number };

/** Parses `unix:PATH` or `tcp:HOST:PORT` (an IPv6 host may be bracketed: `tcp:[::1]:6000`). */
export function parseListenAddress(spec: string): ListenAddress {
  if (spec.startsWith("unix:") && spec.length > 5) return { kind: "unix", path: spec.slice(5) };
  const m = /^tcp:(.+):(\d{1,5})$/.exec(spec);
  if (m && Number(m[2]) <= 65535)
    return { kind: "tcp", host: m[1]!.replace(/^\[(.*)\]$/, "$1"), port: Number(m[2]) };
  throw new DnsightError(
    "INPUT",
    `listen address "${spec}" is neither unix:PATH nor tcp:HOST:PORT`,
  );
}

export interface ListenOptions extends Partial<ListenLimits> {
  /** Default protobuf:dnstap.Dnstap. */
  contentType?: string;
  maxFrameSize?: number;
  /** Records held for a slow consumer before connections are paused. Default 1024. */
  highWaterMark?: number;
  /** A connection broke the protocol or failed; the listener carries on. */
  onError?: (err: Error) => void;
  /** Frames whose protobuf does not decode are counted here and skipped. */
  skipped?: SkipCounter;
  /** How long close() lets open connections send their STOP. Default 1000 ms. */
  closeGraceMs?: number;
}

export interface DnstapListener {
  /** Where it listens, with the actual port: `unix:/run/x.sock`, `tcp:127.0.0.1:6000`. */
  readonly address: string;
  /** Every record of every connection; ends after close(). One consumer only. */
  readonly records: AsyncIterable<DnstapRecord>;
  readonly skipped: SkipCounter;
  /** Connections open right now. */
  readonly connections: number;
  /** Connections closed or refused for a limit, by reason. */
  readonly dropped: ReadonlyMap<string, number>;
  /** Bytes of frames held right now: read from the connections and not yet consumed. */
  readonly bufferedBytes: number;
  /** Stops listening, lets open connections finish (or cuts them after the grace time). */
  close(): Promise<void>;
}

export async function listenDnstap(spec: string, o: ListenOptions = {}): Promise<DnstapListener> {
  const addr = parseListenAddress(spec);
  const contentType = o.contentType ?? DNSTAP_CONTENT_TYPE;
  const skipped = o.skipped ?? new SkipCounter();
  const onError = o.onError ?? ((): void => {});
  const open = new Map<Socket, Promise<void>>();
  let closing: Promise<void> | undefined;
  let serial = 0;
  const limits: ListenLimits = { ...LISTEN_DEFAULTS, ...definedLimits(o) };
  const budget = new FrameBudget(Math.max(limits.maxBufferedBytes, o.maxFrameSize ?? 0));
  const dropped = new DropCounter(onError);
  const queue = new AsyncQueue<{ record: DnstapRecord; bytes: number }>(
    o.highWaterMark ?? 1024,
    () => void close(),
  );
  async function* records(): AsyncGenerator<DnstapRecord> {
    for await (const q of queue) {
      budget.consumed(q.bytes);
      yield q.record;
    }
  }

  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    const peer = socket.remoteAddress
      ? `${socket.remoteAddress}:${socket.remotePort}`
      : `#${++serial}`;
    const name = `${address} (${peer})`;
    if (open.size >= limits.maxConnections) {
      socket.destroy();
      dropped.add(
        "over the connection cap",
        `${name}: refused: ${limits.maxConnections} connections are open`,
      );
      return;
    }
    const guard = budget.connection(name, limits, () => socket.destroy());
    const session = runSession(
      socket,
      { name, contentType, maxFrameSize: o.maxFrameSize, limits: guard.frames },
      async (f) => {
        if (!budget.handOver(guard)) return;
        // A frame is a view into the socket's chunk (64 KiB); a record kept in the queue
        // would keep the whole chunk. A copy makes what is held what is counted.
        const own = { ...f, data: f.data.slice() };
        const record = decodeFrame(own, name, skipped);
        if (record) await queue.push({ record, bytes: f.data.length });
        else budget.consumed(f.data.length);
      },
    )
      .catch((e: unknown) => {
        if (closing) return;
        const err = e instanceof Error ? e : new Error(String(e));
        if (guard.reason !== undefined) dropped.add(guard.reason, guard.message ?? err.message);
        else onError(err);
      })
      .finally(() => {
        socket.destroy();
        open.delete(socket);
        if (closing && open.size === 0) queue.end();
      });
    open.set(socket, session);
  });

  if (addr.kind === "unix") removeStaleSocket(addr.path);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) =>
      reject(new DnsightError("NETWORK", `cannot listen on ${spec}: ${e.message}`, { cause: e })),
    );
    if (addr.kind === "unix") server.listen(addr.path, resolve);
    else server.listen({ host: addr.host, port: addr.port }, resolve);
  });
  server.on("error", (e) => onError(e));
  const bound = server.address() as AddressInfo | string;
  const address =
    typeof bound === "string"
      ? `unix:${bound}`
      : `tcp:${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`;

  function close(): Promise<void> {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = o.closeGraceMs ?? 1000;
      let timer: NodeJS.Timeout | undefined;
      const cut = new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)));
      await Promise.race([Promise.all(open.values()), cut]);
      clearTimeout(timer);
      for (const s of open.keys()) s.destroy();
      if (open.size === 0) queue.end();
      await stopped;
    })();
    return closing;
  }

  return {
    address,
    records: records(),
    skipped,
    get connections() {
      return open.size;
    },
    dropped: dropped.reasons,
    get bufferedBytes() {
      return budget.used;
    },
    close,
  };
}

/** The limits among the options, without those left undefined. */
function definedLimits(o: Partial<ListenLimits>): Partial<ListenLimits> {
  const out: Partial<ListenLimits> = {};
  for (const k of Object.keys(LISTEN_DEFAULTS) as (keyof ListenLimits)[])
    if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A socket file left by an earlier run would make listen() fail; a regular file is not ours. */
function removeStaleSocket(path: string): void {
  let isSocket = false;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new DnsightError("USAGE", `${path} exists and is not a socket`);
  unlinkSync(path);
}
