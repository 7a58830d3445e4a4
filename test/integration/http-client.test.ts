// The one HTTP client against real servers on loopback, reached by host name:
// both shapes of the socket's lookup, GET and POST, the deadline over the whole
// exchange (a server trickling a byte at a time), the size cap, abort, the guard
// (no packet to a refused address), and messages that never print the path.
import assert from "node:assert/strict";
import { request as nodeRequest, createServer, type IncomingMessage } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { guardedLookup } from "../../src/net/guarded-lookup.js";
import { httpRequest } from "../../src/net/http-client.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";

const local = { allowLoopback: true };

describe("httpRequest", () => {
  let web: LocalhostServer;
  let trickle: LocalhostServer;
  const seen: { method?: string; url?: string; host?: string; body: string }[] = [];
  const sockets = new Set<Socket>();

  before(async () => {
    web = await listenLocalhost(() =>
      createServer((req: IncomingMessage, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
          if (req.url === "/big")
            return void res.writeHead(200, { "content-length": "200000" }).end("x".repeat(200_000));
          if (req.url === "/big-chunked") {
            res.writeHead(200);
            for (let i = 0; i < 20; i++) res.write("y".repeat(10_000));
            return void res.end();
          }
          if (req.url === "/slow-body") {
            // One byte now and then: no idle timeout ever fires, only a deadline does.
            res.writeHead(200, { "content-length": "1000" });
            const t = setInterval(() => res.write("z"), 100);
            res.on("close", () => clearInterval(t));
            return;
          }
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ method: req.method, body, type: req.headers["content-type"] }));
        });
      }),
    );
    // A server that trickles its status line itself, one byte every 100 ms.
    trickle = await listenLocalhost(() =>
      createTcpServer((s) => {
        sockets.add(s);
        const reply = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        let i = 0;
        const t = setInterval(() => (i < reply.length ? s.write(reply[i++]!) : undefined), 100);
        s.on("close", () => clearInterval(t));
        s.on("error", () => clearInterval(t));
      }),
    );
  });
  after(() => {
    for (const s of sockets) s.destroy();
    web.close();
    trickle.close();
  });

  it("GETs by host name: the { all: true } lookup of Node 20 gets every address", async () => {
    const r = await httpRequest(new URL(`${web.base}/hello`), local);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body.toString()), { method: "GET", body: "" });
    assert.equal(seen.at(-1)!.host, `localhost:${web.port}`);
  });

  it("answers both call shapes of the socket's lookup", async () => {
    const lookup = guardedLookup(local);
    const list = await new Promise<unknown>((res, rej) =>
      lookup("localhost", { all: true }, (e, a) => (e ? rej(e) : res(a))),
    );
    assert.ok(Array.isArray(list) && list.length >= 1, JSON.stringify(list));
    for (const a of list as { address: string; family: number }[])
      assert.ok(a.family === 4 || a.family === 6, JSON.stringify(a));
    const one = await new Promise<[string, number]>((res, rej) =>
      lookup("localhost", {}, (e, a, f) => (e ? rej(e) : res([a as string, f!]))),
    );
    assert.match(one[0], /^(127\.0\.0\.1|::1)$/);
    assert.equal(one[1], one[0].includes(":") ? 6 : 4);
    // And through a socket with autoselection off, which asks for one address.
    const status = await new Promise<number>((res, rej) => {
      const req = nodeRequest(
        `${web.base}/single`,
        // autoSelectFamily is a net.connect option that @types/node's http types omit.
        { lookup, agent: false, ...({ autoSelectFamily: false } as object) },
        (r) => {
          r.resume();
          res(r.statusCode!);
        },
      );
      req.on("error", rej);
      req.end();
    });
    assert.equal(status, 200);
  });

  it("POSTs a body with headers", async () => {
    const r = await httpRequest(new URL(`${web.base}/post`), {
      ...local,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    assert.deepEqual(JSON.parse(r.body.toString()), {
      method: "POST",
      body: '{"a":1}',
      type: "application/json",
    });
  });

  it("connects to a given address while asking for the URL's host (the takeover probe)", async () => {
    const r = await httpRequest(new URL(`http://blog.watched.test:${web.port}/`), {
      ...local,
      address: "127.0.0.1",
    });
    assert.equal(r.status, 200);
    assert.equal(seen.at(-1)!.host, `blog.watched.test:${web.port}`);
    await assert.rejects(
      httpRequest(new URL(`http://blog.watched.test:${web.port}/`), { address: "127.0.0.1" }),
      /refusing blog\.watched\.test: it resolves to 127\.0\.0\.1, loopback/,
    );
  });

  it("gives up at the deadline on a server that trickles, whatever its pace", async () => {
    for (const [url, o] of [
      [`${web.base}/slow-body`, {}],
      [trickle.base + "/", {}],
      [trickle.base + "/", { headersOnly: true }],
    ] as const) {
      const t0 = Date.now();
      await assert.rejects(
        httpRequest(new URL(url), { ...local, ...o, timeoutMs: 700 }),
        /^DnsightError: HTTP localhost:\d+: no complete answer in 700 ms$/,
      );
      const took = Date.now() - t0;
      assert.ok(took >= 650 && took < 1500, `${url} gave up after ${took} ms`);
    }
  });

  it("stops at the size cap, declared or streamed, and on abort", async () => {
    await assert.rejects(
      httpRequest(new URL(`${web.base}/big`), { ...local, maxBytes: 100_000 }),
      /response of 200000 bytes is larger than 100000, dropped/,
    );
    await assert.rejects(
      httpRequest(new URL(`${web.base}/big-chunked`), { ...local, maxBytes: 100_000 }),
      /response larger than 100000 bytes, dropped/,
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(
      httpRequest(new URL(`${web.base}/slow-body`), { ...local, signal: ac.signal }),
      /HTTP localhost:\d+: aborted/,
    );
    await assert.rejects(
      httpRequest(new URL(`${web.base}/slow-body`), {
        ...local,
        signal: AbortSignal.timeout(200),
      }),
      (e: Error & { code?: string }) => e.code === "TIMEOUT" && /timed out/.test(e.message),
    );
    const before = seen.length;
    await assert.rejects(
      httpRequest(new URL(`${web.base}/hello`), { ...local, signal: AbortSignal.abort() }),
      /^DnsightError: HTTP localhost:\d+: aborted$/,
    );
    assert.equal(seen.length, before, "an aborted call sends nothing");
  });

  it("refuses loopback unless allowed, by name and by literal, before any packet", async () => {
    const before = seen.length;
    await assert.rejects(
      httpRequest(new URL(`${web.base}/token-abc123`), { label: "RDAP" }),
      /^DnsightError: RDAP localhost:\d+: refusing localhost: it resolves to (127\.0\.0\.1|::1), loopback/,
    );
    await assert.rejects(
      httpRequest(new URL(`http://127.0.0.1:${web.port}/`)),
      /refusing 127\.0\.0\.1: it is loopback/,
    );
    await assert.rejects(
      httpRequest(new URL(`http://[::ffff:127.0.0.1]:${web.port}/`)),
      /IPv4-mapped .* loopback/,
    );
    await assert.rejects(
      httpRequest(new URL(`http://localhost:${web.port}/`), { allowRanges: [] }),
      /refusing localhost/,
    );
    assert.equal(seen.length, before, "nothing reached the server");
  });

  it("names the label and host in one line, never the path", async () => {
    const e = await httpRequest(new URL("http://localhost:9/services/T000/B000/secret-XXXX?k=v"), {
      ...local,
      label: "webhook",
    }).catch((x: Error) => x);
    assert.ok(e instanceof Error);
    assert.match(e.message, /^webhook localhost:9: .*ECONNREFUSED/);
    assert.doesNotMatch(e.message, /secret|T000|k=v|\n/);
    await assert.rejects(httpRequest(new URL("ftp://localhost/")), /ftp: is not http\(s\)/);
  });
});
