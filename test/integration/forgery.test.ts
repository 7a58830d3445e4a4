// Acceptance: "a fake responder on loopback races the real server with wrong ids and wrong
// question sections: no forged answer is accepted."
//
// The test owns the UDP socket the client queries (the "server" address). For every query
// it first fires a burst of forged replies at the client's source port, each carrying a
// poisoned A record (6.6.6.6): wrong id, wrong qname, wrong qtype, wrong class, QR=0, a
// non-QUERY opcode, no question, two questions, a truncated reply, and right id + question
// from another source port and from another source address. Only then does it forward the
// query to a real Knot and relay Knot's genuine answer. Forged bytes are written by hand
// here, independent of src/dns/wire, so a codec bug cannot hide a forgery.
import assert from "node:assert/strict";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { writeFileSync } from "node:fs";
import { createServer, type Server, type Socket as TcpSocket } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { StubClient, type Exchange } from "../../src/dns/client/stub.js";
import { loadRunCli, Sink, type CliResult, type RunCli } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

const POISON = [6, 6, 6, 6];
const POISON_TEXT = "6.6.6.6";

const ZONE = `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.10
www 300 AAAA 2001:db8::10
www 300 HTTPS 1 . alpn=h2
mail 300 A 192.0.2.25
@ 300 MX 10 mail
@ 300 TXT "v=spf1 -all"
`;

/** What the genuine Knot answers, per (name, type). */
const GENUINE: Record<string, string[]> = {
  "www.example.test A": ["192.0.2.10"],
  "www.example.test AAAA": ["2001:db8::10"],
  // HTTPS is type 65 = 0x0041, an ASCII "A" in its low byte: see "qtype ^ 0x20" below.
  "www.example.test HTTPS": ["1 . alpn=h2"],
  "mail.example.test A": ["192.0.2.25"],
  "example.test MX": ["10 mail.example.test."],
  "example.test TXT": ['"v=spf1 -all"'],
};
const ASKS = Object.keys(GENUINE).map((k) => k.split(" ") as [string, string]);

// ---------------------------------------------------------------------------------------
// Raw DNS bytes.

interface ParsedQuery {
  id: number;
  flags: number;
  /** Question name in wire form, including the root label. */
  qname: Buffer;
  qtype: number;
  qclass: number;
}

function parseQuery(buf: Buffer): ParsedQuery | undefined {
  if (buf.length < 12 || buf.readUInt16BE(4) !== 1) return undefined;
  let p = 12;
  while (p < buf.length && buf[p] !== 0) p += 1 + buf[p]!; // the stub does not compress queries
  if (p + 5 > buf.length) return undefined;
  return {
    id: buf.readUInt16BE(0),
    flags: buf.readUInt16BE(2),
    qname: buf.subarray(12, p + 1),
    qtype: buf.readUInt16BE(p + 1),
    qclass: buf.readUInt16BE(p + 3),
  };
}

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);

function question(qname: Buffer, qtype: number, qclass: number): Buffer {
  return Buffer.concat([qname, u16(qtype), u16(qclass)]);
}

/** A reply with the given header fields and questions, whose answer is A 6.6.6.6 for `owner`. */
function forge(o: { id: number; flags: number; questions: Buffer[]; owner: Buffer }): Buffer {
  const header = Buffer.concat([
    u16(o.id),
    u16(o.flags),
    u16(o.questions.length),
    u16(1),
    u16(0),
    u16(0),
  ]);
  const answer = Buffer.concat([
    o.owner,
    u16(1),
    u16(1),
    Buffer.from([0, 0, 0x0e, 0x10]),
    u16(4),
    Buffer.from(POISON),
  ]);
  return Buffer.concat([header, ...o.questions, answer]);
}

/** The same name with its first letter changed: as long, as plausible, and wrong. */
function otherName(qname: Buffer): Buffer {
  const n = Buffer.from(qname);
  n[1] = n[1] === 0x78 ? 0x79 : 0x78; // 'x' or 'y'
  return n;
}

const QR = 0x8000;
const AA = 0x0400;
const RD = 0x0100;

