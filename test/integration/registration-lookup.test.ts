// lookupRegistration's WHOIS side against a loopback server that throttles: the
// record says throttled and the server is left alone for a while.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { lookupRegistration } from "../../src/registration/lookup.js";
import { PerServerLimiter } from "../../src/registration/net/per-server-limiter.js";
import { parseTarget } from "../../src/registration/target.js";

describe("lookupRegistration over WHOIS", () => {
  let server: Server;
  let port = 0;
  let answer = "";
  before(async () => {
    server = createServer((s) => s.on("data", () => s.end(answer)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  const lookup = (limiter: PerServerLimiter) =>
    lookupRegistration(parseTarget("example.thr"), {
      protocol: "whois",
      limiter,
      allowLoopback: true,
      table: { thr: { whois: [`127.0.0.1:${port}`], rdap: [] } },
    });

  it("marks a throttle answer and backs off from that server", async () => {
    answer = "%% Query rate limit exceeded. Please try again later.\r\n";
    const limiter = new PerServerLimiter({ rate: 100, burst: 10 });
    const r = await lookup(limiter);
    assert.equal(r.record.status, "throttled");
    assert.ok(
      limiter.backoffLeft("127.0.0.1") > 50_000,
      `back-off ${limiter.backoffLeft("127.0.0.1")} ms`,
    );
  });

  it("reads a registered domain and keeps the raw answer", async () => {
    answer =
      "Domain Name: EXAMPLE.THR\r\nRegistrar: Example Registrar\r\nCreation Date: 2020-01-02T03:04:05Z\r\nName Server: NS1.EXAMPLE.NET\r\n";
    const limiter = new PerServerLimiter({ rate: 100, burst: 10 });
    const r = await lookup(limiter);
    assert.equal(r.record.status, "registered");
    assert.equal(r.record.created, "2020-01-02T03:04:05Z");
    assert.deepEqual(
      r.record.nameservers.map((n) => n.name),
      ["ns1.example.net"],
    );
    assert.match(r.raw, /% 127\.0\.0\.1 \(query "example\.thr"\)\nDomain Name: EXAMPLE\.THR/);
    assert.equal(limiter.backoffLeft("127.0.0.1"), 0);
  });
});
