// The DNS scenario through the command line, as an operator runs it: `monitor --once`
// twice against Knots on port 53 at their own 127.x addresses, with the shipped
// IP → ASN / country tables (the zones use public addresses only as data: nothing is
// sent to them). Between the passes the watched zone moves to other name servers with
// a new SOA primary, its apex to an address in another country and network, an alias
// is left dangling, and sensors saw a subdomain abroad.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { alertKeys, cli, ndjson, type AlertLine } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number) => `${net}.${i}` as `127.${number}.${number}.${number}`;
const zone = (lines: string[]) => `${lines.join("\n")}\n`;

const parent = (ns: string) =>
  zone([
    "@ 1 SOA ns hostmaster 1 3600 900 604800 1",
    "@ 1 NS ns",
    `ns 1 A ${addr(1)}`,
    `corp 1 NS ${ns}`,
    `ns1.corp 1 A ${addr(2)}`,
    "calm 1 NS ns1.calm",
    `ns1.calm 1 A ${addr(3)}`,
    `ns1.takeover-dns 1 A ${addr(4)}`,
  ]);

describe("monitor --once (CLI): a hijacked zone, against Knot", () => {
  const tmp = makeTmpDir("monitor-dns-cli");
  const db = join(tmp.path, "m.db");
  const servers: KnotServer[] = [];
  let top: KnotServer;

  before(async () => {
    const start = async (i: number, origin: string, text: string) => {
      const s = await startKnot({ zones: [{ origin, text }], address: addr(i), port: 53 });
      servers.push(s);
      return s;
    };
    [top] = await Promise.all([
      start(1, "test", parent("ns1.corp")),
      start(
        2,
        "corp.test",
        zone([
          "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
          "@ 1 NS ns1",
          `ns1 1 A ${addr(2)}`,
          "@ 1 A 8.8.8.8",
          "shop 1 A 8.8.4.4",
        ]),
      ),
      start(
        3,
        "calm.test",
        zone([
          "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
          "@ 1 NS ns1",
          `ns1 1 A ${addr(3)}`,
          "@ 1 A 8.8.8.8",
        ]),
      ),
      start(
        4,
        "corp.test",
        zone([
          "@ 1 SOA ns1.takeover-dns.test. hostmaster 2 3600 900 604800 1",
          "@ 1 NS ns1.takeover-dns.test.",
          "@ 1 A 193.0.6.139",
          "shop 1 CNAME shop.gone.test.",
        ]),
      ),
    ]);
    for (const w of ["corp.test", "calm.test"])
      assert.equal((await cli(["watch", "add", w, "--db", db])).status, 0);
    // Sensors knew shop.corp.test before monitoring began.
    const cof = join(tmp.path, "before.cof");
    writeFileSync(
      cof,
      `${JSON.stringify({ rrname: "shop.corp.test", rrtype: "A", rdata: "8.8.4.4", time_first: 1_760_000_000, time_last: 1_760_000_000, count: 2 })}\n`,
    );
    assert.equal((await cli(["ingest", "cof", cof, "--db", db])).status, 0);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    tmp.remove();
  });

  const pass = () =>
    cli([
      "monitor",
      "--once",
      "--json",
      "--no-registration",
      "--server",
      addr(1),
      "--timeout",
      "400",
      "--retries",
      "1",
      "--db",
      db,
    ]);

  it("alerts on exactly what changed, with technique and analytic ids, and nothing after", async () => {
    const first = await pass();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, "", "the first pass is the baseline");

    await top.setZone("test", parent("ns1.takeover-dns"));
    const cof = join(tmp.path, "abroad.cof");
    writeFileSync(
      cof,
      `${JSON.stringify({ rrname: "cdn.corp.test", rrtype: "A", rdata: "1.1.1.1", time_first: 1_763_000_000, time_last: 1_763_000_000, count: 9 })}\n`,
    );
    assert.equal((await cli(["ingest", "cof", cof, "--db", db])).status, 0);

    const second = await pass();
    assert.equal(second.status, 0, second.stderr);
    const alerts = ndjson<AlertLine>(second.stdout);
    assert.deepEqual(alertKeys(second.stdout), [
      "dns.dangling-cname T1584.001 AN1995 shop.corp.test shop.gone.test",
      "dns.new-address T1584.001 AN1995 corp.test 193.0.6.139",
      "dns.ns-changed T1584.002 AN2023 corp.test ns1.takeover-dns.test",
      "dns.soa-primary-changed T1584.002 AN2023 corp.test ns1.takeover-dns.test",
      "dns.subdomain-elsewhere T1584.001 AN1995 cdn.corp.test AU/13335",
    ]);
    assert.equal(alerts.find((a) => a.rule === "dns.new-address")!.severity, "high");
    const calm = await cli(["alerts", "--entity", "calm.test", "--format", "json", "--db", db]);
    assert.equal(calm.stdout, "", "the zone that did not change has no alert");

    const third = await pass();
    assert.equal(third.stdout, "", "a pass with no change adds nothing new");
    assert.match(third.stderr, /0 new alerts, 2 seen again/);
  });
});
