import { DnsightError } from "../../errors.js";
import { decodeMessage, type DnsMessage } from "../wire/message.js";
import { encodeQuery } from "../wire/query.js";
import { rcodeToString, typeFromString } from "../wire/types.js";
import type { UdpOutcome } from "./channel.js";
import type { Endpoint } from "./endpoint.js";
import { randomId } from "./ids.js";
import { tcpExchange } from "./tcp.js";
import { UdpChannel } from "./udp-channel.js";

// A stub resolver in the manner of dig: EDNS(0) with a 1232-byte buffer (the
// DNS Flag Day 2020 size), TCP when the answer is truncated, timeouts with
// exponential backoff, and each retry sent to the next server.

export interface StubOptions {
  servers: Endpoint[];
  /** Timeout of the first attempt; each retry doubles it (capped at 8 s). */
  timeoutMs?: number;
  /** Attempts after the first. */
  retries?: number;
  /** TCP only, never UDP. */
  tcp?: boolean;
  /** Set the DO bit, asking for DNSSEC records. */
  dnssec?: boolean;
  /** Set RD (default true); authoritative queries clear it. */
  recurse?: boolean;
  /** Set CD, so a validating resolver returns data that fails validation. */
  checkingDisabled?: boolean;
  udpSize?: number;
}

export type Protocol = "udp" | "tcp";

export interface Exchange {
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ... or TIMEOUT, ERROR, MALFORMED. */
  status: string;
  message?: DnsMessage;
  server: Endpoint;
  protocol: Protocol;
  durationMs: number;
  attempts: number;
  /** Why there is no message (TIMEOUT, ERROR, MALFORMED). */
  error?: string;
  /** Replies dropped because address, id or question did not match. */
  rejected: number;
}

const MAX_TIMEOUT = 8000;

export class StubClient {
  private readonly o: Required<StubOptions>;
  private rotor = 0;

  constructor(o: StubOptions) {
    if (o.servers.length === 0) throw new DnsightError("USAGE", "no DNS server to ask");
    this.o = {
      servers: o.servers,
      timeoutMs: o.timeoutMs ?? 2000,
      retries: o.retries ?? 2,
      tcp: o.tcp ?? false,
      dnssec: o.dnssec ?? false,
      recurse: o.recurse ?? true,
      checkingDisabled: o.checkingDisabled ?? false,
      udpSize: o.udpSize ?? 1232,
    };
  }

  async query(name: string, type: string, server?: Endpoint): Promise<Exchange> {
    if (typeFromString(type) === undefined)
      throw new DnsightError("INPUT", `unknown record type "${type}"`);
    const servers = server ? [server] : this.o.servers;
    const first = this.rotor++ % servers.length;
    const started = performance.now();
    let rejected = 0;
    let lastError = "no answer";
    let lastStatus = "TIMEOUT";
    let useEdns = true;
    let attempts = 0;
    for (let i = 0; i <= this.o.retries; i++) {
      const ep = servers[(first + i) % servers.length]!;
      const timeoutMs = Math.min(this.o.timeoutMs * 2 ** i, MAX_TIMEOUT);
      let protocol: Protocol = this.o.tcp ? "tcp" : "udp";
      attempts++;
      const id = randomId();
      const packet = encodeQuery(id, name, type, {
        rd: this.o.recurse,
        cd: this.o.checkingDisabled,
        udpSize: useEdns ? this.o.udpSize : 0,
        dnssecOk: useEdns && this.o.dnssec,
      });
      try {
        let buf: Buffer;
        if (protocol === "udp") {
          const got = await udpOnce(ep, packet, id, timeoutMs);
          rejected += got.rejected;
          if (got.outcome.kind === "timeout") {
            lastStatus = "TIMEOUT";
            lastError = "no answer";
            continue;
          }
          if (got.outcome.kind === "error") throw got.outcome.error;
          buf = got.outcome.buf;
          if ((buf[2]! & 0x02) !== 0) {
            protocol = "tcp";
            buf = await tcpExchange(ep, { packet, id, timeoutMs });
          }
        } else {
          buf = await tcpExchange(ep, { packet, id, timeoutMs });
        }
        let message: DnsMessage;
        try {
          message = decodeMessage(buf);
        } catch (e) {
          return {
            status: "MALFORMED",
            server: ep,
            protocol,
            durationMs: since(started),
            attempts,
            error: (e as Error).message,
            rejected,
          };
        }
        // A server that does not speak EDNS answers FORMERR without an OPT (RFC 6891 §7).
        if (useEdns && message.edns === undefined && (message.rcode === 1 || message.rcode === 4)) {
          useEdns = false;
          i--;
          continue;
        }
        return {
          status: rcodeToString(message.rcode),
          message,
          server: ep,
          protocol,
          durationMs: since(started),
          attempts,
          rejected,
        };
      } catch (e) {
        const err = e as DnsightError;
        lastStatus = err.code === "TIMEOUT" ? "TIMEOUT" : "ERROR";
        lastError = err.message;
      }
    }
    const durationMs = since(started);
    const asked = [...new Set(servers.map((s) => `${s.address}:${s.port}`))].join(", ");
    // The time said is the time spent, all attempts together (dig: "no servers could be reached").
    const spent = `${attempts} attempt${attempts === 1 ? "" : "s"} in ${(durationMs / 1000).toFixed(2)} s`;
    return {
      status: lastStatus,
      server: servers[(first + this.o.retries) % servers.length]!,
      protocol: this.o.tcp ? "tcp" : "udp",
      durationMs,
      attempts,
      error:
        lastError === "no answer"
          ? `no answer from ${asked}: ${spent}`
          : `${lastError}; no server could be reached: ${spent}`,
      rejected,
    };
  }
}

function since(t: number): number {
  return Math.round((performance.now() - t) * 1000) / 1000;
}

/** One UDP attempt on a fresh socket, so every query gets a new random source port. */
async function udpOnce(
  ep: Endpoint,
  packet: Buffer,
  id: number,
  timeoutMs: number,
): Promise<{ outcome: UdpOutcome; rejected: number }> {
  const ch = new UdpChannel(ep, { failOnRefused: true });
  try {
    await ch.open();
    const outcome = await new Promise<UdpOutcome>((done) =>
      ch.send({ packet, id, timeoutMs, done }),
    );
    return { outcome, rejected: ch.stats.rejected + ch.stats.malformed + ch.stats.unmatched };
  } finally {
    ch.close();
  }
}
