import { createSocket, type Socket } from "node:dgram";
import { DnsightError } from "../../errors.js";
import { Exchanges } from "./_exchanges.js";
import type { ChannelOptions, ChannelStats, DnsChannel, UdpExchange } from "./channel.js";
import type { Endpoint } from "./endpoint.js";

// The node:dgram channel (channel.ts): one send and one "message" callback per
// datagram. Used for single queries, and by bulk runs when the batched addon
// (mmsg-channel.ts) is not built.

const RECV_BUFFER = 4 << 20;

export class UdpChannel implements DnsChannel {
  readonly endpoint: Endpoint;
  sent = 0;
  private readonly sock: Socket;
  private readonly exchanges = new Exchanges();
  private closed = false;
  private connected = false;
  /** Datagrams handed over before connect() finished. */
  private readonly backlog: Buffer[] = [];
  private readonly ready: Promise<void>;

  constructor(endpoint: Endpoint, options: ChannelOptions = {}) {
    this.endpoint = endpoint;
    // A bulk run has hundreds of answers in flight; with the default 208 KiB buffer
    // a short pause (a GC) overflows it and every dropped answer costs a timeout.
    // The kernel caps the request at net.core.rmem_max.
    this.sock = createSocket({
      type: endpoint.family === 6 ? "udp6" : "udp4",
      recvBufferSize: RECV_BUFFER,
    });
    this.sock.on("message", (buf, rinfo) =>
      this.exchanges.accept(
        buf,
        rinfo.address === endpoint.address && rinfo.port === endpoint.port,
      ),
    );
    // ICMP errors on a connected socket (port unreachable) surface here; without
    // failOnRefused the queries concerned simply time out and are retried.
    this.sock.on("error", (e: NodeJS.ErrnoException) => {
      if (options.failOnRefused && e.code === "ECONNREFUSED" && this.connected)
        this.exchanges.failAll(refusedError(endpoint, e));
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

  get stats(): ChannelStats {
    return this.exchanges.stats;
  }

  get size(): number {
    return this.exchanges.size;
  }

  allocId(): number {
    return this.exchanges.allocId();
  }

  async open(): Promise<void> {
    try {
      await this.ready;
    } catch (e) {
      throw openError(this.endpoint, e);
    }
  }

  send(x: UdpExchange): void {
    if (this.closed) {
      x.done({ kind: "error", error: new DnsightError("NETWORK", "UDP socket closed") });
      return;
    }
    this.exchanges.add(x);
    this.sent++;
    // No callback: Node then skips a nextTick per datagram. A failed send is
    // noticed as a timeout and retried like a lost packet.
    if (this.connected) this.sock.send(x.packet);
    else this.backlog.push(x.packet);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
    this.exchanges.close();
  }
}

export function refusedError(endpoint: Endpoint, cause: unknown): DnsightError {
  return new DnsightError(
    "NETWORK",
    `${endpoint.address}:${endpoint.port} refused the query (ICMP port unreachable: nothing listens there)`,
    { cause },
  );
}

export function openError(endpoint: Endpoint, cause: unknown): DnsightError {
  return new DnsightError(
    "NETWORK",
    `cannot open a UDP socket to ${endpoint.address}:${endpoint.port}: ${(cause as Error).message}`,
    { cause },
  );
}
