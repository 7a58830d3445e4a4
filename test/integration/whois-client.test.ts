// The WHOIS client against TCP servers on loopback: a normal reply, a server that
// never finishes, an oversized reply, a non-UTF-8 reply, and the SSRF guard.
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, describe, it } from "node:test";
import { whoisQuery } from "../../src/registration/net/whois-client.js";

async function serve(
  onQuery: (q: string, s: Socket) => void,
): Promise<{ port: number; queries: string[]; server: Server }> {
  const queries: string[] = [];
  const server = createServer((s) => {
    let buf = "";
    s.on("data", (d) => {
      buf += d.toString("latin1");
      const i = buf.indexOf("\r\n");
      if (i >= 0) {
        queries.push(buf.slice(0, i));
        onQuery(buf.slice(0, i), s);
      }
    });
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as { port: number }).port, queries, server };
}

describe("whoisQuery", () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));
  const local = { allowPrivate: true };

  it("sends the query with CRLF and reads until the server closes", async () => {
    const s = await serve((q, sock) =>
      sock.end(
        `Domain Name: ${q.replace(/^domain /, "").toUpperCase()}\r\nRegistrar: Example Registrar\r\n`,
      ),
    );
    servers.push(s.server);
    const r = await whoisQuery("127.0.0.1", "domain example.com", { ...local, port: s.port });
    assert.deepEqual(s.queries, ["domain example.com"]);
    assert.match(r.text, /Domain Name: EXAMPLE\.COM/);
    assert.equal(r.bytes, Buffer.byteLength(r.text));
  });

  it("gives up on a server that never finishes", async () => {
    const s = await serve((_q, sock) => sock.write("Domain Name: slow.example\r\n"));
    servers.push(s.server);
    const t0 = Date.now();
    await assert.rejects(
      whoisQuery("127.0.0.1", "slow.example", { ...local, port: s.port, timeoutMs: 300 }),
      /whois 127\.0\.0\.1: no complete answer in 300 ms/,
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  it("drops a reply over the size cap", async () => {
    const s = await serve((_q, sock) => sock.end("x".repeat(200_000)));
    servers.push(s.server);
    await assert.rejects(
      whoisQuery("127.0.0.1", "big.example", { ...local, port: s.port, maxBytes: 100_000 }),
      /reply larger than 100000 bytes/,
    );
  });

  it("decodes a Latin-1 reply", async () => {
    const s = await serve((_q, sock) =>
      sock.end(Buffer.from("Titulaire: Soci\xe9t\xe9 G\xe9n\xe9rale\n", "latin1")),
    );
    servers.push(s.server);
    const r = await whoisQuery("127.0.0.1", "societegenerale.fr", { ...local, port: s.port });
    assert.equal(r.text, "Titulaire: Société Générale\n");
  });

  it("refuses a loopback server unless private targets are allowed", async () => {
    const s = await serve((_q, sock) => sock.end("should not be asked\n"));
    servers.push(s.server);
    await assert.rejects(
      whoisQuery("127.0.0.1", "example.com", { port: s.port }),
      /refusing 127\.0\.0\.1: .*loopback/,
    );
    assert.deepEqual(s.queries, []);
  });
});
