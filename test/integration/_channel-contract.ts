// The one contract suite for UDP channels (src/dns/client/channel.ts), run against
// node:dgram (UdpChannel) and the batched addon (MmsgChannel) by udp-channels.test.ts.
// Real sockets on loopback: a small dgram server for the odd replies (a wrong id, a
// wrong question, a runt, silence), a port where nothing listens, and a real Knot.
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { after, before, describe, it } from "node:test";
import type { ChannelOptions, DnsChannel, UdpOutcome } from "../../src/dns/client/channel.js";
import { endpointOf, type Endpoint } from "../../src/dns/client/endpoint.js";
import { decodeMessage } from "../../src/dns/wire/message.js";
import { encodeQuery } from "../../src/dns/wire/query.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { assertLoopback, freePort } from "../helpers/ports.js";

export type ChannelFactory = (endpoint: Endpoint, options?: ChannelOptions) => DnsChannel;

export interface ContractOptions {
  /** The channel reads its socket before declaring a timeout (MmsgChannel does; dgram cannot). */
  drainsBeforeTimeout?: boolean;
}

/** What a test server does with each query it receives. */
type Behaviour = (query: Buffer, reply: (b: Buffer) => void) => void;

interface TestServer {
  endpoint: Endpoint;
  /** Queries received so far. */
  seen: () => number;
  close: () => void;
}

async function server(host: "127.0.0.1" | "::1", behave: Behaviour): Promise<TestServer> {
  assertLoopback(host);
  const sock: Socket = createSocket({
    type: host === "::1" ? "udp6" : "udp4",
    recvBufferSize: 4 << 20,
  });
  await new Promise<void>((r) => sock.bind(0, host, r));
  let seen = 0;
  sock.on("message", (q, from) => {
    seen++;
    behave(q, (b) => sock.send(b, from.port, from.address));
  });
  return {
    endpoint: endpointOf(host, sock.address().port),
    seen: () => seen,
    close: () => sock.close(),
  };
}

/** The query turned into a reply to itself: QR set, everything else echoed. */
function echo(q: Buffer): Buffer {
  const r = Buffer.from(q);
  r[2]! |= 0x80;
  return r;
}

const echoServer: Behaviour = (q, reply) => reply(echo(q));

function ask(
  ch: DnsChannel,
  name: string,
  timeoutMs = 2000,
): { id: number; outcome: Promise<UdpOutcome> } {
  const id = ch.allocId();
  const packet = encodeQuery(id, name, "A");
  const outcome = new Promise<UdpOutcome>((done) => ch.send({ packet, id, timeoutMs, done }));
  return { id, outcome };
}

