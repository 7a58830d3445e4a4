import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { describe, it } from "node:test";
import { startRig, type SocketRig } from "../unit/api/_server.js";

// What a connection may hold: a cap on open connections that evicts the longest idle
// ones, short header and keep-alive timeouts, and no request body read. Raw TCP on
// loopback, since fetch would not send what an attacker sends.

interface Raw {
  socket: Socket;
  /** Everything received. */
  text(): string;
  /** Resolves with the ms from connect to close. */
  closed: Promise<number>;
}

async function raw(rig: SocketRig): Promise<Raw> {
  const socket = connect(rig.server.port, rig.server.host);
  let got = "";
  const started = performance.now();
  socket.on("data", (b: Buffer) => (got += b.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<number>((r) =>
    socket.once("close", () => r(performance.now() - started)),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { socket, text: () => got, closed };
}

/** Resolves with `p`'s value, or with "timeout" after `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | "timeout"> =>
  Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms).unref())]);

describe("API connections", () => {
  it("past max_connections the longest-idle connections are closed, and a request still gets in", async () => {
    const rig = await startRig({ maxConnections: 20 });
    const idle: Raw[] = [];
    try {
      for (let i = 0; i < 100; i++) idle.push(await raw(rig));
      await new Promise((r) => setTimeout(r, 200));
      const open = idle.filter((c) => !c.socket.destroyed && !c.socket.readableEnded);
      assert.ok(open.length <= 20, `${open.length} idle connections still open`);
      // The oldest went first: the newest are the ones left.
      assert.ok(open.every((c) => idle.indexOf(c) >= 80));
      const res = await rig.get("/dnsdb/v2/ping");
      assert.equal(res.status, 200);
      assert.ok(rig.server.connections() <= 20);
    } finally {
      for (const c of idle) c.socket.destroy();
      await rig.close();
    }
  });

  it("a connection that never completes a request head is closed after headersTimeout", async () => {
    const rig = await startRig({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
    try {
      const silent = await raw(rig);
      // Slowloris: a byte of a header line now and then, never the end of the head.
      const slow = await raw(rig);
      slow.socket.write("GET /dnsdb/v2/ping HTTP/1.1\r\nHost: x\r\n");
      const drip = setInterval(() => slow.socket.write("X"), 100);
      try {
        for (const c of [silent, slow]) {
          const ms = await within(c.closed, 3000);
          assert.notEqual(ms, "timeout", "still open after 3 s");
          assert.ok((ms as number) < 3000);
        }
      } finally {
        clearInterval(drip);
      }
    } finally {
      await rig.close();
    }
  });

  it("an idle keep-alive connection is closed after keepAliveTimeout", async () => {
    const rig = await startRig({ keepAliveTimeoutMs: 200 });
    try {
      const c = await raw(rig);
      c.socket.write(`GET /dnsdb/v2/ping HTTP/1.1\r\nHost: x\r\nX-API-Key: ${rig.key}\r\n\r\n`);
      const ms = await within(c.closed, 3000);
      assert.notEqual(ms, "timeout");
      assert.match(c.text(), /^HTTP\/1\.1 200 /);
    } finally {
      await rig.close();
    }
  });
});

describe("API request bodies", () => {
  const head = (rig: SocketRig, extra: string, method = "GET"): string =>
    `${method} /dnsdb/v2/ping HTTP/1.1\r\nHost: x\r\nX-API-Key: ${rig.key}\r\n${extra}\r\n`;

  it("an endless chunked body on a GET is answered 413 and the connection closed, unread", async () => {
    const rig = await startRig();
    try {
      const c = await raw(rig);
      c.socket.write(head(rig, "Transfer-Encoding: chunked\r\n"));
      const chunk = Buffer.from(`10000\r\n${"x".repeat(0x10000)}\r\n`);
      let sent = 0;
      // Up to 1 GiB, as fast as the server takes it.
      const pump = (): void => {
        while (!c.socket.destroyed && sent < 2 ** 30) {
          sent += chunk.length;
          if (!c.socket.write(chunk)) return void c.socket.once("drain", pump);
        }
      };
      pump();
      const ms = await within(c.closed, 5000);
      assert.notEqual(ms, "timeout", `still reading after 5 s: ${sent} bytes taken`);
      assert.match(c.text(), /^HTTP\/1\.1 413 /);
      assert.match(c.text(), /requests here have no body/);
      assert.ok(sent < 64 * 2 ** 20, `${sent} bytes sent before the close`);
    } finally {
      await rig.close();
    }
  });

  it("a Content-Length on a GET, with Expect: 100-continue or not, and a POST body: 413 at once", async () => {
    const rig = await startRig();
    try {
      for (const [extra, method] of [
        ["Content-Length: 1000000000\r\n", "GET"],
        ["Content-Length: 1000000000\r\nExpect: 100-continue\r\n", "GET"],
        ["Content-Length: 5\r\n", "POST"],
      ] as const) {
        const c = await raw(rig);
        c.socket.write(head(rig, extra, method));
        const ms = await within(c.closed, 3000);
        assert.notEqual(ms, "timeout", extra);
        // No "100 Continue" first: the client is told at once not to send the body.
        assert.match(c.text(), /^HTTP\/1\.1 413 /, extra);
      }
    } finally {
      await rig.close();
    }
  });
});
