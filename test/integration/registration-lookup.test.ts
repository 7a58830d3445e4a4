// lookupRegistration against servers on loopback named localhost, as the shipped
// bootstrap and server tables name registries by host name: RDAP found through a
// bootstrap (the path every user takes), and a WHOIS server that throttles (the
// record says throttled and the server is left alone for a while).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { lookupRegistration } from "../../src/registration/lookup.js";
import { PerServerLimiter } from "../../src/registration/net/per-server-limiter.js";
import { Bootstrap } from "../../src/registration/rdap/bootstrap.js";
import { parseTarget } from "../../src/registration/target.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";

describe("lookupRegistration over RDAP, the server named in the bootstrap by host name", () => {
  let rdap: LocalhostServer;
  before(async () => {
    const answer = readFileSync(
      fileURLToPath(
        new URL(
          "../../../shared/fixtures/rdap/meeb-whoisit/data_rdap_response_domain1.json",
          import.meta.url,
        ),
      ),
      "utf8",
    ).replace(/GOOGLE\.COM/g, "EXAMPLE.BOOT");
    rdap = await listenLocalhost(() =>
      createHttpServer((req, res) =>
        req.url === "/domain/example.boot"
          ? void res.writeHead(200, { "content-type": "application/rdap+json" }).end(answer)
          : void res.writeHead(404).end(),
      ),
    );
  });
  after(() => rdap.close());

  it("finds the registration (Node 20's { all: true } lookup answered with a list)", async () => {
    const file = (services: [string[], string[]][]) => ({ version: "1.0", services });
    const bootstrap = new Bootstrap(
      {
        dns: file([[["boot"], [`${rdap.base}/`]]]),
        ipv4: file([]),
        ipv6: file([]),
        asn: file([]),
      },
      {},
    );
    const r = await lookupRegistration(parseTarget("example.boot"), {
      protocol: "rdap",
      bootstrap,
      allowLoopback: true,
      limiter: new PerServerLimiter({ rate: 100, burst: 10 }),
    });
    assert.equal(r.record.status, "registered", r.notes.join("; "));
    assert.equal(r.record.source.protocol, "rdap");
    assert.equal(r.record.registrar?.ianaId, "292");
  });
});

describe("lookupRegistration over WHOIS", () => {
  let server: LocalhostServer;
  let answer = "";
  before(async () => {
    server = await listenLocalhost(() => createServer((s) => s.on("data", () => s.end(answer))));
  });
  after(() => server.close());

  const lookup = (limiter: PerServerLimiter) =>
    lookupRegistration(parseTarget("example.thr"), {
      protocol: "whois",
      limiter,
      allowLoopback: true,
      table: { thr: { whois: [`localhost:${server.port}`], rdap: [] } },
    });

  it("marks a throttle answer and backs off from that server", async () => {
    answer = "%% Query rate limit exceeded. Please try again later.\r\n";
    const limiter = new PerServerLimiter({ rate: 100, burst: 10 });
    const r = await lookup(limiter);
    assert.equal(r.record.status, "throttled");
    assert.ok(
      limiter.backoffLeft("localhost") > 50_000,
      `back-off ${limiter.backoffLeft("localhost")} ms`,
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
    assert.match(r.raw, /% localhost \(query "example\.thr"\)\nDomain Name: EXAMPLE\.THR/);
    assert.equal(limiter.backoffLeft("localhost"), 0);
  });
});
