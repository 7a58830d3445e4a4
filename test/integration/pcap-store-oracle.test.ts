// Acceptance (issue 4): for every pcap in ../shared/fixtures/pcap/ and for captures made here
// (kdig against a local Knot over UDP and TCP, truncation, IPv6, a signed zone, recorded with
// tcpdump on loopback), the (rrname, rrtype, rdata) set `dnsight ingest pcap` stores, read
// back with `dnsight export cof`, equals what tshark dissects from the answer sections of the
// same file (test/helpers/tshark-answers.ts presents tshark's fields by code of its own).
// For our own captures kdig's printed answers are a third witness: each one must be in both.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { trackPid, untrackPid } from "../helpers/cleanup.js";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { answerKey, tsharkAnswerKeys } from "../helpers/tshark-answers.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../shared/fixtures/pcap/", import.meta.url));

function captures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) return captures(p);
      return /\.(pcap|pcapng|cap)$/i.test(e) ? [p] : [];
    });
}

interface Cof {
  rrname: string;
  rrtype: string;
  rdata: string[];
}

/** `ingest pcap FILE` into a fresh store, then `export cof`: the stored keys. */
async function stored(t: TestContext, file: string, ports: number[] = []): Promise<Set<string>> {
  const db = join(makeTmpDir("oracle", t).path, "pdns.db");
  const portArgs = ports.flatMap((p) => ["--port", String(p)]);
  const ing = await cli(["ingest", "pcap", file, "--db", db, ...portArgs]);
  assert.equal(ing.status, 0, ing.stderr);
  // Nothing skipped: a record dropped by the chain or bailiwick rule would show here, and
  // the oracle would have to say why it drops it too.
  assert.doesNotMatch(ing.stderr, /skipped/, ing.stderr);
  const exp = await cli(["export", "cof", "--db", db]);
  assert.equal(exp.status, 0, exp.stderr);
  const keys = new Set<string>();
  for (const o of ndjson<Cof>(exp.stdout)) {
    assert.equal(o.rdata.length, 1, JSON.stringify(o));
    assert.equal(o.rrname, o.rrname.toLowerCase(), "stored owner names are lowercase");
    assert.doesNotMatch(o.rrname, /\.$/, "stored owner names have no trailing dot");
    keys.add(answerKey(o.rrname, o.rrtype, o.rdata[0] as string));
  }
  return keys;
}

/** Set equality with a readable diff. */
function assertSameSet(ours: Set<string>, theirs: Set<string>, what: string): void {
  const onlyOurs = [...ours].filter((k) => !theirs.has(k)).sort();
  const onlyTheirs = [...theirs].filter((k) => !ours.has(k)).sort();
  assert.deepEqual(
    { onlyOurs, onlyTheirs },
    { onlyOurs: [], onlyTheirs: [] },
    `${what}: dnsight stored ${ours.size}, tshark dissected ${theirs.size}`,
  );
}

const FILES = captures(ROOT);

describe("pcap ingest stores what tshark dissects: shared fixtures", () => {
  it("finds the fixtures", () => assert.ok(FILES.length > 0, `no captures under ${ROOT}`));
  // No fixture holds an answer record off the question's chain or outside the answering
  // zone: ingest reports none skipped (checked in stored()), so the oracle's copy of those
  // rules (tshark-answers.ts) drops nothing here.
  for (const file of FILES) {
    it(relative(ROOT, file), async (t) => {
      assertSameSet(await stored(t, file), await tsharkAnswerKeys(file), relative(ROOT, file));
    });
  }
});

// ---- our own captures ----

