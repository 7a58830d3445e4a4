// The in-process API call (src/api/in-process.ts) and the in-memory connection it
// runs on (src/api/_duplex-pair.ts): what the endpoint tests rely on to stand for a
// socket. Bytes in order, backpressure, EOF after the last byte, a closed end
// refusing writes; and an answer that is streamed, counted as a connection while
// under way, and cut by close().

import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { duplexPair } from "../../../src/api/_duplex-pair.js";
import { inProcessApi, type InProcessApi } from "../../../src/api/in-process.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";

describe("duplexPair", () => {
  it("carries bytes in order both ways, and EOF after the last byte", async () => {
    const [a, b] = duplexPair();
    const got: string[] = [];
    b.on("data", (c: Buffer) => got.push(c.toString()));
    b.write("back");
    const [back] = (await once(a, "data")) as [Buffer];
    assert.equal(back.toString(), "back");
    a.write("one ");
    a.write("two");
    a.end();
    await once(b, "end");
    assert.equal(got.join(""), "one two");
  });

  it("holds a writer while its reader does not read (backpressure), and lets it go when it does", async () => {
    const [a, b] = duplexPair();
    const chunk = Buffer.alloc(64 * 1024);
    let written = 0;
    while (written < 64 && a.write(chunk)) written++;
    // The reader's buffer is full: the writer was told to wait long before 1 MiB.
    assert.ok(written < 16, `${written} chunks taken unread`);
    const drained = once(a, "drain");
    b.resume();
    await drained;
  });

  it("destroying one end sends EOF to the other after what was written, and refuses writes to it", async () => {
    const [a, b] = duplexPair();
    a.write("last words");
    a.destroy();
    let text = "";
    b.on("data", (c: Buffer) => (text += c.toString()));
    await once(b, "end");
    assert.equal(text, "last words");
    // b closes by itself (not half-open), without an error, as a socket whose peer hung up
    if (!b.destroyed) await once(b, "close");
    assert.equal(b.errored, null);
    const [c, d] = duplexPair();
    d.destroy();
    const failed = once(c, "error");
    c.write("to nobody");
    const [e] = (await failed) as [Error];
    assert.match(e.message, /closed connection/);
  });
});

describe("inProcessApi", () => {
  let rig: ApiRig;
  let api: InProcessApi;
  const log: string[] = [];
  before(async () => {
    rig = await inProcessRig();
    api = inProcessApi({ store: rig.store, log: (l) => log.push(l), pageSize: 2 });
  });
  after(() => rig.close());

  it("answers as the server does, a fetch Response, and counts the connection until the answer ends", async () => {
    const res = await api.request("/dnsdb/v2/ping", { headers: { "x-api-key": rig.key } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), { ping: "ok" });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(api.connections(), 0);
    const stream = await api.request(
      `/dnsdb/v2/lookup/rrset/name/${encodeURIComponent("*.bulk.example.org")}`,
      {
        headers: { "x-api-key": rig.key },
      },
    );
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get("transfer-encoding"), "chunked");
    assert.equal(api.connections(), 1);
    const lines = (await stream.text()).trim().split("\n");
    assert.equal(lines.length, 32);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(api.connections(), 0);
  });

  it("refuses a request body with 413, as over a socket", async () => {
    const res = await api.request("/dnsdb/v2/ping", {
      headers: { "x-api-key": rig.key },
      body: "x".repeat(100),
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { cond: "failed", msg: "requests here have no body" });
  });

  it("close() cuts an answer under way; the log says it was aborted", async () => {
    // 5000 COF lines, more than the stream buffers hold: unread, the answer waits to write
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      rrname: `h${i}.big.example`,
      rrtype: "A",
      rdata: `10.0.${i >> 8}.${i & 255}`,
      timeFirst: T,
      timeLast: T,
      count: 1,
      source: "passive" as const,
    }));
    const big = await inProcessRig({}, rows);
    try {
      const other = inProcessApi({ store: big.store, log: (l) => log.push(l), pageSize: 100 });
      const res = await other.request(`/pdns/query/${encodeURIComponent("*.big.example")}`, {
        headers: { "x-api-key": big.key },
      });
      assert.equal(res.status, 200);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(other.connections(), 1);
      log.length = 0;
      await other.close();
      assert.equal(other.connections(), 0);
      await assert.rejects(res.text());
      await new Promise((r) => setTimeout(r, 20));
      assert.match(
        log.join("\n"),
        /^GET \/pdns\/query\/\*\.big\.example 200 \d+ms \d+ rows \(aborted\)$/,
      );
    } finally {
      await big.close();
    }
  });
});
