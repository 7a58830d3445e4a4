import type { Endpoint } from "./endpoint.js";

// The contract of a UDP channel: one socket, connected to one server, carrying many
// queries at once. A reply is accepted only when its source address and port, its
// id and its question all match a query in flight (RFC 5452 §3); anything else is
// counted and dropped while the real answer is still awaited. Two implementations:
// udp-channel.ts (node:dgram, one syscall and one callback per datagram) and
// mmsg-channel.ts (the native/udp-mmsg addon, sendmmsg/recvmmsg in batches).

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

export interface ChannelOptions {
  /**
   * An ICMP port unreachable (ECONNREFUSED on the connected socket) ends every query
   * in flight at once, as dig does. Bulk runs leave it off: there the error cannot be
   * tied to one query, and a lost query is retried anyway.
   */
  failOnRefused?: boolean;
}

export interface DnsChannel {
  readonly endpoint: Endpoint;
  readonly stats: ChannelStats;
  /** Queries sent through this socket so far; the pool retires busy sockets for a new port. */
  readonly sent: number;
  /** Queries in flight. */
  readonly size: number;
  /** Picks an id not in flight on this socket. */
  allocId(): number;
  /** Resolves once the socket is connected; queries may be sent before. */
  open(): Promise<void>;
  /** Sends a query; `x.done` is called exactly once, with the reply, a timeout or an error. */
  send(x: UdpExchange): void;
  /** Closes the socket; queries still in flight end as errors. */
  close(): void;
}
