// The dnstap listener on loopback, driven by a small Frame Streams writer of our own
// (the writer side of fstrm's handshake, built from the same frame codec): TCP and unix
// sockets, bidirectional and unidirectional writers, several at once, protocol errors,
// and close().
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { DnstapRecord } from "../../src/passive/sources/dnstap/dnstap-message.js";
import { encodeDnstap } from "../../src/passive/sources/dnstap/encode.js";
import {
  encodeControl,
  encodeData,
  FrameReader,
  type Frame,
} from "../../src/passive/sources/dnstap/frame-streams.js";
import {
  listenDnstap,
  parseListenAddress,
  type DnstapListener,
} from "../../src/passive/sources/dnstap/listener.js";
import { makeTmpDir } from "../helpers/tmp.js";

const CT = "protobuf:dnstap.Dnstap";

const record = (i: number, identity = "w"): DnstapRecord => ({
  identity,
  messageType: "RESOLVER_RESPONSE",
  socketFamily: "INET",
  socketProtocol: "UDP",
  responseAddress: "127.0.0.2",
  responsePort: 53,
  responseTime: 1_700_000_000_000 + i,
  queryZone: "example.test.",
  responseMessage: Uint8Array.from([i & 255, 0]),
});

/** A Frame Streams writer: READY/ACCEPT/START/…/STOP/FINISH, or START/…/STOP. */
class Writer {
  readonly socket: Socket;
  private readonly reader: FrameReader;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.reader = new FrameReader(socket, "writer");
  }

  static async open(spec: string): Promise<Writer> {
    const a = parseListenAddress(spec);
    const socket = a.kind === "unix" ? connect(a.path) : connect({ host: a.host, port: a.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new Writer(socket);
  }

  send(b: Uint8Array): void {
    this.socket.write(b);
  }

  async expect(type: string): Promise<Frame> {
    const f = await withTimeout(this.reader.next(), `${type} from the listener`);
    assert.ok(
      f?.kind === "control" && f.control.type === type,
      `expected ${type}, got ${JSON.stringify(f)}`,
    );
    return f;
  }

  /** Resolves when the listener has closed its side. */
  async closed(): Promise<void> {
    await withTimeout(this.reader.next(), "the listener to close").catch(() => undefined);
  }

  async run(records: DnstapRecord[], bidirectional: boolean): Promise<void> {
    if (bidirectional) {
      this.send(encodeControl("READY", ["other:type", CT]));
      const accept = await this.expect("ACCEPT");
      assert.deepEqual(accept.kind === "control" && accept.control.contentTypes, [CT]);
    }
    this.send(encodeControl("START", [CT]));
    for (const r of records) this.send(encodeData(encodeDnstap(r)));
    this.send(encodeControl("STOP"));
    if (bidirectional) await this.expect("FINISH");
    await this.closed();
    this.socket.destroy();
  }
}

async function withTimeout<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects the listener's records in the background until it closes. */
function drain(l: DnstapListener): { records: DnstapRecord[]; done: Promise<void> } {
  const records: DnstapRecord[] = [];
  const done = (async () => {
    for await (const r of l.records) records.push(r);
  })();
  return { records, done };
}

describe("dnstap listener", () => {
  it("takes bidirectional and unidirectional writers over TCP, several at once", async (t) => {
    const errors: Error[] = [];
    const l = await listenDnstap("tcp:127.0.0.1:0", { onError: (e) => errors.push(e) });
    t.after(() => l.close());
    assert.match(l.address, /^tcp:127\.0\.0\.1:\d+$/);
    const got = drain(l);
    const writers = await Promise.all([0, 1, 2, 3].map(() => Writer.open(l.address)));
    await Promise.all(
      writers.map((w, n) =>
        w.run(
          Array.from({ length: 50 }, (_, i) => record(i, `w${n}`)),
          n % 2 === 0,
        ),
      ),
    );
    await withTimeout(l.close(), "close");
    await withTimeout(got.done, "the records to end");
    assert.deepEqual(errors, []);
    for (let n = 0; n < 4; n++) {
      const mine = got.records.filter((r) => r.identity === `w${n}`);
      assert.deepEqual(
        mine,
        Array.from({ length: 50 }, (_, i) => record(i, `w${n}`)),
        `writer ${n}`,
      );
    }
  });

  it("listens on a unix socket, replacing a stale one, and removes it on close", async (t) => {
    const dir = makeTmpDir("dt", t);
    const path = join(dir.path, "dnstap.sock");
    const first = await listenDnstap(`unix:${path}`);
    assert.equal(first.address, `unix:${path}`);
    await first.close();
    assert.equal(existsSync(path), false, "close() removes the socket file");
    // A socket file left behind (a killed collector) does not stop the next one.
    const stale = await listenDnstap(`unix:${path}`);
    const l = await listenDnstap(`unix:${path}`);
    t.after(() => Promise.all([stale.close(), l.close()]));
    const got = drain(l);
    const w = await Writer.open(l.address);
    await w.run([record(1), record(2)], true);
    await l.close();
    await got.done;
    assert.deepEqual(got.records, [record(1), record(2)]);
    // A regular file in the way is not ours to remove.
    const file = join(dir.path, "plain");
    writeFileSync(file, "x");
    await assert.rejects(listenDnstap(`unix:${file}`), /plain exists and is not a socket/);
  });

  it("a writer breaking the protocol is reported and cut off; the others go on", async (t) => {
    const errors: Error[] = [];
    const l = await listenDnstap("tcp:127.0.0.1:0", { onError: (e) => errors.push(e) });
    t.after(() => l.close());
    const got = drain(l);
    const wrongType = await Writer.open(l.address);
    wrongType.send(encodeControl("READY", ["protobuf:something.Else"]));
    await wrongType.closed();
    const dataFirst = await Writer.open(l.address);
    dataFirst.send(encodeData(encodeDnstap(record(9))));
    await dataFirst.closed();
    const badControl = await Writer.open(l.address);
    badControl.send(Buffer.from([0, 0, 0, 0, 0, 0, 4, 0])); // control frame of 1024 bytes
    await badControl.closed();
    // A frame whose protobuf does not decode is skipped, not fatal.
    const good = await Writer.open(l.address);
    good.send(encodeControl("START", [CT]));
    good.send(encodeData(Uint8Array.from([0x0b])));
    good.send(encodeData(encodeDnstap(record(3))));
    good.send(encodeControl("STOP"));
    await good.closed();
    await l.close();
    await got.done;
    assert.deepEqual(got.records, [record(3)]);
    assert.equal(l.skipped.total, 1);
    const messages = errors.map((e) => e.message);
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.match(
      messages[0]!,
      /^tcp:127\.0\.0\.1:\d+ \(127\.0\.0\.1:\d+\): READY offers "protobuf:something\.Else", not "protobuf:dnstap\.Dnstap" at byte 0$/,
    );
    assert.match(messages[1]!, /expected a START control frame, found a data frame at byte 0$/);
    assert.match(messages[2]!, /control frame of 1024 bytes \(at most 512\) at byte 0$/);
  });

  it("close() gives an open connection its grace time, then cuts it; records so far are kept", async (t) => {
    const l = await listenDnstap("tcp:127.0.0.1:0", { closeGraceMs: 200 });
    t.after(() => l.close());
    const got = drain(l);
    const w = await Writer.open(l.address);
    w.send(encodeControl("READY", [CT]));
    await w.expect("ACCEPT");
    w.send(encodeControl("START", [CT]));
    w.send(encodeData(encodeDnstap(record(1))));
    while (got.records.length < 1) await sleep(5);
    assert.equal(l.connections, 1);
    const started = Date.now();
    await withTimeout(l.close(), "close");
    assert.ok(Date.now() - started >= 150, "waited for the writer's STOP");
    await withTimeout(got.done, "the records to end");
    assert.deepEqual(got.records, [record(1)]);
    await w.closed();
    w.socket.destroy();
    await assert.rejects(Writer.open(l.address), /ECONNREFUSED/);
  });

  it("a slow consumer pauses the writers instead of buffering without bound", async (t) => {
    const l = await listenDnstap("tcp:127.0.0.1:0", { highWaterMark: 4 });
    t.after(() => l.close());
    const w = await Writer.open(l.address);
    const payload = encodeData(
      encodeDnstap({ ...record(0), responseMessage: new Uint8Array(60_000) }),
    );
    w.send(encodeControl("START", [CT]));
    let sent = 0;
    // Write until the socket stops taking data: the listener stopped reading.
    while (w.socket.write(payload) && sent < 2000) sent++;
    await sleep(200);
    assert.ok(sent < 2000, "the writer was never pushed back");
    const it = l.records[Symbol.asyncIterator]();
    const first = await it.next();
    assert.equal(first.done, false);
    await it.return?.(); // the consumer leaving closes the listener
    w.socket.destroy();
  });

  it("parses listen addresses", () => {
    assert.deepEqual(parseListenAddress("unix:/run/d.sock"), { kind: "unix", path: "/run/d.sock" });
    assert.deepEqual(parseListenAddress("tcp:[::1]:6000"), {
      kind: "tcp",
      host: "::1",
      port: 6000,
    });
    assert.deepEqual(parseListenAddress("tcp:localhost:6000"), {
      kind: "tcp",
      host: "localhost",
      port: 6000,
    });
    assert.throws(() => parseListenAddress("udp:1.2.3.4:5"), /neither unix:PATH nor tcp:HOST:PORT/);
    assert.throws(() => parseListenAddress("tcp:1.2.3.4:70000"), /neither/);
  });
});