/** Forgeries sent from the server's own address and port (they reach the client's socket). */
function sameSourceForgeries(q: ParsedQuery): Array<[string, Buffer]> {
  const rightQ = question(q.qname, q.qtype, q.qclass);
  const resp = QR | AA | (q.flags & RD);
  const f = (id: number, flags: number, questions: Buffer[]): Buffer =>
    forge({ id, flags, questions, owner: q.qname });
  const out: Array<[string, Buffer]> = [
    ["wrong id", f(q.id ^ 0x5a5a, resp, [rightQ])],
    ["wrong id (off by one)", f((q.id + 1) & 0xffff, resp, [rightQ])],
    ["wrong qname", f(q.id, resp, [question(otherName(q.qname), q.qtype, q.qclass)])],
    ["wrong qtype", f(q.id, resp, [question(q.qname, q.qtype === 1 ? 28 : 1, q.qclass)])],
    // Differs only in bit 0x20: a question compared byte-wise without case must still
    // compare QTYPE exactly (HTTPS 0x0041 is not 0x0061).
    ["qtype ^ 0x20", f(q.id, resp, [question(q.qname, q.qtype ^ 0x20, q.qclass)])],
    ["wrong class (CH)", f(q.id, resp, [question(q.qname, q.qtype, 3)])],
    ["QR=0 (not a response)", f(q.id, resp & ~QR, [rightQ])],
    ["opcode NOTIFY", f(q.id, resp | (4 << 11), [rightQ])],
    // Without a question only FORMERR/NOTIMP are acceptable (servers that reject EDNS).
    ["no question, NOERROR", f(q.id, resp, [])],
    ["two questions", f(q.id, resp, [rightQ, rightQ])],
    // A header promising a question that is not there.
    [
      "truncated",
      Buffer.concat([u16(q.id), u16(resp), u16(1), u16(1), u16(0), u16(0), q.qname.subarray(0, 3)]),
    ],
  ];
  return out;
}

// ---------------------------------------------------------------------------------------

interface Seen {
  id: number;
  address: string;
  port: number;
  qname: string;
  qtype: number;
}

const send = (s: Socket, buf: Buffer, port: number, host: string): Promise<void> =>
  new Promise((res, rej) => s.send(buf, port, host, (e) => (e ? rej(e) : res())));

const bind = (s: Socket, port: number, host: string): Promise<void> =>
  new Promise((res, rej) => {
    s.once("error", rej);
    s.bind(port, host, () => {
      s.off("error", rej);
      res();
    });
  });

/** The fake responder: owns the address the client asks, forges, then relays Knot. */
class Racer {
  readonly seen: Seen[] = [];
  /** Forgeries sent that could reach the client's socket (right source address and port). */
  sameSource = 0;
  /** Forgeries sent from a wrong source port or address. */
  offSource = 0;
  genuineRelayed = 0;
  /** TCP queries seen, and forged frames written ahead of the genuine one on the same connection. */
  tcpQueries = 0;
  tcpForged = 0;
  relay = true;
  private constructor(
    readonly host: string,
    readonly port: number,
    private readonly main: Socket,
    private readonly otherPort: Socket,
    private readonly otherAddr: Socket,
    private readonly tcp: Server,
    private readonly knot: KnotServer,
  ) {
    main.on("message", (buf, rinfo) => void this.onQuery(buf, rinfo));
    tcp.on("connection", (c) => this.onTcp(c));
  }

  static async start(knot: KnotServer): Promise<Racer> {
    const host = "127.0.0.1";
    for (let attempt = 1; ; attempt++) {
      const port = await freePort(host);
      const main = createSocket("udp4");
      const otherPort = createSocket("udp4");
      const otherAddr = createSocket("udp4");
      const tcp = createServer();
      try {
        await new Promise<void>((res, rej) => {
          tcp.once("error", rej);
          tcp.listen({ port, host, exclusive: true }, () => res());
        });
        await bind(main, port, host);
        await bind(otherPort, 0, host);
        // Same port, another loopback address: only the source address is wrong.
        const alt = `127.${1 + rnd(250)}.${rnd(256)}.${1 + rnd(253)}`;
        await bind(otherAddr, port, alt).catch(() => bind(otherAddr, 0, alt));
        return new Racer(host, port, main, otherPort, otherAddr, tcp, knot);
      } catch (e) {
        for (const s of [main, otherPort, otherAddr]) s.close();
        tcp.close();
        if (attempt >= 3) throw e;
      }
    }
  }

  get server(): string {
    return `${this.host}:${this.port}`;
  }

  close(): void {
    for (const s of [this.main, this.otherPort, this.otherAddr]) s.close();
    this.tcp.close();
  }

