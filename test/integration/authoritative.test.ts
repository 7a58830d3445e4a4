// --authoritative against real name servers: four Knots on port 53 at their own
// 127.x addresses (as the zone's NS records say), one of them lame and one with
// different data, plus an NS whose address answers nothing.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number): `127.${number}.${number}.${number}` =>
  `${net}.${i}` as `127.${number}.${number}.${number}`;

function zone(www: string): string {
  return (
    [
      "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300",
      ...[1, 2, 3, 4, 5].map((i) => `@ 300 NS ns${i}`),
      ...[1, 2, 3, 4, 5].map((i) => `ns${i} 300 A ${addr(i)}`),
      `www 300 A ${www}`,
      "mail 300 A 192.0.2.25",
      "sub 300 NS ns1.sub",
      `ns1.sub 300 A ${addr(1)}`,
    ].join("\n") + "\n"
  );
}

interface AuthLine {
  nameserver: string;
  resolver: string;
  status: string;
  issues: string[];
  error?: string;
  zone: string;
  answers: { data: string }[];
}

describe("lookup --authoritative", () => {
  const servers: KnotServer[] = [];
  const tmp = makeTmpDir("auth");
  const db = join(tmp.path, "auth.db");

  before(async () => {
    servers.push(
      await startKnot({
        zones: [{ origin: "auth.test", text: zone("192.0.2.1") }],
        address: addr(1),
        port: 53,
      }),
    );
    servers.push(
      await startKnot({
        zones: [{ origin: "auth.test", text: zone("192.0.2.1") }],
        address: addr(2),
        port: 53,
      }),
    );
    // ns3 serves some other zone only: it REFUSES auth.test (lame delegation).
    servers.push(
      await startKnot({
        zones: [
          {
            origin: "other.test",
            text: "@ 300 SOA a b 1 1 1 1 1\n@ 300 NS a\na 300 A 192.0.2.9\n",
          },
        ],
        address: addr(3),
        port: 53,
      }),
    );
    // ns4 has been changed behind the others' back.
    servers.push(
      await startKnot({
        zones: [{ origin: "auth.test", text: zone("203.0.113.66") }],
        address: addr(4),
        port: 53,
      }),
    );
    // ns5's address has nothing listening.
  });
  after(async () => {
    for (const s of servers) await s.stop();
    tmp.remove();
  });

  const ask = (name: string, extra: string[] = []) =>
    cli([
      "lookup",
      name,
      "--authoritative",
      "--server",
      addr(1),
      "--json",
      "--timeout",
      "300",
      "--retries",
      "0",
      "--db",
      db,
      ...extra,
    ]);

  it("asks every server, flags the lame, the silent and the one that disagrees", async () => {
    const r = await ask("www.auth.test");
    assert.equal(r.status, 1, r.stderr);
    const lines = ndjson<AuthLine>(r.stdout);
    const by = new Map(lines.map((l) => [l.nameserver, l]));
    assert.deepEqual([...by.keys()].sort(), [
      "ns1.auth.test",
      "ns2.auth.test",
      "ns3.auth.test",
      "ns4.auth.test",
      "ns5.auth.test",
    ]);
    assert.ok(lines.every((l) => l.zone === "auth.test"));
    assert.deepEqual(by.get("ns1.auth.test")!.issues, []);
    assert.deepEqual(by.get("ns2.auth.test")!.issues, []);
    assert.deepEqual(
      by.get("ns1.auth.test")!.answers.map((a) => a.data),
      ["192.0.2.1"],
    );
    assert.deepEqual(by.get("ns3.auth.test")!.issues, ["lame: REFUSED"]);
    assert.deepEqual(by.get("ns4.auth.test")!.issues, ["disagrees with the other servers"]);
    assert.deepEqual(
      by.get("ns4.auth.test")!.answers.map((a) => a.data),
      ["203.0.113.66"],
    );
    // Nothing listens there: the ICMP port unreachable ends the attempt at once.
    assert.equal(by.get("ns5.auth.test")!.status, "ERROR");
    assert.match(by.get("ns5.auth.test")!.error!, /refused the query \(ICMP port unreachable/);
    assert.deepEqual(by.get("ns5.auth.test")!.issues, ["no answer"]);
    assert.equal(by.get("ns5.auth.test")!.resolver, `${addr(5)}:53`);
  });

  it("finds the zone from a name that does not exist and from the apex", async () => {
    for (const name of ["nothing-here.auth.test", "auth.test"]) {
      const lines = ndjson<AuthLine>((await ask(name)).stdout);
      assert.equal(lines.length, 5, name);
      assert.ok(
        lines.every((l) => l.zone === "auth.test"),
        name,
      );
    }
    const nx = ndjson<AuthLine>((await ask("nothing-here.auth.test")).stdout);
    assert.equal(nx.find((l) => l.nameserver === "ns1.auth.test")!.status, "NXDOMAIN");
  });

  it("follows a delegation: the child's server that does not serve it is lame", async () => {
    const lines = ndjson<AuthLine>((await ask("www.sub.auth.test")).stdout);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.zone, "sub.auth.test");
    assert.equal(lines[0]!.nameserver, "ns1.sub.auth.test");
    assert.deepEqual(lines[0]!.issues, ["lame: answer not authoritative"]);
  });

  it("prints each server's answer and a verdict for people", async () => {
    const r = await cli([
      "lookup",
      "mail.auth.test",
      "--authoritative",
      "--server",
      addr(1),
      "--timeout",
      "300",
      "--retries",
      "0",
      "--no-store",
    ]);
    assert.match(r.stdout, /;; zone auth\.test: 5 name servers/);
    assert.match(r.stdout, /mail\.auth\.test\.\s+300\s+IN\tA\t192\.0\.2\.25/);
    assert.match(
      r.stdout,
      new RegExp(`@ns3\\.auth\\.test ${addr(3).replace(/\./g, "\\.")}:53  !! lame: REFUSED`),
    );
    assert.match(r.stdout, /INCONSISTENT: 2 of 5 servers have problems/);
  });

  it("stores only authoritative answers, with the zone as bailiwick", async () => {
    await ask("www.auth.test");
    const r = await cli(["pdns", "www.auth.test", "--json", "--db", db]);
    const rows = ndjson<{ rdata: string; bailiwick?: string; source: string }>(r.stdout);
    assert.deepEqual(rows.map((x) => x.rdata).sort(), ["192.0.2.1", "203.0.113.66"]);
    assert.ok(rows.every((x) => x.bailiwick === "auth.test" && x.source === "active"));
  });

  it("resolve --authoritative does the same for a list of names", async () => {
    const r = await cli(
      [
        "resolve",
        "-",
        "--authoritative",
        "--server",
        addr(1),
        "--json",
        "--retries",
        "0",
        "--no-store",
      ],
      {
        stdin: "www.auth.test\nmail.auth.test\n",
      },
    );
    const lines = ndjson<AuthLine & { name: string }>(r.stdout);
    assert.equal(lines.length, 10);
    assert.deepEqual([...new Set(lines.map((l) => l.name))].sort(), [
      "mail.auth.test",
      "www.auth.test",
    ]);
    assert.match(r.stderr, /2 name\/type pairs inconsistent/);
  });
});
