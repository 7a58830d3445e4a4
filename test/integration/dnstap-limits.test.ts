// Issue 10 §5: what peers may cost a dnstap listener. 300 connections each holding
// a partial 1 MiB frame held 375 MB, and a silent connection was kept for ever. Now
// connections are capped, a quiet one or a frame that never completes is closed, and
// the bytes held across all connections are bounded: the connection that would pass
// the bound is closed. Each closing is counted and reported. Raw sockets on loopback.
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeDnstap } from "../../src/passive/sources/dnstap/encode.js";
import { encodeControl, encodeData } from "../../src/passive/sources/dnstap/frame-streams.js";
import { listenDnstap, type DnstapListener } from "../../src/passive/sources/dnstap/listener.js";

const CT = "protobuf:dnstap.Dnstap";
const MiB = 1 << 20;

async function open(l: DnstapListener): Promise<Socket> {
  const m = /^tcp:(.+):(\d+)$/.exec(l.address)!;
  const s = connect({ host: m[1]!, port: Number(m[2]) });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("error", reject);
  });
  s.on("error", () => undefined); // a reset from the listener is what some tests expect
  return s;
}

/** Resolves once the listener has closed the socket. */
const closed = (s: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (s.destroyed || s.readableEnded) return resolve();
    s.once("close", () => resolve());
    s.resume();
  });

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The first `bytes` bytes of a data frame that says it holds `length`. */
function partialFrame(length: number, bytes: number): Buffer {
  const b = Buffer.alloc(4 + bytes, 0x41);
  b.writeUInt32BE(length, 0);
  return b;
}

const record = (i: number) =>
  encodeData(
    encodeDnstap({
      messageType: "AUTH_RESPONSE",
      responseTime: 1_700_000_000_000 + i,
      responseMessage: Uint8Array.from([i & 255, 0]),
    }),
  );

