// `dnsight registration` end to end against servers on loopback: an RDAP server
// replaying real responses (a thin registry linking to its registrar, a 404, a
// 429) found through a bootstrap folder of the test's own that names it
// http://localhost:PORT/ (the shipped bootstrap names servers by host name too), a
// WHOIS server for the fallback, snapshots kept in the store and their history diffed.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type RequestListener } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { freePort } from "../helpers/ports.js";

const fixture = (p: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${p}`, import.meta.url)), "utf8");

describe("dnsight registration", () => {
  const tmp = makeTmpDir("registration");
  const db = join(tmp.path, "reg.db");
  let http: LocalhostServer;
  let whois: LocalhostServer;
  let base = "";
  let registrar = "ns-registrar-1.example";
  const args = (): string[] => [
    "--bootstrap",
    join(tmp.path, "bootstrap"),
    "--servers",
    join(tmp.path, "servers.json"),
    "--allow-private",
    "loopback",
    "--db",
    db,
    "--timeout",
    "3000",
  ];

  before(async () => {
    const registry = JSON.parse(
      fixture("rdap/meeb-whoisit/data_rdap_response_domain1.json"),
    ) as Record<string, unknown>;
    const rdap: RequestListener = (req, res) => {
      if (req.url === "/domain/google.test") {
        // The Verisign answer for google.com, renamed, its related link pointing here.
        const body: Record<string, unknown> = {
          ...registry,
          ldhName: "GOOGLE.TEST",
          links: [
            {
              rel: "related",
              href: `${base}/registrar/domain/google.test`,
              type: "application/rdap+json",
            },
          ],
        };
        body.nameservers = [{ objectClassName: "nameserver", ldhName: registrar.toUpperCase() }];
        return void res
          .writeHead(200, { "content-type": "application/rdap+json" })
          .end(JSON.stringify(body));
      }
      if (req.url === "/registrar/domain/google.test") {
        return void res
          .writeHead(200)
          .end(JSON.stringify({ ...registry, ldhName: "GOOGLE.TEST", links: [] }));
      }
      if (req.url === "/domain/thin.test") {
        // A stub RDAP answer: registered, and nothing else.
        return void res
          .writeHead(200)
          .end(JSON.stringify({ objectClassName: "domain", ldhName: "thin.test" }));
      }
      if (req.url === "/domain/broken.fail") return void res.writeHead(500).end();
      if (req.url === "/domain/busy.test")
        return void res.writeHead(429, { "retry-after": "30" }).end();
      if (req.url === "/ip/192.0.2.1")
        return void res
          .writeHead(200)
          .end(fixture("rdap/meeb-whoisit/data_rdap_response_ip_v4.json"));
      res.writeHead(404).end();
    };
    http = await listenLocalhost(() => createHttpServer(rdap));
    base = http.base;
    whois = await listenLocalhost(() =>
      createServer((s) => s.on("data", () => s.end(fixture("whois/likexian/noterror/de_git.de")))),
    );
    const whoisPort = whois.port;
    const dir = join(tmp.path, "bootstrap");
    mkdirSync(dir);
    const file = (services: [string[], string[]][]) =>
      JSON.stringify({ version: "1.0", publication: "2026-01-01T00:00:00Z", services });
    writeFileSync(
      join(dir, "dns.json"),
      file([
        [["test"], [`${base}/`]],
        [["fail"], [`${base}/`]],
      ]),
    );
    writeFileSync(join(dir, "ipv4.json"), file([[["192.0.2.0/24"], [`${base}/`]]]));
    writeFileSync(join(dir, "ipv6.json"), file([]));
    writeFileSync(join(dir, "asn.json"), file([]));
    // Every TLD the tests use has a WHOIS server on loopback, so no fallback can
    // ever ask IANA (or resolve any name) off this machine.
    const local = { whois: [`localhost:${whoisPort}`], rdap: [] };
    // .fail's WHOIS server is a port where nothing listens.
    const closed = { whois: [`localhost:${await freePort("127.0.0.1")}`], rdap: [] };
    writeFileSync(
      join(tmp.path, "servers.json"),
      JSON.stringify({ de: local, test: local, fail: closed }),
    );
  });
  after(() => {
    http.close();
    whois.close();
    tmp.remove();
  });

  it("fetches RDAP, follows the registrar link and keeps a snapshot", async () => {
    const r = await cli(["registration", "google.test", "--json", ...args()]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as {
      domain: string;
      status: string;
      registrar: { name: string; ianaId: string };
      created: string;
      source: { referrals: string[] };
    };
    assert.equal(rec.domain, "google.test");
    assert.equal(rec.status, "registered");
    assert.equal(rec.registrar.ianaId, "292");
    assert.equal(rec.created, "1997-09-15T04:00:00Z");
    assert.equal(rec.source.referrals.length, 1);
    const human = await cli(["registration", "google.test", "--no-store", ...args()]);
    assert.match(human.stdout, /^registrar\s+MarkMonitor Inc\., IANA 292$/m);
  });

  it("spaces the queries to one server by --rate (registry, then the registrar link)", async () => {
    // Both answers come from the same loopback server: at 1.5 per second the second waits ~667 ms.
    const started = Date.now();
    const r = await cli(["registration", "google.test", "--no-store", "--rate", "1.5", ...args()]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Date.now() - started >= 600, `took only ${Date.now() - started} ms`);
    const bad = await cli(["registration", "google.test", "--rate", "0", ...args()]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--rate wants queries per second/);
  });

  it("says available for a 404 and throttled (exit 1) for a 429", async () => {
    const nx = await cli(["registration", "nothing.test", "--json", "--no-store", ...args()]);
    assert.equal((JSON.parse(nx.stdout) as { status: string }).status, "available");
    const busy = await cli(["registration", "busy.test", "--json", "--no-store", ...args()]);
    assert.equal(busy.status, 1);
    assert.equal((JSON.parse(busy.stdout) as { status: string }).status, "throttled");
  });

  it("falls back to WHOIS where RDAP has no server (.de)", async () => {
    const r = await cli(["registration", "git.de", "--json", "--no-store", ...args()]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as {
      source: { protocol: string };
      status: string;
      nameservers: { name: string }[];
    };
    assert.equal(rec.source.protocol, "whois");
    assert.equal(rec.status, "registered");
    assert.ok(rec.nameservers.length > 0);
    assert.match(r.stderr, /RDAP: no server for this name/);
  });

  it("takes WHOIS's answer when RDAP's is a stub", async () => {
    const r = await cli(["registration", "thin.test", "--json", "--no-store", ...args()]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as { source: { protocol: string }; nameservers: unknown[] };
    assert.equal(rec.source.protocol, "whois");
    assert.ok(rec.nameservers.length > 0);
    assert.match(r.stderr, /RDAP: the answer was thinner than WHOIS's/);
    const rdapOnly = await cli([
      "registration",
      "thin.test",
      "--protocol",
      "rdap",
      "--json",
      "--no-store",
      ...args(),
    ]);
    assert.equal(
      (JSON.parse(rdapOnly.stdout) as { source: { protocol: string } }).source.protocol,
      "rdap",
    );
  });

  it("when RDAP and WHOIS both fail, the one error names both failures", async () => {
    const r = await cli(["registration", "broken.fail", ...args()]);
    assert.equal(r.status, 1);
    const line = r.stderr.trim();
    assert.equal(line.split("\n").length, 1, r.stderr);
    assert.match(line, /no WHOIS answer for broken\.fail \(.*ECONNREFUSED.*\)/);
    assert.match(line, /RDAP: RDAP localhost:\d+: HTTP 500/);
  });

  it("looks up an IP network through the IPv4 bootstrap", async () => {
    const r = await cli(["registration", "192.0.2.1", "--json", "--no-store", ...args()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { domain: string }).domain, "1.1.1.0/24");
  });

  it("refuses loopback servers unless --allow-private names loopback (a LAN range is not enough)", async () => {
    const allowing = (...allow: string[]): string[] => {
      const a = args();
      a.splice(a.indexOf("--allow-private"), 2, ...allow);
      return ["registration", "google.test", "--protocol", "rdap", "--no-store", ...a];
    };
    for (const allow of [
      [],
      ["--allow-private", "10.1.2.3"],
      ["--allow-private", "192.168.0.0/16"],
    ]) {
      const r = await cli(allowing(...allow));
      assert.equal(r.status, 1, allow.join(" "));
      assert.match(
        r.stderr,
        /RDAP localhost:\d+: refusing localhost: it resolves to (127\.0\.0\.1|::1), loopback/,
      );
    }
    const all = await cli(allowing("--allow-private", "all"));
    assert.equal(all.status, 0, all.stderr);
    const bad = await cli(allowing("--allow-private", "lab.example"));
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /--allow-private: private addresses allowed must be all, loopback, an address or ADDRESS\/PREFIX .*got "lab\.example"/,
    );
  });

  it("shows the history of snapshots and what changed", async () => {
    registrar = "ns-registrar-2.example"; // the name server moves between two fetches
    const again = await cli(["registration", "google.test", "--refresh", ...args()]);
    assert.equal(again.status, 0, again.stderr);
    const h = await cli(["registration", "history", "google.test", "--db", db]);
    const lines = h.stdout.trim().split("\n");
    assert.match(lines[0]!, /rdap localhost:\d+ {2}registered {2}registrar MarkMonitor Inc\./);
    assert.match(h.stdout, /nameservers added: ns-registrar-2\.example/);
    assert.match(h.stdout, /nameservers removed: ns-registrar-1\.example/);
  });
});
