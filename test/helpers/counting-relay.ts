// A UDP relay on loopback in front of one DNS server (a Knot): every query it gets is
// sent on from a socket of its own and the answer handed back, and each answer is
// logged with its question and time. What tests count to know which queries the
// server answered, per name, without a query log of the server's own.
import { createSocket } from "node:dgram";
import { assertLoopback } from "./ports.js";

export interface Answered {
  /** Lowercase, no trailing dot. */
  qname: string;
  qtype: number;
  /** Date.now() when the answer came back. */
  at: number;
}

export interface CountingRelay {
  readonly host: string;
  readonly port: number;
  /** Every answer relayed so far, in order. */
  readonly answered: Answered[];
  close(): Promise<void>;
}

/** The question of a DNS message (RFC 1035 §4.1.2): uncompressed, right after the header. */
function question(msg: Buffer): { qname: string; qtype: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let i = 12;
  for (let n = 0; i < msg.length && n < 128; n++) {
    const len = msg[i]!;
    if (len === 0) break;
    if (len > 63) return undefined;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += len + 1;
  }
  if (i + 3 > msg.length) return undefined;
  return { qname: labels.join(".").toLowerCase(), qtype: msg.readUInt16BE(i + 1) };
}

export async function startCountingRelay(
  listen: { host: string; port: number },
  upstream: { host: string; port: number },
): Promise<CountingRelay> {
  assertLoopback(listen.host);
  assertLoopback(upstream.host);
  const answered: Answered[] = [];
  const open = new Set<() => void>();
  const front = createSocket("udp4");
  front.on("message", (query, client) => {
    const out = createSocket("udp4");
    const done = (): void => {
      if (!open.delete(done)) return;
      clearTimeout(timer);
      out.close();
    };
    open.add(done);
    // A query the server never answers is the client's to retry: drop it after 5 s.
    const timer = setTimeout(done, 5000);
    out.on("message", (answer) => {
      const q = question(answer);
      if (q) answered.push({ ...q, at: Date.now() });
      front.send(answer, client.port, client.address);
      done();
    });
    out.send(query, upstream.port, upstream.host);
  });
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.bind(listen.port, listen.host, () => resolve());
  });
  return {
    host: listen.host,
    port: listen.port,
    answered,
    async close() {
      for (const done of [...open]) done();
      await new Promise<void>((r) => front.close(() => r()));
    },
  };
}
