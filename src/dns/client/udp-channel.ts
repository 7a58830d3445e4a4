import { createSocket, type Socket } from "node:dgram";
import { DnsightError } from "../../errors.js";
import { questionMatches } from "../wire/query.js";
import type { Endpoint } from "./endpoint.js";
import { randomId } from "./ids.js";

// One UDP socket, connected to one server, carrying many queries at once.
// A reply is accepted only when its source address and port, its id and its
// question all match a query in flight (RFC 5452 §3); anything else is counted
// and dropped while the real answer is still awaited.

export type UdpOutcome =
  { kind: "reply"; buf: Buffer } | { kind: "timeout" } | { kind: "error"; error: Error };

export interface UdpExchange {
  /** The query; its question section is what a reply must echo. */
  packet: Buffer;
  id: number;
  timeoutMs: number;
  done: (o: UdpOutcome) => void;
  /** Set by the channel when sent. */
  deadline?: number;
}

export interface ChannelStats {
  /** Replies with an id not in flight: late answers to retried queries, or guesses. */
  unmatched: number;
  /** Replies for an id in flight but from a wrong address or port, or with a wrong question. */
  rejected: number;
  /** Replies that could not even be parsed up to the question. */
  malformed: number;
}

const SWEEP_MS = 20;
const RECV_BUFFER = 4 << 20;

export class UdpChannel {
  readonly endpoint: Endpoint;
  readonly stats: ChannelStats = { unmatched: 0, rejected: 0, malformed: 0 };
  /** Queries sent through this socket so far; the pool retires busy sockets for a new port. */
  sent = 0;
  private readonly sock: Socket;
  private readonly inflight = new Map<number, UdpExchange>();
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;
  private connected = false;
  /** Datagrams handed over before connect() finished. */
  private readonly backlog: Buffer[] = [];
  private readonly ready: Promise<void>;

  /**
   * `failOnRefused`: an ICMP port unreachable (ECONNREFUSED on the connected socket)
   * ends every query in flight at once, as dig does. Bulk runs leave it off: there
   * the error cannot be tied to one query, and a lost query is retried anyway.
   */
  constructor(endpoint: Endpoint, options: { failOnRefused?: boolean } = {}) {
    this.endpoint = endpoint;
    // A bulk run has hundreds of answers in flight; with the default 208 KiB buffer
    // a short pause (a GC) overflows it and every dropped answer costs a timeout.
    // The kernel caps the request at net.core.rmem_max.
    this.sock = createSocket({
      type: endpoint.family === 6 ? "udp6" : "udp4",
      recvBufferSize: RECV_BUFFER,
    });
    this.sock.on("message", (buf, rinfo) => this.onMessage(buf, rinfo.address, rinfo.port));
    // ICMP errors on a connected socket (port unreachable) surface here; without
    // failOnRefused the queries concerned simply time out and are retried.
    this.sock.on("error", (e: NodeJS.ErrnoException) => {
      if (options.failOnRefused && e.code === "ECONNREFUSED" && this.connected)
        this.failAll(
          new DnsightError(
            "NETWORK",
            `${endpoint.address}:${endpoint.port} refused the query (ICMP port unreachable: nothing listens there)`,
            { cause: e },
          ),
        );
    });
    this.ready = new Promise((resolve, reject) => {
      this.sock.once("error", reject);
      this.sock.connect(endpoint.port, endpoint.address, () => {
        this.sock.off("error", reject);
        this.connected = true;
        for (const p of this.backlog.splice(0)) this.sock.send(p);
        resolve();
      });
    });
  }

  get size(): number {
    return this.inflight.size;
  }

  /** Picks an id not in flight on this socket. */
  allocId(): number {
    for (;;) {
      const id = randomId();
      if (!this.inflight.has(id)) return id;
    }
  }

  async open(): Promise<void> {
    try {
      await this.ready;
    } catch (e) {
      throw new DnsightError(
        "NETWORK",
        `cannot open a UDP socket to ${this.endpoint.address}:${this.endpoint.port}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  send(x: UdpExchange): void {
    if (this.closed) {
      x.done({ kind: "error", error: new DnsightError("NETWORK", "UDP socket closed") });
      return;
    }
    x.deadline = performance.now() + x.timeoutMs;
    this.inflight.set(x.id, x);
    this.sent++;
    // No callback: Node then skips a nextTick per datagram. A failed send is
    // noticed as a timeout and retried like a lost packet.
    if (this.connected) this.sock.send(x.packet);
    else this.backlog.push(x.packet);
    if (this.sweeper === undefined) this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
  }

  private onMessage(buf: Buffer, address: string, port: number): void {
    if (buf.length < 12) {
      this.stats.malformed++;
      return;
    }
    const x = this.inflight.get(buf.readUInt16BE(0));
    if (x === undefined) {
      this.stats.unmatched++;
      return;
    }
    if (address !== this.endpoint.address || port !== this.endpoint.port) {
      this.stats.rejected++;
      return;
    }
    const verdict = questionMatches(buf, x.packet);
    if (verdict === "malformed") {
      this.stats.malformed++;
      return;
    }
    if (verdict === "mismatch") {
      this.stats.rejected++;
      return;
    }
    this.inflight.delete(x.id);
    x.done({ kind: "reply", buf });
  }

  private sweep(): void {
    const now = performance.now();
    for (const [id, x] of this.inflight) {
      if (x.deadline! <= now) {
        this.inflight.delete(id);
        x.done({ kind: "timeout" });
      }
    }
    if (this.inflight.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private failAll(error: Error): void {
    const left = [...this.inflight.values()];
    this.inflight.clear();
    for (const x of left) x.done({ kind: "error", error });
  }

  /** Closes the socket; queries still in flight end as errors. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    const left = [...this.inflight.values()];
    this.inflight.clear();
    this.sock.close();
    for (const x of left)
      x.done({ kind: "error", error: new DnsightError("NETWORK", "UDP socket closed") });
  }
}
