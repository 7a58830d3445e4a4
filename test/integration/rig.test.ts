// The test rig itself: real Knot and Unbound on loopback, checked with kdig and dig.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { isAlive } from "../helpers/_process.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { isPortFree } from "../helpers/ports.js";
import { startUnbound } from "../helpers/unbound.js";

const run = promisify(execFile);

const PLAIN = `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.10
www 300 AAAA 2001:db8::10
@ 300 MX 10 mail
mail 300 A 192.0.2.25
@ 300 TXT "v=spf1 -all"
`;
const SIGNED = `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.20
`;

interface JsonRR {
  NAME: string;
  TYPEname: string;
  TTL: number;
  [rdata: `rdata${string}`]: string;
}
interface JsonMsg {
  RCODE: number;
  AA: number;
  answerRRs?: JsonRR[];
}

/** kdig +json: RFC 8427-style output; one try, 2 s, so a dead server fails fast. */
async function kdig(host: string, port: number, ...args: string[]): Promise<JsonMsg> {
  const { stdout } = await run("kdig", [
    `@${host}`,
    "-p",
    String(port),
    "+retry=0",
    "+time=2",
    "+json",
    ...args,
  ]);
  return JSON.parse(stdout) as JsonMsg;
}

const answers = (m: JsonMsg, type: string): string[] =>
  (m.answerRRs ?? []).filter((r) => r.TYPEname === type).map((r) => r[`rdata${type}`] ?? "");

/** DNS tools and servers still running as children of this test process. (tsx's esbuild
 * service is a child too, and legitimately stays.) */
function ownDnsChildren(): string[] {
  const found: string[] = [];
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (
        ppid === process.pid &&
        isAlive(Number(d)) &&
        /^(knotd|knotc|unbound|kdig|dig)$/.test(comm)
      ) {
        found.push(`${d} ${comm}`);
      }
    } catch {
      // exited while we looked
    }
  }
  return found;
}

describe("test rig", () => {
  let knot: KnotServer;
  before(async () => {
    const t0 = Date.now();
    knot = await startKnot({
      zones: [
        { origin: "example.test", text: PLAIN },
        { origin: "signed.test", text: SIGNED, dnssec: true },
      ],
    });
    console.log(`# knot (1 plain + 1 signed zone) ready in ${Date.now() - t0} ms`);
  });
  after(() => knot?.stop());

  it("serves A, AAAA, MX and TXT to kdig", async () => {
    const a = await kdig(knot.host, knot.port, "www.example.test", "A");
    assert.equal(a.RCODE, 0);
    assert.equal(a.AA, 1);
    assert.deepEqual(answers(a, "A"), ["192.0.2.10"]);
    assert.deepEqual(
      answers(await kdig(knot.host, knot.port, "www.example.test", "AAAA"), "AAAA"),
      ["2001:db8::10"],
    );
    assert.deepEqual(answers(await kdig(knot.host, knot.port, "example.test", "MX"), "MX"), [
      "10 mail.example.test.",
    ]);
    assert.deepEqual(answers(await kdig(knot.host, knot.port, "example.test", "TXT"), "TXT"), [
      '"v=spf1 -all"',
    ]);
  });

  it("signs the DNSSEC zone", async () => {
    const keys = await kdig(knot.host, knot.port, "+dnssec", "signed.test", "DNSKEY");
    assert.equal(answers(keys, "DNSKEY").length, 1); // one CSK
    assert.match(answers(keys, "DNSKEY")[0] ?? "", /^257 3 13 /); // SEP flag, protocol 3, ECDSAP256SHA256
    const www = await kdig(knot.host, knot.port, "+dnssec", "www.signed.test", "A");
    assert.deepEqual(answers(www, "A"), ["192.0.2.20"]);
    assert.match(answers(www, "RRSIG")[0] ?? "", /^A 13 3 300 /);
  });

  it("answers the same A through Unbound stubbed to Knot", async (t) => {
    const t0 = Date.now();
    const unbound = await startUnbound(
      { stubs: [{ zone: "example.test", addrs: [`${knot.host}@${knot.port}`] }] },
      t,
    );
    console.log(`# unbound ready in ${Date.now() - t0} ms`);
    const dig = async (name: string): Promise<string> =>
      (
        await run("dig", [
          `@${unbound.host}`,
          "-p",
          String(unbound.port),
          "+retry=0",
          "+time=2",
          "+short",
          name,
          "A",
        ])
      ).stdout.trim();
    assert.equal(await dig("www.example.test"), "192.0.2.10");
    // Outside the stubs Unbound refuses instead of asking the (unreachable) root servers.
    const { stdout } = await run("dig", [
      `@${unbound.host}`,
      "-p",
      String(unbound.port),
      "+retry=0",
      "+time=2",
      "example.com",
      "A",
    ]);
    assert.match(stdout, /status: REFUSED/);
  });

  it("replaces a zone's text with setZone", async () => {
    await knot.setZone("example.test", PLAIN.replace("192.0.2.10", "192.0.2.11"));
    assert.deepEqual(answers(await kdig(knot.host, knot.port, "www.example.test", "A"), "A"), [
      "192.0.2.11",
    ]);
    await knot.setZone("signed.test", SIGNED.replace("192.0.2.20", "192.0.2.21"));
    const www = await kdig(knot.host, knot.port, "+dnssec", "www.signed.test", "A");
    assert.deepEqual(answers(www, "A"), ["192.0.2.21"]);
    assert.equal(answers(www, "RRSIG").length, 1);
  });

  it("leaves no process and no port behind after stop()", async () => {
    const k = await startKnot({ zones: [{ origin: "gone.test", text: SIGNED, dnssec: true }] });
    const u = await startUnbound({
      stubs: [{ zone: "gone.test", addrs: [`127.0.0.1@${k.port}`] }],
    });
    assert.ok(isAlive(k.pid) && isAlive(u.pid));
    await u.stop();
    await k.stop();
    assert.equal(isAlive(k.pid), false, "knotd still running");
    assert.equal(isAlive(u.pid), false, "unbound still running");
    assert.deepEqual(ownDnsChildren(), []);
    assert.ok(await isPortFree(k.host, k.port));
    assert.ok(await isPortFree(u.host, u.port));
  });

  it(
    "runs Knots on port 53 at distinct 127.x addresses",
    { skip: process.getuid?.() !== 0 && "needs root for port 53" },
    async (t) => {
      // Random addresses in 127/8, so parallel test files rarely pick the same one.
      const addr = (): `127.${number}.${number}.${number}` =>
        `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;
      const a = await startKnot(
        { zones: [{ origin: "a.test", text: PLAIN }], address: addr(), port: 53 },
        t,
      );
      const b = await startKnot(
        { zones: [{ origin: "b.test", text: SIGNED }], address: addr(), port: 53 },
        t,
      );
      assert.deepEqual(answers(await kdig(a.host, 53, "www.a.test", "A"), "A"), ["192.0.2.10"]);
      assert.deepEqual(answers(await kdig(b.host, 53, "www.b.test", "A"), "A"), ["192.0.2.20"]);
      assert.equal((await kdig(a.host, 53, "www.b.test", "A")).RCODE, 5); // REFUSED: not a's zone
    },
  );
});
