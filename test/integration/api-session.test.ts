// The login over real sockets on 127.0.0.1: over TLS (an HTTPS server with a
// certificate made here by openssl) the cookie is Secure and our origin is https;
// over plain HTTP the body is read against its deadline and cap, a slow or endless
// body cut off, and Expect: 100-continue answered.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import type { AddressInfo } from "node:net";
import { createApiHandler } from "../../src/api/server.js";
import { startRig, type SocketRig } from "../unit/api/_server.js";
import { addUser, loginBody, logIn } from "../unit/api/_session.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { makeCert } from "../helpers/tls-cert.js";
import { assertLoopback } from "../helpers/ports.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe("login over TLS", () => {
  let rig: SocketRig;
  let port = 0;
  let cert: Buffer;
  let close: () => Promise<void>;
  const host = "127.0.0.1";
  before(async () => {
    assertLoopback(host);
    rig = await startRig({});
    await addUser(rig, "alice", "analyst");
    const dir = makeTmpDir("tls");
    const files = makeCert(dir.path, "tls", [host]);
    cert = readFileSync(files.cert);
    const handler = createApiHandler({ store: rig.store });
    const server = createHttpsServer(
      { key: readFileSync(files.key), cert },
      (q, s) => void handler(q, s),
    );
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    port = (server.address() as AddressInfo).port;
    close = async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      dir.remove();
    };
  });
  after(async () => {
    await close();
    await rig.close();
  });

  function tls(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest({ host, port, method, path, headers, ca: cert }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.once("error", reject);
      req.end(body);
    });
  }
  const login = (origin?: string) =>
    tls(
      "POST",
      "/api/v1/session",
      { "content-type": "application/json", ...(origin ? { origin } : {}) },
      loginBody("alice"),
    );

  it("sets a Secure cookie, knows its origin is https, and logs out clearing it Secure", async () => {
    const ok = await login(`https://${host}:${port}`);
    assert.equal(ok.status, 200, ok.body);
    const set = (ok.headers["set-cookie"] ?? [])[0]!;
    assert.match(
      set,
      /^dnsight_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Secure$/,
    );
    // The same host over http is another origin (RFC 6454 4: the scheme is part of it).
    assert.equal((await login(`http://${host}:${port}`)).status, 403);
    const cookie = set.split(";")[0]!;
    const { csrfToken } = JSON.parse(ok.body) as { csrfToken: string };
    assert.equal((await tls("GET", "/api/v1/alerts", { cookie })).status, 200);
    const out = await tls("DELETE", "/api/v1/session", { cookie, "x-csrf-token": csrfToken });
    assert.equal(out.status, 204);
    assert.equal(
      (out.headers["set-cookie"] ?? [])[0],
      "dnsight_session=; HttpOnly; SameSite=Strict; Path=/; Secure; Max-Age=0",
    );
  });
});

/** Raw bytes to the server, then whatever it answers until it closes (or `waitMs`). */
function raw(
  base: string,
  chunks: Array<string | Buffer>,
  gapMs: number,
  waitMs = 3000,
): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const s = connect({ host: hostname, port: Number(port) });
    let text = "";
    let closed = false;
    s.setEncoding("latin1").on("data", (d: string) => (text += d));
    s.on("error", () => {});
    s.once("close", () => {
      closed = true;
      clearTimeout(t);
      resolve({ text, closed });
    });
    const t = setTimeout(() => {
      s.destroy();
      resolve({ text, closed });
    }, waitMs);
    let i = 0;
    const next = (): void => {
      if (i >= chunks.length || s.destroyed) return;
      s.write(chunks[i++]!, () => setTimeout(next, gapMs));
    };
    s.once("connect", next);
  });
}

describe("login bodies over a socket", () => {
  let rig: SocketRig;
  before(async () => {
    rig = await startRig({ bodyDeadlineMs: 400 });
    await addUser(rig, "alice", "reader");
  });
  after(() => rig.close());

  const head = (extra: string) =>
    `POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}\r\n`;

  it("logs in with fetch, a body as a browser sends it", async () => {
    const l = await logIn(rig, "alice");
    assert.equal(l.body.role, "reader");
  });

  it("cuts a body that does not arrive within its deadline: 408, connection closed", async () => {
    const body = loginBody("alice");
    const t0 = performance.now();
    const r = await raw(
      rig.base,
      [head(`Content-Length: ${body.length}\r\n`), body.slice(0, 5)],
      10,
    );
    assert.match(r.text, /^HTTP\/1\.1 408 /);
    assert.ok(r.closed);
    assert.ok(performance.now() - t0 < 2500);
  });

  it("stops reading a chunked body past 16 KiB: 413, connection closed", async () => {
    const chunk = Buffer.from(`1000\r\n${"x".repeat(4096)}\r\n`);
    const chunks = [
      head("Transfer-Encoding: chunked\r\n"),
      ...Array.from({ length: 200 }, () => chunk),
    ];
    const r = await raw(rig.base, chunks, 1);
    assert.match(r.text, /^HTTP\/1\.1 413 /);
    assert.ok(r.closed);
  });

  it("answers Expect: 100-continue, then logs in", async () => {
    const body = loginBody("alice");
    const r = await raw(
      rig.base,
      [
        head(`Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n`),
        body,
      ],
      50,
    );
    assert.match(r.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    assert.match(r.text, /set-cookie: dnsight_session=/i);
  });
});
