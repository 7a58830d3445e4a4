// `dnsight lookup` end to end against a real Knot on loopback: dig-like and JSON output,
// statuses, reverse and IDN names, TCP, truncation fallback, timeouts, resolv.conf, the
// store, and bad input. The CLI runs in-process through runCli (fake io streams), except
// where the exit status and the one-line error of the real entry point are the subject.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { existsSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { CommandIO } from "../../src/cli/command.js";
import { loadRunCli, Sink, type CliResult, type RunCli } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

const run = promisify(execFile);
const MAIN_TS = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

// ---------------------------------------------------------------------------------------
// Zones. The big TXT RRset is ~7 KB: far over the 1232-byte EDNS buffer, under 64 KB.
const SOA = "@ 300 SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300";
const BIG_COUNT = 60;
const bigTxt = (i: number): string => `record-${String(i).padStart(2, "0")} ${"x".repeat(100)}`;
const EXAMPLE = [
  SOA,
  "@ 300 NS ns1",
  "ns1 300 A 127.0.0.1",
  "www 300 A 192.0.2.10",
  "www 300 AAAA 2001:db8::10",
  "@ 300 MX 10 mail",
  "mail 300 A 192.0.2.25",
  '@ 300 TXT "v=spf1 -all"',
  "host 300 A 192.0.2.1",
  ...Array.from({ length: BIG_COUNT }, (_, i) => `big 300 TXT "${bigTxt(i)}"`),
  "",
].join("\n");
const IDN = [SOA, "@ 300 NS ns1.example.test.", "@ 300 A 192.0.2.77", ""].join("\n");
const REV4 = [SOA, "@ 300 NS ns1.example.test.", "1 300 PTR host.example.test.", ""].join("\n");
// 2001:db8::1 in 8.b.d.0.1.0.0.2.ip6.arpa: the remaining 24 nibbles, least significant first.
const V6_REL = ["1", ...Array<string>(23).fill("0")].join(".");
const REV6 = [SOA, "@ 300 NS ns1.example.test.", `${V6_REL} 300 PTR host6.example.test.`, ""].join(
  "\n",
);
const V6_PTR_NAME = `${V6_REL}.8.b.d.0.1.0.0.2.ip6.arpa`;

const ZONES = [
  { origin: "example.test", text: EXAMPLE },
  { origin: "xn--bcher-kva.test", text: IDN },
  { origin: "2.0.192.in-addr.arpa", text: REV4 },
  { origin: "8.b.d.0.1.0.0.2.ip6.arpa", text: REV6 },
];

const RESULT_KEYS = [
  "additionals",
  "answers",
  "authorities",
  "durationMs",
  "flags",
  "name",
  "protocol",
  "resolver",
  "status",
  "timestamp",
  "type",
];

interface RR {
  name: string;
  type: string;
  class: string;
  ttl: number;
  data: string;
}
interface Result {
  name: string;
  type: string;
  status: string;
  flags: Record<string, boolean>;
  answers: RR[];
  authorities: RR[];
  additionals: RR[];
  resolver: string;
  protocol: string;
  timestamp: string;
  durationMs: number;
  error?: string;
}

