// The RDAP fetcher against an HTTP server on loopback replaying real responses
// from ../shared/fixtures/rdap: found, 404, 429 with Retry-After, a timeout, an
// oversized answer, broken JSON, and the SSRF guard. The server is named localhost,
// as bootstraps name registries by host name.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { rdapGet, retryAfter } from "../../src/registration/net/rdap-fetch.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";

const FIXTURE = fileURLToPath(
  new URL(
    "../../../shared/fixtures/rdap/meeb-whoisit/data_rdap_response_domain1.json",
    import.meta.url,
  ),
);

describe("rdapGet", () => {
  let server: LocalhostServer;
  let base = "";
  const seen: string[] = [];
  const local = { allowLoopback: true };

  before(async () => {
    const domain = readFileSync(FIXTURE, "utf8");
    server = await listenLocalhost(() =>
      createServer((req, res) => {
        seen.push(`${req.url} ${req.headers.accept}`);
        if (req.url === "/domain/google.com")
          return void res.writeHead(200, { "content-type": "application/rdap+json" }).end(domain);
        if (req.url === "/domain/busy.com")
          return void res.writeHead(429, { "retry-after": "7" }).end();
        if (req.url === "/domain/slow.com") return; // never answers
        if (req.url === "/domain/huge.com")
          return void res.writeHead(200).end("[" + "1,".repeat(300_000) + "1]");
        if (req.url === "/domain/broken.com") return void res.writeHead(200).end("{not json");
        if (req.url === "/domain/error.com") return void res.writeHead(503).end();
        res.writeHead(404).end();
      }),
    );
    base = server.base;
  });
  after(() => server.close());

  it("returns the JSON object of a found domain by host name, asking for rdap+json", async () => {
    // Node 20 calls the socket's lookup with { all: true } and wants a list back:
    // answered with one address, this failed "Invalid IP address: undefined".
    const r = await rdapGet(`${base}/domain/google.com`, local);
    assert.equal(r.kind, "found");
    assert.equal((r as { json: { ldhName: string } }).json.ldhName.toLowerCase(), "google.com");
    assert.match(seen.at(-1)!, /application\/rdap\+json/);
  });

  it("reaches a server by IP literal too", async () => {
    const r = await rdapGet(`http://127.0.0.1:${server.port}/domain/google.com`, local);
    assert.equal(r.kind, "found");
  });

  it("reads 404 as not registered and 429 as throttled with its Retry-After", async () => {
    assert.deepEqual(await rdapGet(`${base}/domain/nothing-here.com`, local), {
      kind: "not-found",
      url: `${base}/domain/nothing-here.com`,
    });
    const busy = await rdapGet(`${base}/domain/busy.com`, local);
    assert.deepEqual(busy, {
      kind: "throttled",
      url: `${base}/domain/busy.com`,
      retryAfterMs: 7000,
    });
  });

  it("gives a one-line error for a timeout, an oversized answer, bad JSON and a server error", async () => {
    await assert.rejects(
      rdapGet(`${base}/domain/slow.com`, { ...local, timeoutMs: 300 }),
      /RDAP localhost:\d+: no complete answer in 300 ms/,
    );
    await assert.rejects(
      rdapGet(`${base}/domain/huge.com`, { ...local, maxBytes: 100_000 }),
      /response larger than 100000 bytes/,
    );
    await assert.rejects(
      rdapGet(`${base}/domain/broken.com`, local),
      /the answer for \/domain\/broken\.com is not JSON/,
    );
    await assert.rejects(
      rdapGet(`${base}/domain/error.com`, local),
      /HTTP 503 for \/domain\/error\.com/,
    );
  });

  it("refuses a link to a loopback or private host unless allowed", async () => {
    const before = seen.length;
    await assert.rejects(
      rdapGet(`${base}/domain/google.com`),
      /refusing localhost: it resolves to (127\.0\.0\.1|::1), loopback/,
    );
    await assert.rejects(
      rdapGet(`http://127.0.0.1:${server.port}/domain/google.com`),
      /refusing 127\.0\.0\.1: it is loopback/,
    );
    await assert.rejects(
      rdapGet("http://internal.example/domain/x.com", { resolve: async () => ["192.168.0.10"] }),
      /refusing internal\.example: it resolves to 192\.168\.0\.10/,
    );
    await assert.rejects(rdapGet("file:///etc/passwd"), /is not http\(s\)/);
    assert.equal(seen.length, before);
  });
});

describe("retryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    assert.equal(retryAfter("120"), 120_000);
    assert.equal(
      retryAfter("Wed, 21 Oct 2026 07:28:10 GMT", Date.parse("Wed, 21 Oct 2026 07:28:00 GMT")),
      10_000,
    );
    assert.equal(retryAfter(undefined), 60_000);
  });
});