  /** DNS over TCP: every forged frame first, then Knot's answer, on the client's own connection. */
  private onTcp(c: TcpSocket): void {
    let buf = Buffer.alloc(0);
    c.on("error", () => c.destroy());
    c.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        void this.answerTcp(c, Buffer.from(msg));
      }
    });
  }

  private async answerTcp(c: TcpSocket, query: Buffer): Promise<void> {
    const q = parseQuery(query);
    if (!q) return;
    this.tcpQueries++;
    const frame = (m: Buffer): Buffer => Buffer.concat([u16(m.length), m]);
    for (const [, pkt] of sameSourceForgeries(q)) {
      c.write(frame(pkt));
      this.tcpForged++;
    }
    if (!this.relay) return;
    const answer = await askKnot(this.knot, query, q.id);
    if (answer && !c.destroyed) c.write(frame(answer));
  }

  private async onQuery(buf: Buffer, rinfo: RemoteInfo): Promise<void> {
    const q = parseQuery(buf);
    if (!q) return;
    this.seen.push({
      id: q.id,
      address: rinfo.address,
      port: rinfo.port,
      qname: nameText(q.qname),
      qtype: q.qtype,
    });
    // Await each send so the burst is on the wire, in order, before the genuine answer.
    for (const [, pkt] of sameSourceForgeries(q)) {
      await send(this.main, pkt, rinfo.port, rinfo.address);
      this.sameSource++;
    }
    const right = forge({
      id: q.id,
      flags: QR | AA | (q.flags & RD),
      questions: [question(q.qname, q.qtype, q.qclass)],
      owner: q.qname,
    });
    for (const s of [this.otherPort, this.otherAddr]) {
      await send(s, right, rinfo.port, rinfo.address);
      this.offSource++;
    }
    if (!this.relay) return;
    const answer = await askKnot(this.knot, buf, q.id);
    if (!answer) return;
    await send(this.main, answer, rinfo.port, rinfo.address);
    this.genuineRelayed++;
  }
}

/** Forwards the client's query unchanged to Knot and returns Knot's reply. */
function askKnot(knot: KnotServer, query: Buffer, id: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    const done = (b: Buffer | undefined): void => {
      clearTimeout(timer);
      s.close();
      resolve(b);
    };
    const timer = setTimeout(() => done(undefined), 3000);
    s.on("message", (b, r) => {
      if (r.port === knot.port && b.length >= 12 && b.readUInt16BE(0) === id) done(b);
    });
    s.on("error", () => done(undefined));
    s.send(query, knot.port, knot.host);
  });
}

function nameText(wire: Buffer): string {
  const labels: string[] = [];
  for (let p = 0; wire[p]! !== 0; p += 1 + wire[p]!)
    labels.push(wire.subarray(p + 1, p + 1 + wire[p]!).toString("latin1"));
  return labels.join(".").toLowerCase();
}

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

const SAME_SOURCE_PER_QUERY = sameSourceForgeries({
  id: 1,
  flags: 0,
  qname: Buffer.from([1, 0x61, 0]),
  qtype: 1,
  qclass: 1,
}).length;
const OFF_SOURCE_PER_QUERY = 2;

function answerData(x: Exchange): string[] {
  return (x.message?.answers ?? []).map((a) => a.data);
}

function allData(x: Exchange): string[] {
  const m = x.message;
  return m ? [...m.answers, ...m.authorities, ...m.additionals].map((a) => a.data) : [];
}

