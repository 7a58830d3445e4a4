// `dnsight resolve` end to end against real Knot servers on loopback: NDJSON and
// text output, the store, retries through a lossy relay, TCP fallback, the
// upstream checks (a dead server, NXDOMAIN rewriting, a disagreeing server),
// the wildcard filter, the qps cap and bad input lines.
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

const N = 300;
const HEAD = "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\n";

function bulkZone(prefix = "10.1"): string {
  let z = HEAD;
  for (let i = 0; i < N; i++) z += `h${i} 300 A ${prefix}.${i >> 8}.${i & 255}\n`;
  z += "h0 300 MX 10 mail\n*.wild 300 A 192.0.2.99\nreal.wild 300 A 192.0.2.5\n";
  for (let i = 0; i < 60; i++) z += `big 300 TXT "${"x".repeat(100)}-${i}"\n`;
  return z;
}

const names = (n = N): string =>
  Array.from({ length: n }, (_, i) => `h${i}.bulk.test`).join("\n") + "\n";

interface Result {
  name: string;
  type: string;
  status: string;
  protocol: string;
  answers: { name: string; type: string; data: string }[];
}

/** A UDP relay in front of a server that drops every `nth` query it sees. */
async function lossyRelay(
  target: KnotServer,
  nth: number,
): Promise<{ port: number; dropped: () => number; close: () => void }> {
  const port = await freePort("127.0.0.1");
  const front: Socket = createSocket("udp4");
  let seen = 0;
  let dropped = 0;
  await new Promise<void>((r) => front.bind(port, "127.0.0.1", r));
  front.on("message", (msg, client) => {
    if (++seen % nth === 0) {
      dropped++;
      return;
    }
    const back = createSocket("udp4");
    back.on("message", (reply) => {
      front.send(reply, client.port, client.address);
      back.close();
    });
    back.send(msg, target.port, target.host);
  });
  return { port, dropped: () => dropped, close: () => front.close() };
}