// Each server (127.0.0.1 and ::1) serves its own variant (`v`), so what came over IPv6 is
// not hidden by the same records arriving over IPv4.
const long = (v: number): string => ["a", "b", `${v}`].map((c) => `"${c.repeat(250)}"`).join(" ");
const zone = (v: number): string =>
  [
    `@ 300 SOA ns1.example.test. hostmaster.example.test. 202401010${v} 3600 900 604800 300`,
    "@ 300 NS ns1",
    "@ 300 NS ns2.elsewhere.test.",
    "ns1 300 A 127.0.0.1",
    "@ 300 MX 10 mail",
    "@ 300 MX 20 mail.elsewhere.test.",
    "mail 300 A 192.0.2.25",
    '@ 300 CAA 0 issue "letsencrypt.org"',
    '@ 300 CAA 128 iodef "mailto:security@example.test"',
    "host 300 A 192.0.2.10",
    "host 300 A 192.0.2.11",
    "host 300 AAAA 2001:db8::10",
    "host 300 AAAA 2001:db8:0:1::",
    `only 300 TXT "served over IPv${v}"`,
    // A chain of two CNAMEs before the address.
    "www 300 CNAME alias",
    "alias 300 CNAME host",
    // A DNAME: x.dn.example.test becomes x.target.example.test (Knot synthesises the CNAME).
    "dn 300 DNAME target",
    "x.target 300 A 192.0.2.77",
    '@ 300 TXT "v=spf1 -all"',
    'special 300 TXT "quote\\" back\\\\ bell\\007 utf8 \\195\\169 semi;colon" "" "second"',
    `long 300 TXT ${long(v)}`,
    "_sip._tcp 300 SRV 10 60 5060 host",
    "_sip._tcp 300 SRV 20 0 5061 sip.elsewhere.test.",
    "10 300 PTR host.example.test.",
    "",
  ].join("\n");

const SIGNED = [
  "@ 300 SOA ns1.signed.test. hostmaster.signed.test. 1 3600 900 604800 300",
  "@ 300 NS ns1",
  "ns1 300 A 127.0.0.1",
  "www 300 A 192.0.2.53",
  'www 300 TXT "signed"',
  "cname 300 CNAME www",
  // A delegation with its DS: the parent answers DS authoritatively.
  "child 300 NS ns1.child",
  "ns1.child 300 A 192.0.2.54",
  "child 300 DS 12345 13 2 4D1C36F6D9BA0D1C4F1E4C3A0F1C8B0D3E0A7F2B9C6D1E4F7A0B3C6D9E2F5A8B",
  "",
].join("\n");

/** kdig's answer lines as keys; one try, 2 s, so a dead server fails fast. */
async function kdig(server: KnotServer, ...args: string[]): Promise<string[]> {
  const { stdout } = await run(
    "kdig",
    [
      `@${server.host}`,
      "-p",
      String(server.port),
      "+retry=0",
      "+time=2",
      "+noall",
      "+answer",
      ...args,
    ],
    { timeout: 15_000 },
  );
  const keys: string[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/.exec(line);
    if (m) keys.push(answerKey(m[1] as string, m[2] as string, (m[3] as string).trim()));
  }
  return keys;
}

/** tcpdump on `lo` for `ports`, writing `file`; resolves once it listens. */
async function tcpdump(
  t: TestContext,
  ports: number[],
  file: string,
): Promise<() => Promise<void>> {
  const filter = ports.map((p) => `port ${p}`).join(" or ");
  // -Z root: Debian's tcpdump otherwise drops to the tcpdump user, which may not write here.
  // --immediate-mode: without it packets wait in the kernel's ring buffer, and those still
  // there when SIGINT arrives never reach the file.
  const args = ["-i", "lo", "-n", "-U", "--immediate-mode", "-Z", "root", "-w", file, filter];
  const p = spawn("tcpdump", args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const pid = p.pid;
  if (pid === undefined) throw new Error("tcpdump did not start");
  trackPid(pid);
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  let stderr = "";
  p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const stop = async (): Promise<void> => {
    if (p.exitCode === null && p.signalCode === null) {
      p.kill("SIGINT"); // flushes and closes the capture cleanly
      if (!(await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]))) {
        p.kill("SIGKILL");
        await exited;
      }
    }
    untrackPid(pid);
  };
  t.after(stop);
  for (let i = 0; !/listening on/.test(stderr); i++) {
    if (i === 200 || p.exitCode !== null) {
      await stop();
      throw new Error(`tcpdump did not start listening:\n${stderr}`);
    }
    await sleep(50);
  }
  return stop;
}

