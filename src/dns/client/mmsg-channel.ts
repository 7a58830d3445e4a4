import { DnsightError } from "../../errors.js";
import { Exchanges } from "./_exchanges.js";
import type { ChannelOptions, ChannelStats, DnsChannel, UdpExchange } from "./channel.js";
import type { Endpoint } from "./endpoint.js";
import type { MmsgAddon, MmsgHandle } from "./mmsg-addon.js";
import { openError, refusedError } from "./udp-channel.js";

// The batched channel (channel.ts) over the native/udp-mmsg addon: queries queue
// up and leave in one sendmmsg per turn of the event loop, replies arrive from
// recvmmsg as one callback per batch. On loopback this halves the syscalls and
// callbacks per answer that node:dgram costs (udp-channel.ts).

const RECV_BUFFER = 4 << 20;

export class MmsgChannel implements DnsChannel {
  readonly endpoint: Endpoint;
  sent = 0;
  private readonly exchanges = new Exchanges(() => {
    if (!this.closed) this.addon.drain(this.handle!);
  });
  private readonly handle: MmsgHandle | undefined;
  private readonly failure: Error | undefined;
  private queue: Buffer[] = [];
  private flushing = false;
  /** send() stopped on EAGAIN: the rest waits for onWritable. */
  private blocked = false;
  private closed = false;

  constructor(
    private readonly addon: MmsgAddon,
    endpoint: Endpoint,
    private readonly options: ChannelOptions = {},
  ) {
    this.endpoint = endpoint;
    try {
      this.handle = addon.open(
        endpoint.family,
        endpoint.address,
        endpoint.port,
        RECV_BUFFER,
        (data, count, rejected) => this.onBatch(data, count, rejected),
        () => {
          this.blocked = false;
          this.flush();
        },
        (code, errno) => this.onError(code, errno),
      );
    } catch (e) {
      // As with dgram, a socket that cannot be opened is reported by open().
      this.failure = e as Error;
      this.closed = true;
    }
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

  open(): Promise<void> {
    return this.failure
      ? Promise.reject(openError(this.endpoint, this.failure))
      : Promise.resolve();
  }

  send(x: UdpExchange): void {
    if (this.closed) {
      x.done({
        kind: "error",
        error: new DnsightError("NETWORK", "UDP socket closed", { cause: this.failure }),
      });
      return;
    }
    this.exchanges.add(x);
    this.sent++;
    this.queue.push(x.packet);
    // Everything sent in this turn of the loop (the engine's pump) leaves in one batch.
    if (!this.flushing && !this.blocked) {
      this.flushing = true;
      process.nextTick(() => {
        this.flushing = false;
        this.flush();
      });
    }
  }

  private flush(): void {
    if (this.closed || this.blocked || this.queue.length === 0) return;
    const n = this.addon.send(this.handle!, this.queue, 0);
    if (this.closed) return;
    if (n === this.queue.length) this.queue = [];
    else {
      // EAGAIN: the socket buffer is full; the addon calls back when it drains.
      this.queue = this.queue.slice(n);
      this.blocked = true;
    }
  }

  private onBatch(data: Buffer, count: number, rejected: number): void {
    // Datagrams from another source never reach a connected socket; the addon
    // checks anyway, and they count as rejected, as in udp-channel.ts.
    this.exchanges.stats.rejected += rejected;
    let off = 0;
    for (let i = 0; i < count && !this.closed; i++) {
      const len = (data[off]! << 8) | data[off + 1]!;
      this.exchanges.accept(data.subarray(off + 2, off + 2 + len), true);
      off += 2 + len;
    }
  }

  private onError(code: string, errno: number): void {
    // Without failOnRefused the queries concerned time out and are retried.
    if (this.options.failOnRefused && code === "ECONNREFUSED") {
      const cause = Object.assign(new Error(`${code} on the connected socket`), { code, errno });
      this.exchanges.failAll(refusedError(this.endpoint, cause));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.addon.close(this.handle!);
    this.exchanges.close();
  }
}
