// A lab whose name servers listen on another port than 53: two Knots on their own
// 127.x addresses, both on one free port. With --ns-port the zone's servers are
// asked there and found consistent; without it they would be asked on 53, where
// nothing listens, and the monitor would have cried lame delegation.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number): `127.${number}.${number}.${number}` =>
  `${net}.${i}` as `127.${number}.${number}.${number}`;
const ZONE =
  [
    "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300",
    "@ 300 NS ns1",
    "@ 300 NS ns2",
    `ns1 300 A ${addr(1)}`,
    `ns2 300 A ${addr(2)}`,
    "@ 300 A 192.0.2.1",
    "www 300 A 192.0.2.1",
  ].join("\n") + "\n";

describe("--ns-port: name servers on a lab port", () => {
  const servers: KnotServer[] = [];
  const tmp = makeTmpDir("nsport");
  let port = 0;
  before(async () => {
    port = await freePort(addr(1));
    for (const i of [1, 2])
      servers.push(
        await startKnot({ zones: [{ origin: "lab.test", text: ZONE }], address: addr(i), port }),
      );
  });
  after(async () => {
    for (const s of servers) await s.stop();
    tmp.remove();
  });

  it("lookup --authoritative asks the servers on --ns-port", async () => {
    const r = await cli([
      "lookup",
      "www.lab.test",
      "--authoritative",
      "--server",
      `${addr(1)}:${port}`,
      "--ns-port",
      String(port),
      "--json",
      "--no-store",
    ]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = ndjson<{ resolver: string; issues: string[] }>(r.stdout);
    assert.deepEqual(lines.map((l) => l.resolver).sort(), [
      `${addr(1)}:${port}`,
      `${addr(2)}:${port}`,
    ]);
    assert.ok(lines.every((l) => l.issues.length === 0));
  });

  it("resolve --authoritative too", async () => {
    const r = await cli(
      [
        "resolve",
        "-",
        "--authoritative",
        "--server",
        `${addr(1)}:${port}`,
        "--ns-port",
        String(port),
        "--json",
        "--no-store",
      ],
      { stdin: "www.lab.test\n" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      ndjson<{ issues: string[] }>(r.stdout).filter((l) => l.issues.length === 0).length,
      2,
    );
  });

  it("monitor --once raises no lame delegation", async () => {
    const db = join(tmp.path, "m.db");
    assert.equal((await cli(["watch", "add", "lab.test", "--db", db])).status, 0);
    const r = await cli([
      "monitor",
      "--once",
      "--no-registration",
      "--json",
      "--server",
      `${addr(1)}:${port}`,
      "--ns-port",
      String(port),
      "--timeout",
      "300",
      "--db",
      db,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const rules = ndjson<{ rule: string }>(r.stdout).map((a) => a.rule);
    assert.ok(
      !rules.includes("dns.lame-delegation") && !rules.includes("dns.ns-no-answer"),
      rules.join(", "),
    );
  });
});
