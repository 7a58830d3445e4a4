// `dnsight update-data` against an HTTP server on loopback standing in for IANA,
// named localhost as IANA's and the CDN's servers are named by host name: the four
// bootstrap files land in the data folder, a broken set replaces nothing, and
// `registration` uses the refreshed copy (whose RDAP server is a host name too).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ipDataPaths, loadIpInfo } from "../../src/enrich/ip-info.js";
import { cli } from "../helpers/cli.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";
import { makeTmpDir } from "../helpers/tmp.js";

const shared = (f: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${f}`, import.meta.url)), "utf8");

describe("dnsight update-data", () => {
  const tmp = makeTmpDir("update-data");
  let server: LocalhostServer;
  let base = "";
  before(async () => {
    const domain = shared("rdap/meeb-whoisit/data_rdap_response_domain1.json");
    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      const url = req.url ?? "";
      if (url === "/good/dns.json") {
        // IANA's file, plus a TLD of the test's own served right here.
        const dns = JSON.parse(shared("bootstrap/dns.json")) as { services: unknown[] };
        dns.services.push([["upd"], [`${base}/rdap/`]]);
        return void res.writeHead(200).end(JSON.stringify(dns));
      }
      const m = /^\/(good|broken)\/(ipv4|ipv6|asn)\.json$/.exec(url);
      if (m)
        return void res
          .writeHead(200)
          .end(
            m[1] === "broken" && m[2] === "asn"
              ? '{"services": "nope"}'
              : shared(`bootstrap/${m[2]}.json`),
          );
      // IP tables in the @ip-location-db layout: BASE/PACKAGE/FILE.
      const ip = /^\/(ip|ip-broken)\/@ip-location-db\/(asn|asn-country)\/([a-z0-9-]+\.csv)$/.exec(
        url,
      );
      if (ip) {
        const rows: Record<string, string> = {
          "asn-ipv4-num.csv":
            '16777216,16777471,13335,"Cloudflare, Inc."\n134744064,134744319,15169,Google LLC\n',
          "asn-ipv6-num.csv":
            "42541956123769884636017138956568135680,42541956123769884654463883030277687295,15169,Google LLC\n",
          "asn-country-ipv4-num.csv":
            ip[1] === "ip-broken"
              ? "16777216,16777471,Australia\n"
              : "16777216,16777471,AU\n134744064,134744319,US\n",
          "asn-country-ipv6-num.csv":
            "42541956123769884636017138956568135680,42541956123769884654463883030277687295,US\n",
        };
        const body = rows[ip[3]!];
        return void (body ? res.writeHead(200).end(body) : res.writeHead(404).end());
      }
      if (url === "/broken/dns.json")
        return void res.writeHead(200).end(shared("bootstrap/dns.json"));
      if (url === "/rdap/domain/example.upd")
        return void res.writeHead(200).end(domain.replace(/GOOGLE\.COM/g, "EXAMPLE.UPD"));
      res.writeHead(404).end();
    };
    server = await listenLocalhost(() => createServer(handle));
    base = server.base;
  });
  after(() => {
    server.close();
    tmp.remove();
  });

  it("writes the four bootstrap files and registration then uses them", async () => {
    const dir = join(tmp.path, "good");
    const r = await cli([
      "update-data",
      "--from",
      `${base}/good/`,
      "--ip-from",
      `${base}/ip/`,
      "--data-dir",
      dir,
      "--allow-private",
      "loopback",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ip\/asn-ipv4-num\.csv: 2 ranges/);
    // Lookups now read the refreshed tables, not the packaged ones.
    const info = loadIpInfo(ipDataPaths(dir));
    assert.deepEqual(info.lookup("8.8.8.8"), { asn: 15169, asnOrg: "Google LLC", country: "US" });
    assert.deepEqual(info.lookup("2001:4860:4860::8888"), {
      asn: 15169,
      asnOrg: "Google LLC",
      country: "US",
    });
    assert.equal(info.lookup("9.9.9.9"), undefined);
    assert.match(r.stdout, /bootstrap\/dns\.json: \d+ services, published 2024-02-07T04:00:02Z/);
    for (const f of ["dns", "ipv4", "ipv6", "asn"])
      assert.ok(existsSync(join(dir, "bootstrap", `${f}.json`)), f);
    const reg = await cli([
      "registration",
      "example.upd",
      "--protocol",
      "rdap",
      "--data-dir",
      dir,
      "--allow-private",
      "loopback",
      "--json",
      "--no-store",
    ]);
    assert.equal(reg.status, 0, reg.stderr);
    assert.equal((JSON.parse(reg.stdout) as { domain: string }).domain, "example.upd");
  });

  it("replaces nothing when one file is broken, and names it", async () => {
    const dir = join(tmp.path, "broken");
    const r = await cli([
      "update-data",
      "--from",
      `${base}/broken/`,
      "--data-dir",
      dir,
      "--allow-private",
      "loopback",
    ]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /asn\.json: "services" must be an array/);
    assert.equal(existsSync(join(dir, "bootstrap", "dns.json")), false);
  });

  it("keeps the IP tables it had when a refreshed one is broken, and names the line", async () => {
    const dir = join(tmp.path, "ip-broken");
    const args = [
      "update-data",
      "--from",
      `${base}/good/`,
      "--data-dir",
      dir,
      "--allow-private",
      "loopback",
    ];
    assert.equal((await cli([...args, "--ip-from", `${base}/ip/`])).status, 0);
    const r = await cli([...args, "--ip-from", `${base}/ip-broken/`]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /asn-country-ipv4-num\.csv:1: bad country "Australia"/);
    assert.equal(loadIpInfo(ipDataPaths(dir)).lookup("1.0.0.1")?.country, "AU");
  });

  it("refuses a loopback source unless allowed, and a LAN range does not allow it", async () => {
    for (const allow of [[], ["--allow-private", "10.0.0.0/8"], ["--allow-private", "0.0.0.0/0"]]) {
      const r = await cli([
        "update-data",
        "--from",
        `${base}/good/`,
        "--data-dir",
        join(tmp.path, "x"),
        ...allow,
      ]);
      assert.equal(r.status, 1, allow.join(" "));
      assert.match(
        r.stderr,
        /^dnsight: RDAP localhost:\d+: refusing localhost: it resolves to (127\.0\.0\.1|::1), loopback \(.*\) \(see --allow-private\)$/m,
      );
      assert.equal(existsSync(join(tmp.path, "x", "bootstrap")), false);
    }
  });
});
