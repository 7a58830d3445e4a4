// The transfer reader against a TCP server on loopback that sends what the test
// builds: IXFR with two difference sequences spread over many messages, the
// AXFR-style and up-to-date answers, and the hostile ones (an endless stream, a
// server that goes quiet, one that hangs up half-way).
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, describe, it } from "node:test";
import { transferZone } from "../../../src/dns/client/zone-transfer.js";
import {
  decodeMessage,
  encodeMessage,
  type ResourceRecord,
} from "../../../src/dns/wire/message.js";

const soa = (serial: number): ResourceRecord => ({
  name: "z.test.",
  type: "SOA",
  class: "IN",
  ttl: 60,
  data: `ns.z.test. h.z.test. ${serial} 1 1 1 1`,
});
const a = (name: string, ip: string): ResourceRecord => ({
  name: `${name}.z.test.`,
  type: "A",
  class: "IN",
  ttl: 60,
  data: ip,
});

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server answering the query with `reply(id)` messages (or doing its own thing with the socket). */
async function serve(reply: (id: number, sock: Socket) => Buffer[] | void): Promise<number> {
  const server = createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on("data", (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      const q = decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      for (const m of reply(q.id, sock) ?? []) {
        const f = Buffer.alloc(2 + m.length);
        f.writeUInt16BE(m.length, 0);
        m.copy(f, 2);
        sock.write(f);
      }
    });
    sock.on("error", () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

const msg = (id: number, answers: ResourceRecord[]): Buffer =>
  encodeMessage({
    id,
    flags: { qr: true, aa: true },
    questions: [{ name: "z.test.", type: "IXFR", class: "IN" }],
    answers,
  });

const ep = (port: number) => ({ address: "127.0.0.1", port, family: 4 as const });

describe("zone transfer reader", () => {
  it("IXFR with two difference sequences over one message per record", async () => {
    const seq = [
      soa(3),
      soa(1),
      a("old", "192.0.2.1"),
      soa(2),
      a("mid", "192.0.2.2"),
      soa(2),
      a("mid", "192.0.2.2"),
      soa(3),
      a("new", "192.0.2.3"),
      soa(3),
    ];
    const port = await serve((id) => seq.map((rr) => msg(id, [rr])));
    const t = await transferZone(ep(port), "z.test.", { type: "IXFR", serial: 1 });
    assert.equal(t.kind, "incremental");
    assert.equal(t.serial, 3);
    assert.equal(t.messages, 10);
    assert.deepEqual(
      t.records.map(
        (r) => `${r.change ?? "-"} ${r.type} ${r.type === "SOA" ? r.data.split(" ")[2] : r.name}`,
      ),
      [
        "- SOA 3",
        "deleted SOA 1",
        "deleted A old.z.test.",
        "added SOA 2",
        "added A mid.z.test.",
        "deleted SOA 2",
        "deleted A mid.z.test.",
        "added SOA 3",
        "added A new.z.test.",
        "- SOA 3",
      ],
    );
  });

  it("IXFR answered with the whole zone, or with one SOA when up to date", async () => {
    const full = await serve((id) => [msg(id, [soa(5), a("www", "192.0.2.9")]), msg(id, [soa(5)])]);
    const t = await transferZone(ep(full), "z.test.", { type: "IXFR", serial: 1 });
    assert.deepEqual([t.kind, t.records.length], ["full", 3]);
    const current = await serve((id) => [msg(id, [soa(5)])]);
    const c = await transferZone(ep(current), "z.test.", { type: "IXFR", serial: 5 });
    assert.deepEqual([c.kind, c.records.length], ["current", 1]);
  });

  it("an endless stream stops at the record cap; a quiet server at the idle timeout; a hang-up is an error", async () => {
    const endless = await serve((id, sock) => {
      sock.write(frame(msg(id, [soa(1)])));
      const t = setInterval(
        () =>
          sock.write(
            frame(
              msg(
                id,
                Array.from({ length: 50 }, (_, i) => a(`n${i}`, "192.0.2.1")),
              ),
            ),
          ),
        1,
      );
      sock.on("close", () => clearInterval(t));
    });
    await assert.rejects(
      transferZone(ep(endless), "z.test.", { type: "AXFR", maxRecords: 5000 }),
      /more than 5000 records/,
    );
    const quiet = await serve((id) => [msg(id, [soa(1), a("www", "192.0.2.1")])]);
    await assert.rejects(
      transferZone(ep(quiet), "z.test.", { type: "AXFR", idleTimeoutMs: 200 }),
      /no data for 200 ms/,
    );
    const hangup = await serve((id, sock) => {
      sock.end(frame(msg(id, [soa(1)])));
    });
    await assert.rejects(
      transferZone(ep(hangup), "z.test.", { type: "AXFR" }),
      /closed the connection before the end/,
    );
    const wrong = await serve((id) => [msg(id, [a("www", "192.0.2.1")])]);
    await assert.rejects(
      transferZone(ep(wrong), "z.test.", { type: "AXFR" }),
      /does not start with the SOA/,
    );
  });
});

function frame(m: Buffer): Buffer {
  const f = Buffer.alloc(2 + m.length);
  f.writeUInt16BE(m.length, 0);
  m.copy(f, 2);
  return f;
}