describe("forged replies racing the real server", () => {
  let knot: KnotServer;
  let racer: Racer;
  let runCli: RunCli;
  let resolvConf: string;

  before(async () => {
    runCli = await loadRunCli();
    knot = await startKnot({ zones: [{ origin: "example.test", text: ZONE }] });
    racer = await Racer.start(knot);
    const dir = makeTmpDir("forgery").path;
    resolvConf = join(dir, "resolv.conf");
    writeFileSync(resolvConf, `nameserver 127.0.0.1\n`); // never used: --server is always given
  });
  after(async () => {
    racer?.close();
    await knot?.stop();
  });

  it("control: the forgeries do reach the client and fool a client that checks only the id", async () => {
    racer.relay = true;
    const s = createSocket("udp4");
    await bind(s, 0, "127.0.0.1");
    try {
      const id = 0x1234;
      const query = Buffer.concat([
        u16(id),
        u16(RD),
        u16(1),
        u16(0),
        u16(0),
        u16(0),
        question(Buffer.from("\x03www\x07example\x04test\x00", "latin1"), 1, 1),
      ]);
      const firstWithId = new Promise<Buffer>((res) =>
        s.on("message", (b) => {
          if (b.length >= 12 && b.readUInt16BE(0) === id && (b.readUInt16BE(2) & QR) !== 0) res(b);
        }),
      );
      await send(s, query, racer.port, racer.host);
      const got = await firstWithId;
      // The naive client took a forged reply: its last four bytes are the poisoned address.
      assert.deepEqual([...got.subarray(-4)], POISON);
    } finally {
      s.close();
    }
  });

  it("StubClient accepts only Knot's genuine answer, query after query", async () => {
    racer.relay = true;
    const server = endpointOf(racer.host, racer.port);
    const client = new StubClient({ servers: [server], timeoutMs: 2000, retries: 0 });
    const seenBefore = racer.seen.length;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      for (const [name, type] of ASKS) {
        const sentBefore = racer.sameSource;
        const x = await client.query(name, type);
        assert.equal(x.status, "NOERROR", `${name} ${type}: ${x.error ?? ""}`);
        assert.deepEqual(answerData(x), GENUINE[`${name} ${type}`], `${name} ${type}`);
        assert.ok(!allData(x).includes(POISON_TEXT), "a forged record was accepted");
        assert.equal(x.message!.flags.aa, true);
        assert.equal(x.attempts, 1);
        // Every same-source forgery of this query was seen and dropped; those from another
        // port or address may be dropped by the kernel (connected socket) before counting.
        assert.equal(racer.sameSource - sentBefore, SAME_SOURCE_PER_QUERY);
        assert.ok(
          x.rejected >= SAME_SOURCE_PER_QUERY &&
            x.rejected <= SAME_SOURCE_PER_QUERY + OFF_SOURCE_PER_QUERY,
          `rejected ${x.rejected}, expected ${SAME_SOURCE_PER_QUERY}..${SAME_SOURCE_PER_QUERY + OFF_SOURCE_PER_QUERY}`,
        );
      }
    }
    assert.equal(racer.seen.length - seenBefore, rounds * ASKS.length);
  });

  it("holds when many queries race at once", async () => {
    racer.relay = true;
    const client = new StubClient({
      servers: [endpointOf(racer.host, racer.port)],
      timeoutMs: 3000,
      retries: 0,
    });
    const asks = Array.from({ length: 4 }, () => ASKS).flat();
    const xs = await Promise.all(asks.map(([n, t]) => client.query(n, t)));
    xs.forEach((x, i) => {
      const [n, t] = asks[i]!;
      assert.equal(x.status, "NOERROR", `${n} ${t}`);
      assert.deepEqual(answerData(x), GENUINE[`${n} ${t}`]);
      assert.ok(!allData(x).includes(POISON_TEXT));
      assert.ok(x.rejected >= SAME_SOURCE_PER_QUERY, `rejected ${x.rejected}`);
    });
  });

  it("query ids and client source ports vary from query to query", () => {
    // Collected by the fake server over the queries above (control query excluded).
    const stub = racer.seen.filter((s) => s.id !== 0x1234);
    assert.ok(stub.length >= 50, `only ${stub.length} queries seen`);
    const ids = new Set(stub.map((s) => s.id));
    const ports = new Set(stub.map((s) => s.port));
    // 16-bit CSPRNG ids: a repeat among ~50 is possible (birthday), a handful is not.
    assert.ok(ids.size >= stub.length - 3, `${ids.size} distinct ids in ${stub.length} queries`);
    // Fresh socket per query: the kernel's randomised ephemeral ports, nearly all distinct.
    assert.ok(
      ports.size >= stub.length - 5,
      `${ports.size} distinct ports in ${stub.length} queries`,
    );
    // Not sequential either: consecutive ports differ by more than a small step.
    const steps = stub.slice(1).map((s, i) => Math.abs(s.port - stub[i]!.port));
    assert.ok(
      steps.filter((d) => d > 16).length >= steps.length / 2,
      `ports look sequential: ${stub.map((s) => s.port).join(" ")}`,
    );
    for (const s of stub) assert.equal(s.address, "127.0.0.1");
  });

  it("gives TIMEOUT, not a forged answer, when only forgeries come", async () => {
    racer.relay = false;
    try {
      const client = new StubClient({
        servers: [endpointOf(racer.host, racer.port)],
        timeoutMs: 300,
        retries: 1,
      });
      for (const [name, type] of ASKS.slice(0, 3)) {
        const seenBefore = racer.seen.length;
        const x = await client.query(name, type);
        assert.equal(x.status, "TIMEOUT", `${name} ${type}`);
        assert.equal(x.message, undefined);
        assert.equal(x.attempts, 2);
        // The racer shares this process: let it dispatch a query the client gave up on.
        for (let i = 0; i < 200 && racer.seen.length - seenBefore < 2; i++) await sleep(10);
        assert.equal(racer.seen.length - seenBefore, 2, "one query per attempt");
        // Both attempts drew a full burst, each on its own socket.
        assert.ok(x.rejected >= 2 * SAME_SOURCE_PER_QUERY, `rejected ${x.rejected}`);
        const [a, b] = racer.seen.slice(-2);
        assert.notEqual(a!.id, b!.id, "a retry uses a new id");
      }
    } finally {
      racer.relay = true;
    }
  });

  it("over TCP too, accepts only the genuine frame on the connection", async () => {
    racer.relay = true;
    const client = new StubClient({
      servers: [endpointOf(racer.host, racer.port)],
      tcp: true,
      timeoutMs: 2000,
      retries: 0,
    });
    for (const [name, type] of ASKS) {
      const before = racer.tcpQueries;
      const x = await client.query(name, type);
      assert.equal(x.protocol, "tcp");
      assert.equal(x.status, "NOERROR", `${name} ${type}: ${x.error ?? ""}`);
      assert.deepEqual(answerData(x), GENUINE[`${name} ${type}`], `${name} ${type}`);
      assert.ok(!allData(x).includes(POISON_TEXT));
      assert.equal(racer.tcpQueries - before, 1);
    }
    assert.ok(racer.tcpForged >= ASKS.length * SAME_SOURCE_PER_QUERY);
    // Only forged frames on the connection: a timeout, not a forged answer.
    racer.relay = false;
    try {
      const short = new StubClient({
        servers: [endpointOf(racer.host, racer.port)],
        tcp: true,
        timeoutMs: 200,
        retries: 0,
      });
      for (const [name, type] of ASKS) {
        const x = await short.query(name, type);
        assert.equal(x.status, "TIMEOUT", `${name} ${type}`);
        assert.equal(x.message, undefined);
      }
    } finally {
      racer.relay = true;
    }
  });

  describe("through the CLI", () => {
    async function lookup(...args: string[]): Promise<CliResult> {
      const stdout = new Sink();
      const stderr = new Sink();
      const status = await runCli(
        ["lookup", ...args, "--server", racer.server, "--json", "--no-store"],
        {
          stdin: Readable.from([]),
          stdout,
          stderr,
          env: { DNSIGHT_RESOLV_CONF: resolvConf },
        },
      );
      return { status, stdout: stdout.text, stderr: stderr.text };
    }

    it("prints Knot's genuine answer, never the forged one", async () => {
      racer.relay = true;
      for (let i = 0; i < 3; i++) {
        for (const [name, type] of ASKS) {
          const seenBefore = racer.seen.length;
          const relayedBefore = racer.genuineRelayed;
          const r = await lookup(name, "-t", type);
          assert.equal(r.status, 0, r.stderr);
          assert.ok(!r.stdout.includes(POISON_TEXT), r.stdout);
          const out = JSON.parse(r.stdout) as {
            status: string;
            resolver: string;
            answers: Array<{ data: string }>;
          };
          assert.equal(out.status, "NOERROR");
          assert.equal(out.resolver, racer.server);
          assert.deepEqual(
            out.answers.map((a) => a.data),
            GENUINE[`${name} ${type}`],
          );
          // The race really happened for this lookup.
          assert.equal(racer.seen.length - seenBefore, 1);
          assert.equal(racer.genuineRelayed - relayedBefore, 1);
        }
      }
    });

    it("prints TIMEOUT and exits 1 when only forgeries come", async () => {
      racer.relay = false;
      try {
        const r = await lookup("www.example.test", "--timeout", "200", "--retries", "1");
        assert.equal(r.status, 1);
        assert.ok(!r.stdout.includes(POISON_TEXT), r.stdout);
        const out = JSON.parse(r.stdout) as {
          status: string;
          answers: unknown[];
          additionals: unknown[];
        };
        assert.equal(out.status, "TIMEOUT");
        assert.deepEqual(out.answers, []);
        assert.deepEqual(out.additionals, []);
      } finally {
        racer.relay = true;
      }
    });
  });
});