describe("pcap ingest stores what tshark dissects: our own loopback captures of Knot", () => {
  it("UDP, TCP, truncation then TCP, IPv6, DNAME, a signed zone", async (t) => {
    const zones = (v: number) => [
      { origin: "example.test", text: zone(v) },
      { origin: "signed.test", text: SIGNED, dnssec: true },
    ];
    const v4 = await startKnot({ zones: zones(4) }, t);
    const v6 = await startKnot({ zones: zones(6), address: "::1" }, t);
    const file = join(makeTmpDir("oracle", t).path, "lo.pcap");
    const ports = [v4.port, v6.port];
    const stop = await tcpdump(t, ports, file);

    const ex = (n: string): string => (n === "@" ? "example.test" : `${n}.example.test`);
    // Asked over UDP only...
    const udp = [
      [ex("www"), "A"],
      [ex("host"), "AAAA"],
      [ex("@"), "MX"],
      [ex("@"), "TXT"],
      [ex("special"), "TXT"],
      [ex("@"), "NS"],
      [ex("only"), "TXT"],
      [ex("nowhere"), "A"], // NXDOMAIN: nothing to store
    ].flat();
    // ...and over TCP only (several queries on one connection).
    const tcp = [
      [ex("_sip._tcp"), "SRV"],
      [ex("@"), "CAA"],
      [ex("@"), "SOA"],
      [ex("10"), "PTR"],
      [ex("x.dn"), "A"],
    ].flat();
    const signed = [
      ["www.signed.test", "A"],
      ["www.signed.test", "TXT"],
      ["cname.signed.test", "A"],
      ["signed.test", "DNSKEY"],
      ["signed.test", "NSEC"],
      ["signed.test", "SOA"],
      ["child.signed.test", "DS"],
      ["nothing.signed.test", "A"],
    ].flat();
    const printed = [
      ...(await kdig(v4, "+notcp", ...udp)),
      ...(await kdig(v4, "+tcp", "+keepopen", ...tcp)),
      // 512 bytes cannot hold three 250-byte strings: the UDP answer comes back truncated
      // (TC, no answers) and kdig asks again over TCP.
      ...(await kdig(v4, "+bufsize=512", ex("long"), "TXT")),
      ...(await kdig(v4, "+notcp", "+dnssec", ...signed)),
      ...(await kdig(v6, "+notcp", ...udp, ...tcp)),
      ...(await kdig(v6, "+tcp", "+dnssec", ...signed)),
      ...(await kdig(v6, "+bufsize=512", ex("long"), "TXT")),
    ];
    // tcpdump writes each packet as it sees it (-U); give the last ones a moment to land.
    await sleep(300);
    await stop();

    const theirs = await tsharkAnswerKeys(file, { ports });
    const ours = await stored(t, file, ports);
    assertSameSet(ours, theirs, "loopback capture");

    // kdig, the third witness: each answer it printed is in both sets.
    assert.ok(printed.length >= 70, `kdig printed only ${printed.length} answers`);
    const missing = printed.filter((k) => !theirs.has(k) || !ours.has(k));
    assert.deepEqual(missing, [], "kdig printed answers the store or the oracle lacks");
    // And the capture holds what the test set out to make.
    const types = new Set([...ours].map((k) => k.split(" ")[1]));
    for (const ty of "A AAAA CNAME DNAME MX TXT SRV CAA NS SOA PTR RRSIG DNSKEY NSEC DS".split(" "))
      assert.ok(types.has(ty), `no ${ty} in the capture`);
    for (const v of [4, 6]) {
      assert.ok(ours.has(answerKey("long.example.test", "TXT", long(v))), `long TXT, IPv${v}`);
      assert.ok(ours.has(answerKey("only.example.test", "TXT", `"served over IPv${v}"`)));
    }
    // Both long TXT answers came after a truncated UDP answer.
    const { stdout: tc } = await run(
      "tshark",
      [
        "-r",
        file,
        "-n",
        ...ports.flatMap((p) => ["-d", `udp.port==${p},dns`]),
        "-Y",
        "dns.flags.truncated == 1",
        "-T",
        "fields",
        "-e",
        "dns.qry.name",
      ],
      { timeout: 60_000 },
    );
    assert.deepEqual(tc.trim().split("\n"), [ex("long"), ex("long")]);
    assert.ok(
      [...ours].some((k) => k.startsWith("special.example.test TXT ") && k.includes("\\195\\169")),
      "the TXT with escapes",
    );
  });
});
