import { connect, type Socket } from "node:net";
import { DnsightError } from "../../errors.js";
import { questionMatches } from "../wire/query.js";
import type { Endpoint } from "./endpoint.js";

// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message is prefixed with its
// two-byte length. One connection per query keeps this simple; the bulk engine
// only falls back to TCP for truncated answers.

const MAX_REPLY = 65535;

export interface TcpAsk {
  packet: Buffer;
  id: number;
  timeoutMs: number;
}

/** Sends one query over a new TCP connection and resolves with the matching reply. */
export function tcpExchange(endpoint: Endpoint, ask: TcpAsk): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let sock: Socket | undefined = undefined;
    let chunks: Buffer[] = [];
    let have = 0;
    const finish = (err: Error | undefined, buf?: Buffer): void => {
      clearTimeout(timer);
      sock?.destroy();
      if (err) reject(err);
      else resolve(buf!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new DnsightError(
            "TIMEOUT",
            `no TCP answer from ${endpoint.address}:${endpoint.port} in ${ask.timeoutMs} ms`,
          ),
        ),
      ask.timeoutMs,
    );
    sock = connect({
      host: endpoint.address,
      port: endpoint.port,
      family: endpoint.family,
      noDelay: true,
    });
    sock.on("connect", () => {
      const frame = Buffer.allocUnsafe(2 + ask.packet.length);
      frame.writeUInt16BE(ask.packet.length, 0);
      ask.packet.copy(frame, 2);
      sock!.write(frame);
    });
    sock.on("data", (data: Buffer) => {
      chunks.push(data);
      have += data.length;
      // Several messages may arrive (a server answering an earlier query on this
      // connection cannot happen here, but keep reading frames until ours).
      while (have >= 2) {
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        chunks = [all];
        const len = all.readUInt16BE(0);
        if (len > MAX_REPLY || len < 12)
          return finish(
            new DnsightError("WIRE", `bad TCP frame length ${len} from ${endpoint.address}`),
          );
        if (have < 2 + len) return;
        const msg = all.subarray(2, 2 + len);
        chunks = [all.subarray(2 + len)];
        have -= 2 + len;
        if (msg.readUInt16BE(0) === ask.id && questionMatches(msg, ask.packet) === "match") {
          return finish(undefined, Buffer.from(msg));
        }
      }
    });
    sock.on("error", (e) =>
      finish(
        new DnsightError("NETWORK", `TCP to ${endpoint.address}:${endpoint.port}: ${e.message}`, {
          cause: e,
        }),
      ),
    );
    sock.on("close", () =>
      finish(
        new DnsightError(
          "NETWORK",
          `TCP connection to ${endpoint.address}:${endpoint.port} closed before an answer`,
        ),
      ),
    );
  });
}
