// `lookup` read the way dig is typed (@server, a type after the name, -x, -p,
// +short), and zone transfers (AXFR, IXFR=serial) from a real Knot on loopback,
// with kdig as the oracle for what the transfer holds. A transfer is stored as
// `zone` observations with the zone as bailiwick.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { waitFor } from "../helpers/_process.js";

const run = promisify(execFile);

const zone = (serial: number, extra = ""): string => `$TTL 300
@    SOA ns1 hostmaster ${serial} 7200 3600 1209600 300
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.1
mail A   192.0.2.25
@    MX  10 mail
1.2.0.192.in-addr.arpa. PTR www.xfr.test.
${extra}`;

describe("lookup: dig habits and zone transfers", () => {
  let knot: KnotServer;
  const tmp = makeTmpDir("dig");
  const db = join(tmp.path, "d.db");
  before(async () => {
    knot = await startKnot({
      zones: [
        { origin: "xfr.test", text: zone(1), transfer: true },
        {
          origin: "2.0.192.in-addr.arpa",
          text: "$TTL 300\n@ SOA ns1.xfr.test. h.xfr.test. 1 1 1 1 1\n@ NS ns1.xfr.test.\n1 PTR www.xfr.test.\n",
        },
      ],
    });
  });
  after(async () => {
    await knot.stop();
    tmp.remove();
  });

  it("@SERVER, -p PORT, a type after the name and +short, as dig takes them", async () => {
    const r = await cli([
      "lookup",
      "@127.0.0.1",
      "-p",
      String(knot.port),
      "xfr.test",
      "MX",
      "+short",
      "--no-store",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "10 mail.xfr.test.\n");
    const both = await cli([
      "lookup",
      `@127.0.0.1:${knot.port}`,
      "www.xfr.test",
      "A",
      "MX",
      "+short",
      "--no-store",
    ]);
    assert.equal(both.stdout, "192.0.2.1\n");
  });

  it("-x IP asks for the PTR", async () => {
    const r = await cli([
      "lookup",
      "-x",
      "192.0.2.1",
      "--server",
      `127.0.0.1:${knot.port}`,
      "+short",
      "--no-store",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "www.xfr.test.\n");
    const bad = await cli(["lookup", "-x", "www.xfr.test", "--no-store"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /-x wants an IP address/);
    const plus = await cli(["lookup", "x.test", "+trace"]);
    assert.match(plus.stderr, /dig's \+trace is not supported/);
  });

  it("AXFR: the zone as kdig transfers it, stored as zone observations", async () => {
    const r = await cli([
      "lookup",
      "-t",
      "AXFR",
      "xfr.test",
      "--server",
      `127.0.0.1:${knot.port}`,
      "--json",
      "--db",
      db,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const ours = ndjson<{ name: string; type: string; data: string }>(r.stdout).map(
      (x) => `${x.name}. ${x.type} ${x.data}`,
    );
    const { stdout } = await run("kdig", [
      "@127.0.0.1",
      "-p",
      String(knot.port),
      "xfr.test",
      "AXFR",
      "+noall",
      "+answer",
      "+nottl",
      "+noclass",
    ]);
    const theirs = stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/))
      .map(([name, type, ...data]) => `${name} ${type} ${data.join(" ")}`);
    assert.deepEqual(ours, theirs);
    assert.equal(ours.length, 7, "SOA, NS, A ×3, MX, SOA again");
    const stored = await cli(["pdns", "*.xfr.test", "--format", "json", "--db", db]);
    const rows = ndjson<{ rrname: string; source: string; bailiwick?: string }>(stored.stdout);
    assert.deepEqual(rows.map((x) => x.rrname).sort(), [
      "mail.xfr.test",
      "ns1.xfr.test",
      "www.xfr.test",
    ]);
    assert.ok(rows.every((x) => x.source === "zone"));
  });

  it("IXFR=SERIAL: the differences since that serial; up to date is one SOA", async () => {
    await knot.setZone(
      "xfr.test",
      zone(2, "new  A 192.0.2.99\n").replace("www  A   192.0.2.1", "www  A   192.0.2.2"),
    );
    // setZone returns once the zone answers; wait for the new serial itself.
    await waitFor(
      "serial 2",
      async () => {
        const soa = await run("kdig", [
          "@127.0.0.1",
          "-p",
          String(knot.port),
          "xfr.test",
          "SOA",
          "+short",
        ]);
        return / 2 7200 /.test(soa.stdout) || undefined;
      },
      5000,
    );
    const r = await cli(["lookup", `@127.0.0.1:${knot.port}`, "xfr.test", "IXFR=1", "--db", db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^; deleted\nxfr\.test\.\s+300\s+IN\tSOA\t.* 1 7200/m);
    assert.match(r.stdout, /^www\.xfr\.test\.\s+300\s+IN\tA\t192\.0\.2\.1$/m);
    assert.match(r.stdout, /^; added\n/m);
    assert.match(r.stdout, /^new\.xfr\.test\.\s+300\s+IN\tA\t192\.0\.2\.99$/m);
    assert.match(r.stdout, /;; IXFR xfr\.test\. serial 2 \(incremental\)/);
    const added = await cli(["pdns", "new.xfr.test", "--format", "json", "--db", db]);
    assert.equal(ndjson(added.stdout).length, 1, "the added record is stored");
    const current = await cli([
      "lookup",
      `@127.0.0.1:${knot.port}`,
      "xfr.test",
      "IXFR=2",
      "--no-store",
    ]);
    assert.match(current.stdout, /serial 2 \(current\): 1 records/);
  });

  it("a server that refuses the transfer: one line naming it", async () => {
    const r = await cli([
      "lookup",
      "-t",
      "AXFR",
      "2.0.192.in-addr.arpa",
      "--server",
      `127.0.0.1:${knot.port}`,
      "--no-store",
    ]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /AXFR of 2\.0\.192\.in-addr\.arpa\. from 127\.0\.0\.1:\d+: the server answered (NOTAUTH|REFUSED)/,
    );
  });
});
