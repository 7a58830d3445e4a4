// `dnsight monitor --once --http` as an operator runs it, against Knots on port 53 at
// their own 127.x addresses: a watched zone's subdomain (known from passive DNS) is an
// alias of an unclaimed Bitbucket site, which resolves to a web server of the test's
// own showing Bitbucket's "Repository not found" page (the shipped fingerprint). The
// address comes from the watched zone's DNS, so the probe is refused while it is a
// loopback address nobody allowed (nothing is sent to it), and asks by the watched
// name once --allow-private names that one address.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { alertKeys, cli } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number) => `${net}.${i}` as `127.${number}.${number}.${number}`;
const zone = (lines: string[]) => `${lines.join("\n")}\n`;
const SOA = "@ 1 SOA ns hostmaster 1 3600 900 604800 1";

describe("monitor --once --http (CLI): an unclaimed service page behind an alias", () => {
  const tmp = makeTmpDir("monitor-http-cli");
  const db = join(tmp.path, "m.db");
  const knots: KnotServer[] = [];
  const asked: (string | undefined)[] = [];
  let web: Server;

  before(async () => {
    knots.push(
      ...(await Promise.all([
        startKnot({
          address: addr(1),
          port: 53,
          zones: [
            {
              origin: "test",
              text: zone([
                SOA,
                "@ 1 NS ns",
                `ns 1 A ${addr(1)}`,
                "lab 1 NS ns1.lab",
                `ns1.lab 1 A ${addr(2)}`,
              ]),
            },
            {
              origin: "bitbucket.io",
              text: zone([SOA, "@ 1 NS ns.test.", `ghost 1 A ${addr(3)}`]),
            },
          ],
        }),
        startKnot({
          address: addr(2),
          port: 53,
          zones: [
            {
              origin: "lab.test",
              text: zone([
                "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
                "@ 1 NS ns1",
                `ns1 1 A ${addr(2)}`,
                "@ 1 A 8.8.8.8",
                "blog 1 CNAME ghost.bitbucket.io.",
              ]),
            },
          ],
        }),
      ])),
    );
    web = createServer((req, res) => {
      asked.push(req.headers.host);
      res.writeHead(404).end("<h1>Repository not found</h1>");
    });
    await new Promise<void>((r) => web.listen(80, addr(3), r));
    assert.equal((await cli(["watch", "add", "lab.test", "--db", db])).status, 0);
    const cof = join(tmp.path, "seen.cof");
    writeFileSync(
      cof,
      `${JSON.stringify({ rrname: "blog.lab.test", rrtype: "A", rdata: "8.8.4.4", time_first: 1_760_000_000, time_last: 1_760_000_000, count: 2 })}\n`,
    );
    assert.equal((await cli(["ingest", "cof", cof, "--db", db])).status, 0);
  });
  after(async () => {
    web.close();
    await Promise.all(knots.map((k) => k.stop()));
    tmp.remove();
  });

  const pass = (...more: string[]) =>
    cli([
      "monitor",
      "--once",
      "--json",
      "--http",
      "--no-registration",
      "--server",
      addr(1),
      "--timeout",
      "400",
      "--db",
      db,
      ...more,
    ]);

  it("refuses the loopback target until --allow-private names it, then finds the page", async () => {
    const takeover = (stdout: string) =>
      alertKeys(stdout).filter((k) => k.startsWith("dns.takeover-fingerprint"));
    const refused = await pass();
    assert.equal(refused.status, 0, refused.stderr);
    assert.deepEqual(takeover(refused.stdout), []);
    // A LAN range, or another loopback address, does not let it through either.
    const lan = await pass("--allow-private", "10.0.0.0/8", "--allow-private", addr(4));
    assert.deepEqual(takeover(lan.stdout), []);
    assert.deepEqual(asked, [], "nothing was sent to a refused address");

    const allowed = await pass("--allow-private", addr(3));
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.deepEqual(takeover(allowed.stdout), [
      "dns.takeover-fingerprint T1584.001 AN1995 blog.lab.test ghost.bitbucket.io",
    ]);
    assert.deepEqual(asked, ["blog.lab.test"], "asked once, by the watched name");
  });
});
