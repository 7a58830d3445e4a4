// MmsgChannel when the socket buffer is full (sendmmsg stops short with EAGAIN), a
// failure loopback cannot provoke: a stand-in addon takes two datagrams a call until
// told the socket is writable. What was not taken waits, in order, and nothing is
// sent twice; replies still match.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UdpOutcome } from "../../../src/dns/client/channel.js";
import { endpointOf } from "../../../src/dns/client/endpoint.js";
import type { MmsgAddon, MmsgHandle } from "../../../src/dns/client/mmsg-addon.js";
import { MmsgChannel } from "../../../src/dns/client/mmsg-channel.js";
import { encodeQuery } from "../../../src/dns/wire/query.js";

function fakeAddon() {
  const wire: Buffer[] = [];
  const calls: number[] = [];
  let onBatch!: (data: Buffer, count: number, rejected: number) => void;
  let onWritable!: () => void;
  let room = 2;
  const addon: MmsgAddon = {
    open(_f, _a, _p, _r, batch, writable) {
      onBatch = batch;
      onWritable = writable;
      return {} as MmsgHandle;
    },
    send(_h, packets, start) {
      const n = Math.min(room, packets.length - start);
      wire.push(...packets.slice(start, start + n));
      calls.push(n);
      room -= n;
      return n;
    },
    drain() {},
    close() {},
  };
  return {
    addon,
    wire,
    calls,
    /** The socket drains: room for `n` more, and the channel is told. */
    writable(n: number) {
      room = n;
      onWritable();
    },
    /** Replies to the given queries, in one batch. */
    reply(queries: Buffer[]) {
      const parts = queries.flatMap((q) => {
        const r = Buffer.from(q);
        r[2]! |= 0x80;
        return [Buffer.from([r.length >> 8, r.length & 0xff]), r];
      });
      onBatch(Buffer.concat(parts), queries.length, 0);
    },
  };
}

describe("MmsgChannel on EAGAIN", () => {
  it("keeps what the socket did not take, sends it in order when writable, once", async () => {
    const f = fakeAddon();
    const ch = new MmsgChannel(f.addon, endpointOf("127.0.0.1", 53));
    const outcomes: Promise<UdpOutcome>[] = [];
    const packets: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      const id = ch.allocId();
      const packet = encodeQuery(id, `q${i}.test`, "A");
      packets.push(packet);
      outcomes.push(new Promise((done) => ch.send({ packet, id, timeoutMs: 5000, done })));
    }
    await new Promise((r) => process.nextTick(r));
    assert.deepEqual(f.calls, [2]);
    // More queries while blocked wait behind the first ones; no send is tried.
    const id = ch.allocId();
    const late = encodeQuery(id, "late.test", "A");
    packets.push(late);
    outcomes.push(new Promise((done) => ch.send({ packet: late, id, timeoutMs: 5000, done })));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(f.calls, [2]);
    f.writable(3);
    assert.deepEqual(f.calls, [2, 3]);
    f.writable(10);
    assert.deepEqual(f.calls, [2, 3, 1]);
    assert.deepEqual(f.wire, packets);
    f.reply(packets);
    for (const o of await Promise.all(outcomes)) assert.equal(o.kind, "reply");
    assert.equal(ch.size, 0);
    assert.equal(ch.sent, 6);
    ch.close();
  });
});