describe("dnstap listener limits", () => {
  it("refuses connections over the cap, counts and reports them; a freed slot is taken again", async (t) => {
    const errors: string[] = [];
    const l = await listenDnstap("tcp:127.0.0.1:0", {
      maxConnections: 3,
      onError: (e) => errors.push(e.message),
    });
    t.after(() => l.close());
    const socks = await Promise.all(Array.from({ length: 5 }, () => open(l)));
    await until("two refusals", () => l.dropped.get("over the connection cap") === 2);
    assert.equal(l.connections, 3);
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /refused: 3 connections are open$/);
    const kept = [];
    for (const s of socks) if (!s.destroyed && !s.readableEnded) kept.push(s);
    kept[0]!.destroy();
    await until("the slot to free", () => l.connections === 2);
    const again = await open(l);
    again.write(encodeControl("START", [CT]));
    await sleep(100);
    assert.equal(l.connections, 3);
    for (const s of [...socks, again]) s.destroy();
  });

  it("closes a connection idle between frames, and one whose frame stalls half way", async (t) => {
    const errors: string[] = [];
    const l = await listenDnstap("tcp:127.0.0.1:0", {
      idleTimeoutMs: 300,
      frameTimeoutMs: 300,
      onError: (e) => errors.push(e.message),
    });
    t.after(() => l.close());
    const records: number[] = [];
    void (async () => {
      for await (const r of l.records) records.push(r.responseTime!);
    })();
    const silent = await open(l);
    const quiet = await open(l);
    quiet.write(Buffer.concat([encodeControl("START", [CT]), record(1)]));
    const stalled = await open(l);
    stalled.write(Buffer.concat([encodeControl("START", [CT]), partialFrame(500, 100)]));
    const t0 = Date.now();
    await Promise.all([closed(silent), closed(quiet), closed(stalled)]);
    assert.ok(Date.now() - t0 >= 250, "closed before its time");
    await until(
      "three closings counted",
      () => [...l.dropped.values()].reduce((a, b) => a + b, 0) === 3,
    );
    assert.deepEqual([...l.dropped].sort(), [
      ["frame too slow", 1],
      ["idle", 2],
    ]);
    assert.deepEqual(records, [1_700_000_000_001]);
    assert.ok(
      errors.some((m) => /idle for 0\.3 s; closed$/.test(m)),
      errors.join("\n"),
    );
    assert.ok(errors.some((m) => /a frame not complete after 0\.3 s; closed$/.test(m)));
    assert.equal(l.bufferedBytes, 0);
  });

  it("bounds the bytes held across connections: the one that would pass it is closed", async (t) => {
    const l = await listenDnstap("tcp:127.0.0.1:0", { maxBufferedBytes: 4 * MiB });
    t.after(() => l.close());
    const got: number[] = [];
    void (async () => {
      for await (const r of l.records) got.push(r.responseTime!);
    })();
    const start = encodeControl("START", [CT]);
    const socks = await Promise.all(Array.from({ length: 10 }, () => open(l)));
    for (const s of socks) s.write(Buffer.concat([start, partialFrame(MiB, MiB / 2)]));
    await until("six to be closed", () => l.dropped.get("over the buffer limit") === 6);
    assert.equal(l.connections, 4);
    assert.ok(l.bufferedBytes <= 4 * MiB, `${l.bufferedBytes} bytes held`);
    // The four finish their frames (a byte too few to decode is skipped, not kept)...
    const live = socks.filter((s) => !s.destroyed && !s.readableEnded);
    for (const s of live) s.write(Buffer.concat([Buffer.alloc(MiB / 2, 0x41), record(7)]));
    await until("their records", () => got.length === 4);
    // ...and once consumed, the bytes are free for new frames.
    await until("the budget to empty", () => l.bufferedBytes === 0);
    assert.equal(l.skipped.total, 4);
    for (const s of socks) s.destroy();
  });

  it("while partial 1 MiB frames fill the bound, a writer of small frames goes on: the hogs make way", async (t) => {
    const l = await listenDnstap("tcp:127.0.0.1:0", {
      maxBufferedBytes: 4 * MiB,
      onError: () => undefined,
    });
    t.after(() => l.close());
    const got: number[] = [];
    void (async () => {
      for await (const r of l.records) got.push(r.responseTime!);
    })();
    const start = encodeControl("START", [CT]);
    const hogs = await Promise.all(Array.from({ length: 4 }, () => open(l)));
    for (const s of hogs) s.write(Buffer.concat([start, partialFrame(MiB, MiB - 100)]));
    await until("the bound to fill", () => l.bufferedBytes === 4 * MiB);
    const writer = await open(l);
    writer.write(start);
    for (let i = 0; i < 1000; i++) writer.write(record(i));
    await until("the small frames", () => got.length === 1000);
    assert.equal(l.dropped.get("over the buffer limit"), 1);
    assert.ok(!writer.destroyed && !writer.readableEnded, "the writer was closed");
    assert.ok(l.bufferedBytes <= 4 * MiB);
    for (const s of [...hogs, writer]) s.destroy();
  });

  it("300 connections holding partial 1 MiB frames do not hold 300 MiB", async (t) => {
    const l = await listenDnstap("tcp:127.0.0.1:0", { onError: () => undefined });
    t.after(() => l.close());
    void (async () => {
      for await (const _ of l.records) void _;
    })();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const start = encodeControl("START", [CT]);
    const body = partialFrame(MiB, MiB - 1);
    const socks: Socket[] = [];
    for (let i = 0; i < 300; i++) {
      const s = await open(l).catch(() => undefined);
      if (!s) continue;
      socks.push(s);
      s.write(start);
      s.write(body);
    }
    await sleep(1000);
    clearInterval(sample);
    peak = Math.max(peak, process.memoryUsage().rss);
    // The frames the listener held, and the writers' own buffers in this same process.
    assert.ok(peak - before < 200 * MiB, `RSS grew ${Math.round((peak - before) / MiB)} MiB`);
    const dropped = Object.fromEntries(l.dropped);
    t.diagnostic(
      `peak RSS growth ${Math.round((peak - before) / MiB)} MiB; held ${Math.round(l.bufferedBytes / MiB)} MiB; ` +
        `open ${l.connections}; closed ${JSON.stringify(dropped)}`,
    );
    assert.ok(l.bufferedBytes <= 32 * MiB);
    assert.ok(l.connections <= 128);
    assert.equal(
      (dropped["over the connection cap"] ?? 0) +
        (dropped["over the buffer limit"] ?? 0) +
        l.connections,
      300,
    );
    for (const s of socks) s.destroy();
  });
});