export function channelContract(open: ChannelFactory, o: ContractOptions = {}): void {
  const servers: TestServer[] = [];
  const channels: DnsChannel[] = [];
  const start = async (behave: Behaviour, host: "127.0.0.1" | "::1" = "127.0.0.1") => {
    const s = await server(host, behave);
    servers.push(s);
    return s;
  };
  const channel = async (ep: Endpoint, options?: ChannelOptions) => {
    const ch = open(ep, options);
    channels.push(ch);
    await ch.open();
    return ch;
  };
  after(() => {
    for (const ch of channels) ch.close();
    for (const s of servers) s.close();
  });

  it("matches each reply to its query, over IPv4 and IPv6", async () => {
    for (const host of ["127.0.0.1", "::1"] as const) {
      const s = await start(echoServer, host);
      const ch = await channel(s.endpoint);
      const asks = ["a.test", "b.test", "c.test"].map((n) => ask(ch, n));
      assert.equal(ch.size, 3);
      for (const [i, a] of asks.entries()) {
        const o = await a.outcome;
        assert.equal(o.kind, "reply", host);
        if (o.kind !== "reply") continue;
        assert.equal(o.buf.readUInt16BE(0), a.id);
        assert.equal(decodeMessage(o.buf).questions[0]!.name, `${"abc"[i]}.test.`);
      }
      assert.equal(ch.size, 0);
      assert.equal(ch.sent, 3);
      assert.deepEqual(ch.stats, { unmatched: 0, rejected: 0, malformed: 0 });
    }
  });

  it("drops and counts a wrong id, a wrong question and a runt, then takes the real reply", async () => {
    const s = await start((q, reply) => {
      const wrongId = echo(q);
      wrongId.writeUInt16BE((q.readUInt16BE(0) + 1) & 0xffff, 0);
      const wrongQuestion = echo(encodeQuery(q.readUInt16BE(0), "other.test", "A"));
      reply(wrongId);
      reply(wrongQuestion);
      reply(Buffer.from([1, 2, 3, 4, 5]));
      // The real one a little later, so that the forgeries surely came first.
      setTimeout(() => reply(echo(q)), 30);
    });
    const ch = await channel(s.endpoint);
    const a = ask(ch, "real.test");
    const o = await a.outcome;
    assert.equal(o.kind, "reply");
    assert.equal(o.kind === "reply" && decodeMessage(o.buf).questions[0]!.name, "real.test.");
    assert.deepEqual(ch.stats, { unmatched: 1, rejected: 1, malformed: 1 });
  });

  it("times a query out when no answer comes", async () => {
    const s = await start(() => undefined);
    const ch = await channel(s.endpoint);
    const t0 = performance.now();
    const o = await ask(ch, "silent.test", 80).outcome;
    const took = performance.now() - t0;
    assert.equal(o.kind, "timeout");
    assert.ok(took >= 75 && took < 1000, `took ${took} ms`);
    assert.equal(ch.size, 0);
    assert.equal(s.seen(), 1);
  });

  it(
    "takes a reply that waited in the socket while the loop was blocked past the deadline",
    { skip: o.drainsBeforeTimeout ? false : "this channel cannot read its socket on demand" },
    async () => {
      const s = await start(echoServer);
      const ch = await channel(s.endpoint);
      const a = ask(ch, "paused.test", 40);
      // The query leaves at the end of this tick; the server's echo arrives while
      // this thread is busy, as it would be in a long GC.
      await new Promise((r) => setImmediate(r));
      const until = performance.now() + 200;
      while (performance.now() < until) {
        // busy: no timer, no poll
      }
      const out = await a.outcome;
      assert.equal(out.kind, "reply");
      assert.deepEqual(ch.stats, { unmatched: 0, rejected: 0, malformed: 0 });
    },
  );

  it("ends every query in flight when closed, and refuses new ones", async () => {
    const s = await start(() => undefined);
    const ch = await channel(s.endpoint);
    const asks = Array.from({ length: 5 }, (_, i) => ask(ch, `q${i}.test`, 60_000));
    ch.close();
    for (const a of asks) {
      const o = await a.outcome;
      assert.equal(o.kind, "error");
      assert.match(o.kind === "error" ? o.error.message : "", /UDP socket closed/);
    }
    const late = await ask(ch, "late.test").outcome;
    assert.equal(late.kind, "error");
    assert.equal(ch.size, 0);
    ch.close(); // twice is harmless
  });

  it("carries thousands of queries in flight at once", async () => {
    const s = await start(echoServer);
    const ch = await channel(s.endpoint);
    const n = 3000;
    const asks = Array.from({ length: n }, (_, i) => ask(ch, `many-${i}.test`, 10_000));
    assert.equal(ch.size, n);
    const outcomes = await Promise.all(asks.map((a) => a.outcome));
    for (const [i, o] of outcomes.entries()) {
      assert.equal(o.kind, "reply", `query ${i}`);
      assert.equal(o.kind === "reply" && o.buf.readUInt16BE(0), asks[i]!.id);
    }
    assert.equal(ch.size, 0);
    assert.equal(ch.sent, n);
    assert.equal(s.seen(), n);
    assert.deepEqual(ch.stats, { unmatched: 0, rejected: 0, malformed: 0 });
  });

  it("ends queries at once on ICMP port unreachable with failOnRefused, else times them out", async () => {
    const port = await freePort("127.0.0.1");
    const ep = endpointOf("127.0.0.1", port);
    const strict = await channel(ep, { failOnRefused: true });
    const t0 = performance.now();
    const o = await ask(strict, "refused.test", 5000).outcome;
    assert.equal(o.kind, "error");
    assert.match(
      o.kind === "error" ? o.error.message : "",
      /refused the query \(ICMP port unreachable/,
    );
    assert.ok(performance.now() - t0 < 1000);
    const lax = await channel(ep);
    assert.equal((await ask(lax, "refused.test", 100).outcome).kind, "timeout");
    // The error was taken; the socket still works for what follows.
    assert.equal((await ask(lax, "refused-again.test", 100).outcome).kind, "timeout");
  });

  describe("against Knot", () => {
    let knot: KnotServer;
    const N = 2000;
    before(async () => {
      let zone =
        "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\n";
      for (let i = 0; i < N; i++) zone += `h${i} 300 A 10.9.${i >> 8}.${i & 255}\n`;
      knot = await startKnot({ zones: [{ origin: "chan.test", text: zone }] });
    });
    after(() => knot?.stop());

    it("resolves every name of a zone, hundreds in flight at a time", async () => {
      const ch = await channel(endpointOf(knot.host, knot.port));
      // Waves of 250, as the bulk engine's window would send: all 2000 at once
      // overflow the receive buffer of Knot's one UDP worker, which then drops some.
      const outcomes: UdpOutcome[] = [];
      for (let from = 0; from < N; from += 250) {
        const wave = Array.from({ length: 250 }, (_, i) => ask(ch, `h${from + i}.chan.test`));
        outcomes.push(...(await Promise.all(wave.map((a) => a.outcome))));
      }
      for (const [i, o] of outcomes.entries()) {
        assert.equal(o.kind, "reply", `h${i}`);
        if (o.kind !== "reply") continue;
        const m = decodeMessage(o.buf);
        assert.equal(m.rcode, 0);
        assert.deepEqual(
          m.answers.map((r) => r.data),
          [`10.9.${i >> 8}.${i & 255}`],
        );
      }
      assert.deepEqual(ch.stats, { unmatched: 0, rejected: 0, malformed: 0 });
    });
  });
}