describe("resolve", () => {
  const tmp = makeTmpDir("resolve");
  let knot: KnotServer;
  let twin: KnotServer;
  let liar: KnotServer;
  let rewriter: KnotServer;
  const srv = (k: KnotServer): string => `${k.host}:${k.port}`;

  before(async () => {
    knot = await startKnot({ zones: [{ origin: "bulk.test", text: bulkZone() }] });
    twin = await startKnot({ zones: [{ origin: "bulk.test", text: bulkZone() }] });
    liar = await startKnot({ zones: [{ origin: "bulk.test", text: bulkZone("10.66") }] });
    // Serves the real data too, but answers any name under .invalid: NXDOMAIN rewriting.
    rewriter = await startKnot({
      zones: [
        { origin: "bulk.test", text: bulkZone() },
        { origin: "invalid", text: "@ 300 SOA a b 1 1 1 1 1\n@ 300 NS a\n* 300 A 198.51.100.1\n" },
      ],
    });
  });
  after(async () => {
    for (const k of [knot, twin, liar, rewriter]) await k?.stop();
    tmp.remove();
  });

  it("answers every name and type as NDJSON and stores the answers", async () => {
    const db = join(tmp.path, "a.db");
    const input = names() + "nx-1.bulk.test\n";
    const r = await cli(
      ["resolve", "-", "-t", "A,MX", "--server", srv(knot), "--json", "--db", db],
      { stdin: input },
    );
    assert.equal(r.status, 0, r.stderr);
    const results = ndjson<Result>(r.stdout);
    assert.equal(results.length, (N + 1) * 2);
    const key = new Map(results.map((x) => [`${x.name} ${x.type}`, x]));
    assert.deepEqual(
      key.get("h7.bulk.test A")!.answers.map((a) => a.data),
      ["10.1.0.7"],
    );
    assert.deepEqual(
      key.get("h0.bulk.test MX")!.answers.map((a) => a.data),
      ["10 mail.bulk.test."],
    );
    assert.equal(key.get("h5.bulk.test MX")!.status, "NOERROR");
    assert.equal(key.get("h5.bulk.test MX")!.answers.length, 0);
    assert.equal(key.get("nx-1.bulk.test A")!.status, "NXDOMAIN");
    assert.match(r.stderr, /resolved 301 names \(602 results\)/);
    const stored = await cli(["pdns", "h299.bulk.test", "--json", "--db", db]);
    assert.deepEqual(
      ndjson<{ rdata: string; source: string }>(stored.stdout).map((o) => [o.rdata, o.source]),
      [["10.1.1.43", "active"]],
    );
  });

  it("gives the same results in the main thread and in several resolver threads", async () => {
    const sets: string[][] = [];
    for (const threads of ["0", "1", "2"]) {
      const r = await cli(
        [
          "resolve",
          "-",
          "-t",
          "A,MX",
          "--server",
          srv(knot),
          "--json",
          "--no-store",
          "--threads",
          threads,
        ],
        { stdin: names(120) },
      );
      assert.equal(r.status, 0, r.stderr);
      sets.push(
        ndjson<Result>(r.stdout)
          .map((x) => `${x.name} ${x.type} ${x.status} ${x.answers.map((a) => a.data).join(",")}`)
          .sort(),
      );
    }
    assert.equal(sets[0]!.length, 240);
    assert.deepEqual(sets[1], sets[0]);
    assert.deepEqual(sets[2], sets[0]);
  });

  it("prints zone-file lines without --json, and a comment for a name with no answer", async () => {
    const r = await cli(["resolve", "-", "--server", srv(knot), "--no-store"], {
      stdin: "h1.bulk.test\nnx.bulk.test\n",
    });
    assert.match(r.stdout, /^h1\.bulk\.test\.\t300\tIN\tA\t10\.1\.0\.1$/m);
    assert.match(r.stdout, /^;nx\.bulk\.test\.\tA\tNXDOMAIN$/m);
  });

  it("retries lost queries until every name is answered", async () => {
    const relay = await lossyRelay(knot, 4);
    try {
      const r = await cli(
        [
          "resolve",
          "-",
          "--server",
          `127.0.0.1:${relay.port}`,
          "--json",
          "--no-store",
          "--no-check",
        ],
        { stdin: names() },
      );
      const results = ndjson<Result>(r.stdout);
      assert.equal(results.length, N);
      assert.ok(results.every((x) => x.status === "NOERROR" && x.answers.length === 1));
      assert.ok(relay.dropped() >= N / 4 - 1, `relay dropped ${relay.dropped()}`);
      assert.match(r.stderr, /retries [1-9]/);
    } finally {
      relay.close();
    }
  });

  it("falls back to TCP for a truncated answer", async () => {
    const r = await cli(
      ["resolve", "-", "-t", "TXT", "--server", srv(knot), "--json", "--no-store"],
      { stdin: "big.bulk.test\n" },
    );
    const [res] = ndjson<Result>(r.stdout);
    assert.equal(res!.protocol, "tcp");
    assert.equal(res!.answers.length, 60);
    assert.match(r.stderr, /TCP fallbacks 1/);
  });

  it("drops a server that does not answer and resolves through the others", async () => {
    const dead = `127.0.0.1:${await freePort("127.0.0.1")}`;
    const r = await cli(
      ["resolve", "-", "--server", dead, "--server", srv(knot), "--json", "--no-store"],
      { stdin: names(50) },
    );
    assert.equal(ndjson<Result>(r.stdout).filter((x) => x.status === "NOERROR").length, 50);
    assert.match(r.stderr, new RegExp(`upstream ${dead}: .* DROPPED: does not answer`));
  });

  it("with the checks off, a query lost to a dead server is retried on another", async () => {
    const dead = `127.0.0.1:${await freePort("127.0.0.1")}`;
    const r = await cli(
      [
        "resolve",
        "-",
        "--server",
        dead,
        "--server",
        srv(knot),
        "--json",
        "--no-store",
        "--no-check",
      ],
      { stdin: names(50) },
    );
    assert.equal(ndjson<Result>(r.stdout).filter((x) => x.status === "NOERROR").length, 50);
    assert.match(r.stderr, new RegExp(`upstream ${dead}: sent [1-9]\\d*, answered 0`));
  });

  it("drops an upstream that rewrites NXDOMAIN", async () => {
    const r = await cli(
      ["resolve", "-", "--server", srv(rewriter), "--server", srv(knot), "--json", "--no-store"],
      { stdin: names(40) },
    );
    assert.match(
      r.stderr,
      new RegExp(
        `upstream ${srv(rewriter)}: sent \\d+, answered \\d+, timeouts 0 — DROPPED: answers the non-existent name .*\\.invalid \\(NXDOMAIN rewriting\\)`,
      ),
    );
    assert.match(r.stderr, new RegExp(`upstream ${srv(rewriter)}: sent [0-9]{1,2},`));
    assert.equal(ndjson<Result>(r.stdout).length, 40);
  });

  it("fails when the only upstream rewrites NXDOMAIN", async () => {
    const r = await cli(["resolve", "-", "--server", srv(rewriter), "--no-store"], {
      stdin: names(5),
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /every upstream was dropped: .*NXDOMAIN rewriting/);
  });

  it("drops an upstream that disagrees with the majority", async () => {
    const r = await cli(
      [
        "resolve",
        "-",
        "--server",
        srv(knot),
        "--server",
        srv(twin),
        "--server",
        srv(liar),
        "--json",
        "--no-store",
      ],
      { stdin: names(100) },
    );
    assert.match(
      r.stderr,
      new RegExp(
        `upstream ${srv(liar)}: .* DROPPED: disagrees with the other upstreams on 8 of 8 sample names`,
      ),
    );
    const results = ndjson<Result>(r.stdout);
    assert.equal(results.length, 100);
    assert.ok(
      results.every((x) => x.answers[0]!.data.startsWith("10.1.")),
      "no answer from the liar",
    );
  });

  it("--wildcard-filter drops names that only exist through a wildcard", async () => {
    const input = "a.wild.bulk.test\nb.wild.bulk.test\nreal.wild.bulk.test\nh3.bulk.test\n";
    const plain = ndjson<Result>(
      (await cli(["resolve", "-", "--server", srv(knot), "--json", "--no-store"], { stdin: input }))
        .stdout,
    );
    assert.equal(plain.length, 4);
    const r = await cli(
      ["resolve", "-", "--server", srv(knot), "--json", "--no-store", "--wildcard-filter"],
      { stdin: input },
    );
    assert.deepEqual(
      ndjson<Result>(r.stdout)
        .map((x) => x.name)
        .sort(),
      ["h3.bulk.test", "real.wild.bulk.test"],
    );
    assert.match(r.stderr, /wildcard answers dropped 2/);
  });

  it("--wildcard-filter keeps a name too long to probe under its parent", async () => {
    // The probe "<25-char label>.<parent>" would pass 255 bytes: it cannot be sent,
    // so the name is kept rather than judged.
    const long = `x.${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(50)}.bulk.test`;
    const r = await cli(
      [
        "resolve",
        "-",
        "--server",
        srv(knot),
        "--json",
        "--no-store",
        "--wildcard-filter",
        "--threads",
        "0",
      ],
      {
        stdin: `${long}\nh1.bulk.test\n`,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const results = ndjson<Result>(r.stdout);
    assert.deepEqual(results.map((x) => x.status).sort(), ["NOERROR", "NXDOMAIN"]);
    assert.match(r.stderr, /queries \d+, retries 0/);
  });

  it("--qps caps the rate", async () => {
    const t0 = performance.now();
    const r = await cli(
      ["resolve", "-", "--server", srv(knot), "--json", "--no-store", "--no-check", "--qps", "500"],
      { stdin: names(150) },
    );
    const secs = (performance.now() - t0) / 1000;
    assert.equal(ndjson<Result>(r.stdout).length, 150);
    // 150 queries at 500/s take at least ~0.27 s after the first burst of 25.
    assert.ok(secs >= 0.2, `took ${secs.toFixed(3)} s`);
  });

  it("warns about bad lines with their line number and goes on", async () => {
    const r = await cli(["resolve", "-", "--server", srv(knot), "--json", "--no-store"], {
      stdin: "h1.bulk.test\nbad..name\n# a comment\n\nh2.bulk.test\n",
    });
    assert.equal(ndjson<Result>(r.stdout).length, 2);
    assert.match(r.stderr, /dnsight: stdin line 2: empty label in name "bad\.\.name\."/);
    assert.match(r.stderr, /invalid names 1/);
  });

  it("names the file it cannot read", async () => {
    const r = await cli([
      "resolve",
      join(tmp.path, "missing.txt"),
      "--server",
      srv(knot),
      "--no-store",
    ]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot read .*missing\.txt: ENOENT/);
  });
});