function assertResultShape(r: Result): void {
  assert.deepEqual(
    Object.keys(r)
      .filter((k) => k !== "error")
      .sort(),
    RESULT_KEYS,
  );
  assert.deepEqual(Object.keys(r.flags).sort(), ["aa", "ad", "cd", "ra", "rd", "tc"]);
  for (const v of Object.values(r.flags)) assert.equal(typeof v, "boolean");
  for (const rr of [...r.answers, ...r.authorities, ...r.additionals]) {
    assert.deepEqual(Object.keys(rr).sort(), ["class", "data", "name", "ttl", "type"]);
    assert.equal(typeof rr.ttl, "number");
    assert.ok(!rr.name.endsWith(".") || rr.name === ".", `owner without the root dot: ${rr.name}`);
  }
  assert.match(r.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.ok(Math.abs(Date.parse(r.timestamp) - Date.now()) < 60_000, "timestamp is now");
  assert.equal(typeof r.durationMs, "number");
  assert.ok(r.durationMs >= 0);
}

describe("dnsight lookup against Knot", () => {
  let runCli: RunCli;
  let knot: KnotServer;
  let server: string;
  let dir: string;
  /** resolv.conf that points at an unused loopback port, so nothing ever reads the real one. */
  let safeResolv: string;
  let dbN = 0;

  before(async () => {
    runCli = await loadRunCli();
    knot = await startKnot({ zones: ZONES });
    server = `${knot.host}:${knot.port}`;
    dir = makeTmpDir("lookup").path;
    safeResolv = join(dir, "resolv-safe.conf");
    writeFileSync(safeResolv, "nameserver 127.0.0.1\n");
  });
  after(async () => {
    await knot?.stop();
  });

  const freshDb = (): string => join(dir, `db-${++dbN}.sqlite`);

  async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const stdout = new Sink();
    const stderr = new Sink();
    const io: CommandIO = {
      stdin: Readable.from([]),
      stdout,
      stderr,
      // Never the real environment: no DNSIGHT_DB from outside, never /etc/resolv.conf.
      env: { DNSIGHT_RESOLV_CONF: safeResolv, DNSIGHT_DB: join(dir, "default.sqlite"), ...env },
    };
    const status = await runCli(argv, io);
    return { status, stdout: stdout.text, stderr: stderr.text };
  }

  const jsonLines = (text: string): Result[] =>
    text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);

  async function lookupJson(...args: string[]): Promise<Result[]> {
    const r = await cli(["lookup", ...args, "--server", server, "--json", "--no-store"]);
    assert.equal(r.status, 0, r.stderr);
    const out = jsonLines(r.stdout);
    for (const x of out) assertResultShape(x);
    return out;
  }

  it("prints a dig-like answer section", async () => {
    const r = await cli(["lookup", "www.example.test", "--server", server, "--no-store"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^;; www\.example\.test\. A: status: NOERROR, flags: .*\baa\b/m);
    assert.match(r.stdout, /^;; ANSWER SECTION:$/m);
    assert.match(r.stdout, /^www\.example\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.10$/m);
    assert.match(
      r.stdout,
      new RegExp(`^;; SERVER: ${server.replace(/\./g, "\\.")} \\(UDP\\)`, "m"),
    );
    assert.doesNotMatch(r.stdout, /AAAA/);
  });

  it("--json prints one DESIGN-shaped object per -t type, in order", async () => {
    const [a, aaaa, mx] = await lookupJson("www.example.test", "-t", "A", "-t", "AAAA", "-t", "MX");
    assert.ok(a && aaaa && mx);
    assert.deepEqual(
      [a, aaaa, mx].map((x) => x.type),
      ["A", "AAAA", "MX"],
    );
    assert.equal(a.name, "www.example.test");
    assert.equal(a.status, "NOERROR");
    assert.deepEqual(a.flags, { aa: true, tc: false, rd: true, ra: false, ad: false, cd: false });
    assert.deepEqual(a.answers, [
      { name: "www.example.test", type: "A", class: "IN", ttl: 300, data: "192.0.2.10" },
    ]);
    assert.equal(a.resolver, server);
    assert.equal(a.protocol, "udp");
    assert.deepEqual(
      aaaa.answers.map((x) => x.data),
      ["2001:db8::10"],
    );
    // Comma-separated types are the same as repeated -t.
    const both = await lookupJson("example.test", "-t", "MX,TXT");
    assert.deepEqual(
      both.map((x) => [x.type, x.answers.map((y) => y.data)]),
      [
        ["MX", ["10 mail.example.test."]],
        ["TXT", ['"v=spf1 -all"']],
      ],
    );
  });

  it("reports NXDOMAIN with the zone's SOA, and NODATA as NOERROR with no answers", async () => {
    const [nx] = await lookupJson("nope.example.test");
    assert.equal(nx!.status, "NXDOMAIN");
    assert.deepEqual(nx!.answers, []);
    assert.deepEqual(
      nx!.authorities.map((x) => [x.name, x.type]),
      [["example.test", "SOA"]],
    );
    // MX at www: the name exists, the type does not.
    const [nodata] = await lookupJson("www.example.test", "-t", "MX");
    assert.equal(nodata!.status, "NOERROR");
    assert.deepEqual(nodata!.answers, []);
    assert.deepEqual(
      nodata!.authorities.map((x) => x.type),
      ["SOA"],
    );
    // dig-like output shows the SOA when there is no answer.
    const h = await cli(["lookup", "nope.example.test", "--server", server, "--no-store"]);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /status: NXDOMAIN/);
    assert.match(
      h.stdout,
      /^;; AUTHORITY SECTION:\nexample\.test\.\s+300\s+IN\s+SOA\s+ns1\.example\.test\./m,
    );
  });

  it("looks an IPv4 address up as its in-addr.arpa PTR", async () => {
    const [r] = await lookupJson("192.0.2.1");
    assert.equal(r!.type, "PTR");
    assert.equal(r!.name, "1.2.0.192.in-addr.arpa");
    assert.equal(r!.status, "NOERROR");
    assert.deepEqual(r!.answers, [
      {
        name: "1.2.0.192.in-addr.arpa",
        type: "PTR",
        class: "IN",
        ttl: 300,
        data: "host.example.test.",
      },
    ]);
  });

  it("looks an IPv6 address up as its ip6.arpa PTR", async () => {
    const [r] = await lookupJson("2001:db8::1");
    assert.equal(r!.type, "PTR");
    assert.equal(r!.name, V6_PTR_NAME);
    assert.deepEqual(
      r!.answers.map((x) => [x.name, x.data]),
      [[V6_PTR_NAME, "host6.example.test."]],
    );
    // Another spelling of the same address asks the same name.
    const [same] = await lookupJson("2001:0DB8:0:0::0001");
    assert.equal(same!.name, V6_PTR_NAME);
    assert.equal(same!.answers.length, 1);
  });

  it("asks an IDN as its A-label", async () => {
    const [r] = await lookupJson("bücher.test");
    assert.equal(r!.name, "xn--bcher-kva.test");
    assert.equal(r!.status, "NOERROR");
    assert.deepEqual(
      r!.answers.map((x) => [x.name, x.data]),
      [["xn--bcher-kva.test", "192.0.2.77"]],
    );
    // Upper case U-label maps to the same A-label (UTS #46).
    const [upper] = await lookupJson("BÜCHER.test");
    assert.equal(upper!.name, "xn--bcher-kva.test");
    assert.equal(upper!.answers[0]?.data, "192.0.2.77");
  });

  describe("--tcp", () => {
    // A port where UDP is a black hole and TCP is relayed to Knot: only a real TCP query
    // can get an answer there.
    let port: number;
    let tcpServer: Server;
    let blackHole: UdpSocket;
    let udpSeen = 0;
    let tcpConns = 0;
    before(async () => {
      port = await freePort("127.0.0.1");
      blackHole = createSocket("udp4");
      blackHole.on("message", () => udpSeen++);
      await new Promise<void>((res) => blackHole.bind(port, "127.0.0.1", res));
      tcpServer = createServer((c: Socket) => {
        tcpConns++;
        const up = connect(knot.port, knot.host);
        c.pipe(up).pipe(c);
        const end = (): void => {
          c.destroy();
          up.destroy();
        };
        c.on("error", end).on("close", end);
        up.on("error", end).on("close", end);
      });
      await new Promise<void>((res) => tcpServer.listen(port, "127.0.0.1", res));
    });
    after(async () => {
      blackHole.close();
      await new Promise((res) => tcpServer.close(res));
    });

    it("asks over TCP only", async () => {
      const r = await cli([
        "lookup",
        "www.example.test",
        "--server",
        `127.0.0.1:${port}`,
        "--tcp",
        "--json",
        "--no-store",
      ]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const [x] = jsonLines(r.stdout);
      assert.equal(x!.status, "NOERROR");
      assert.equal(x!.protocol, "tcp");
      assert.deepEqual(
        x!.answers.map((a) => a.data),
        ["192.0.2.10"],
      );
      assert.equal(udpSeen, 0, "no UDP query was sent");
      assert.equal(tcpConns, 1);
      // The same port without --tcp gets no answer: the UDP side is a black hole.
      const u = await cli([
        "lookup",
        "www.example.test",
        "--server",
        `127.0.0.1:${port}`,
        "--timeout",
        "100",
        "--retries",
        "0",
        "--json",
        "--no-store",
      ]);
      assert.equal(u.status, 1);
      assert.equal(jsonLines(u.stdout)[0]!.status, "TIMEOUT");
      // Same process: under load the client's timer can fire before the hole's receive event.
      await settle(() => udpSeen >= 1);
      assert.equal(udpSeen, 1);
    });
  });

  it("falls back to TCP for an RRset too big for UDP and returns it complete", async () => {
    const [r] = await lookupJson("big.example.test", "-t", "TXT");
    assert.equal(r!.status, "NOERROR");
    assert.equal(r!.protocol, "tcp");
    assert.equal(r!.flags.tc, false, "the TCP answer is not truncated");
    assert.equal(r!.answers.length, BIG_COUNT);
    const want = Array.from({ length: BIG_COUNT }, (_, i) => `"${bigTxt(i)}"`).sort();
    assert.deepEqual(r!.answers.map((a) => a.data).sort(), want);
    // Proof that it did not fit: over UDP alone Knot truncates (kdig +notcp +ignore shows TC).
    const { stdout } = await run("kdig", [
      `@${knot.host}`,
      "-p",
      String(knot.port),
      "+notcp",
      "+ignore",
      "+bufsize=1232",
      "+retry=0",
      "+time=2",
      "big.example.test",
      "TXT",
    ]);
    assert.match(stdout, /^;; Flags:[^;]*\btc\b[^;]*; QUERY: 1; ANSWER: 0;/m);
  });

  it("gives TIMEOUT and exit status 1 within the --timeout/--retries budget", async () => {
    const port = await freePort("127.0.0.1");
    const hole = createSocket("udp4");
    let seen = 0;
    hole.on("message", () => seen++);
    await new Promise<void>((res) => hole.bind(port, "127.0.0.1", res));
    try {
      const t0 = performance.now();
      const r = await cli([
        "lookup",
        "www.example.test",
        "--server",
        `127.0.0.1:${port}`,
        "--timeout",
        "150",
        "--retries",
        "2",
        "--json",
        "--no-store",
      ]);
      const took = performance.now() - t0;
      assert.equal(r.status, 1);
      const [x] = jsonLines(r.stdout);
      assertResultShape(x!);
      assert.equal(x!.status, "TIMEOUT");
      assert.deepEqual(x!.answers, []);
      await settle(() => seen >= 3);
      assert.equal(seen, 3, "one attempt plus two retries");
      // 150 + 300 + 600 ms of timeouts (doubling), plus a little slack, not the 2 s default.
      assert.ok(took >= 1000, `took ${took} ms, less than the budget`);
      assert.ok(took < 2500, `took ${took} ms, far over the 1050 ms budget`);
      // Human output says TIMEOUT too.
      const h = await cli([
        "lookup",
        "www.example.test",
        "--server",
        `127.0.0.1:${port}`,
        "--timeout",
        "50",
        "--retries",
        "0",
        "--no-store",
      ]);
      assert.equal(h.status, 1);
      assert.match(h.stdout, /status: TIMEOUT/);
    } finally {
      hole.close();
    }
  });

  describe("without --server", () => {
    // resolv.conf has no port syntax: a Knot on port 53 of its own random 127.x address.
    let knot53: KnotServer;
    before(async () => {
      for (let attempt = 1; ; attempt++) {
        const addr = `127.${100 + rnd(100)}.${rnd(256)}.${1 + rnd(254)}` as const;
        try {
          knot53 = await startKnot({
            zones: [{ origin: "example.test", text: EXAMPLE }],
            address: addr,
            port: 53,
          });
          break;
        } catch (e) {
          if (attempt >= 5) throw e;
        }
      }
    });
    after(async () => {
      await knot53?.stop();
    });

    it("uses the nameservers of DNSIGHT_RESOLV_CONF", async () => {
      const conf = join(dir, "resolv.conf");
      writeFileSync(
        conf,
        `# test resolver\nsearch example.test\noptions ndots:1\nnameserver ${knot53.host}\n`,
      );
      const r = await cli(["lookup", "www.example.test", "--json", "--no-store"], {
        DNSIGHT_RESOLV_CONF: conf,
      });
      assert.equal(r.status, 0, r.stderr);
      const [x] = jsonLines(r.stdout);
      assert.equal(x!.status, "NOERROR");
      assert.equal(x!.resolver, `${knot53.host}:53`);
      assert.deepEqual(
        x!.answers.map((a) => a.data),
        ["192.0.2.10"],
      );
    });

    it("moves to the next nameserver when the first does not answer", async () => {
      const conf = join(dir, "resolv2.conf");
      // The first nameserver is a loopback address where nothing listens on port 53.
      const dead = knot53.host.replace(/\.\d+$/, (m) => `.${(Number(m.slice(1)) % 254) + 1}`);
      writeFileSync(conf, `nameserver ${dead}\nnameserver ${knot53.host}\n`);
      const r = await cli(
        [
          "lookup",
          "www.example.test",
          "--json",
          "--no-store",
          "--timeout",
          "200",
          "--retries",
          "1",
        ],
        {
          DNSIGHT_RESOLV_CONF: conf,
        },
      );
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const [x] = jsonLines(r.stdout);
      assert.equal(x!.status, "NOERROR");
      assert.equal(x!.resolver, `${knot53.host}:53`);
    });
  });

  it("stores answers for pdns (source active); --no-store stores nothing", async () => {
    const db = freshDb();
    const r = await cli([
      "lookup",
      "www.example.test",
      "-t",
      "A",
      "-t",
      "AAAA",
      "--server",
      server,
      "--db",
      db,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(db));
    const p = await cli(["pdns", "www.example.test", "--db", db]);
    assert.equal(p.status, 0, p.stderr);
    const lines = p.stdout.trim().split("\n");
    assert.equal(lines.length, 2, p.stdout);
    assert.ok(
      lines.some((l) => /^www\.example\.test\.\tA\t192\.0\.2\.10\t.*count 1 \(active\)$/.test(l)),
      p.stdout,
    );
    assert.ok(
      lines.some((l) => /^www\.example\.test\.\tAAAA\t2001:db8::10\t.*count 1 \(active\)$/.test(l)),
      p.stdout,
    );
    const pj = await cli(["pdns", "www.example.test", "--db", db, "--json"]);
    const obs = pj.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(obs.map((o) => [o.rrname, o.rrtype, o.rdata, o.source, o.count]).sort(), [
      ["www.example.test", "A", "192.0.2.10", "active", 1],
      ["www.example.test", "AAAA", "2001:db8::10", "active", 1],
    ]);
    // A second lookup of the same records counts them again instead of duplicating them.
    await cli(["lookup", "www.example.test", "--server", server, "--db", db]);
    const again = await cli(["pdns", "www.example.test", "--db", db, "--rrtype", "A", "--json"]);
    assert.equal(again.stdout.trim().split("\n").length, 1);
    assert.equal((JSON.parse(again.stdout) as { count: number }).count, 2);

    // --no-store: a fresh database is not even created, and pdns says there is none.
    const db2 = freshDb();
    const n = await cli([
      "lookup",
      "www.example.test",
      "--server",
      server,
      "--db",
      db2,
      "--no-store",
    ]);
    assert.equal(n.status, 0);
    assert.match(n.stdout, /192\.0\.2\.10/);
    assert.equal(existsSync(db2), false, "--no-store created the database");
    await assert.rejects(cli(["pdns", "www.example.test", "--db", db2]), /no database at /);
    assert.equal(existsSync(db2), false, "pdns created the database");
  });

  describe("bad input", () => {
    // The real entry point, for its one-line error and exit status.
    async function dnsight(...args: string[]): Promise<CliResult> {
      try {
        const { stdout, stderr } = await run(
          process.execPath,
          ["--import", "tsx", MAIN_TS, ...args],
          {
            cwd: REPO,
            timeout: 30_000,
            env: {
              ...process.env,
              DNSIGHT_RESOLV_CONF: safeResolv,
              DNSIGHT_DB: join(dir, "sub.sqlite"),
            },
          },
        );
        return { status: 0, stdout, stderr };
      } catch (e) {
        const x = e as { code?: number; stdout: string; stderr: string };
        return {
          status: typeof x.code === "number" ? x.code : -1,
          stdout: x.stdout,
          stderr: x.stderr,
        };
      }
    }

    it("rejects an empty label with a one-line error naming the input", async () => {
      const r = await dnsight("lookup", "a..b", "--server", server);
      assert.ok(r.status === 1 || r.status === 2, `exit status ${r.status}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^dnsight: [^\n]*a\.\.b[^\n]*\n$/);
    });

    it("rejects an unknown type with a one-line error naming it", async () => {
      const r = await dnsight("lookup", "www.example.test", "-t", "BOGUS", "--server", server);
      assert.ok(r.status === 1 || r.status === 2, `exit status ${r.status}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^dnsight: [^\n]*BOGUS[^\n]*\n$/);
    });

    it("fails in-process too, before sending anything", async () => {
      await assert.rejects(cli(["lookup", "a..b", "--server", server]), /a\.\.b/);
      await assert.rejects(
        cli(["lookup", "www.example.test", "-t", "BOGUS", "--server", server]),
        /BOGUS/,
      );
      await assert.rejects(
        cli(["lookup", "www.example.test", "--server", "127.0.0.1:99999"]),
        /99999/,
      );
    });
  });
});

/** Waits (up to 2 s) for events this process has received but not yet dispatched. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}
