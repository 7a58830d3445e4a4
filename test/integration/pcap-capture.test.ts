// The pcap source on captures we make: Knot on loopback (IPv4 and ::1), tcpdump on `lo`
// writing to its stdout, and kdig asking over UDP, over TCP (several queries on one
// connection), and for an RRset too big for its 512-byte buffer, so the UDP answer comes
// back truncated and kdig retries over TCP. We read tcpdump's stream while it runs, keep
// a copy on disk, and check what we found against tshark reading that copy.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { decodeMessage } from "../../src/dns/wire/message.js";
import { readPcapDnsMessages, type PcapDnsMessage } from "../../src/passive/sources/pcap/index.js";
import { trackPid, untrackPid } from "../helpers/cleanup.js";
import { startKnot } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { messageTuple, tsharkDnsTuples } from "../helpers/tshark.js";

const run = promisify(execFile);

const BIG_COUNT = 40;
const ZONE = [
  "@ 300 SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300",
  "@ 300 NS ns1",
  "ns1 300 A 127.0.0.1",
  "www 300 A 192.0.2.10",
  "www 300 AAAA 2001:db8::10",
  "@ 300 MX 10 mail",
  ...Array.from({ length: BIG_COUNT }, (_, i) => `big 300 TXT "record-${i} ${"x".repeat(100)}"`),
  "",
].join("\n");

/** One kdig run; one try, 2 s, so a dead server fails fast instead of hanging the test. */
async function kdig(host: string, port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    "kdig",
    [`@${host}`, "-p", String(port), "+retry=0", "+time=2", ...args],
    { timeout: 10_000 },
  );
  return stdout;
}

interface Capture {
  /** Messages read from tcpdump's stdout as it wrote them. */
  messages: PcapDnsMessage[];
  /** Resolves when tcpdump's stream ended and every message is in. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** tcpdump on `lo` for `ports`, packet-buffered to stdout; waits until it is listening. */
async function capture(ports: number[], file: string): Promise<Capture> {
  const filter = ports.map((p) => `port ${p}`).join(" or ");
  // -Z root: Debian's tcpdump otherwise drops to the tcpdump user, which may not write here.
  const tcpdump: ChildProcessWithoutNullStreams = spawn(
    "tcpdump",
    ["-i", "lo", "-n", "-U", "-Z", "root", "--immediate-mode", "-w", "-", filter],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const pid = tcpdump.pid;
  if (pid === undefined) throw new Error("tcpdump did not start");
  trackPid(pid);
  const exited = new Promise<void>((resolve) => tcpdump.once("exit", () => resolve()));
  let stderr = "";
  tcpdump.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const copy: WriteStream = createWriteStream(file);

  // Every chunk goes to the reader and to the copy tshark reads afterwards.
  async function* tee(): AsyncGenerator<Uint8Array> {
    for await (const chunk of tcpdump.stdout as AsyncIterable<Buffer>) {
      copy.write(chunk);
      yield chunk;
    }
    await new Promise<void>((resolve) => copy.end(resolve));
  }
  const messages: PcapDnsMessage[] = [];
  const done = (async () => {
    for await (const m of readPcapDnsMessages(tee(), { name: "-", ports })) messages.push(m);
  })();
  done.catch(() => {}); // awaited by the test; not an unhandled rejection meanwhile

  for (let i = 0; !/listening on/.test(stderr); i++) {
    if (i === 200 || tcpdump.exitCode !== null) {
      tcpdump.kill("SIGKILL");
      throw new Error(`tcpdump did not start listening:\n${stderr}`);
    }
    await sleep(50);
  }
  const stop = async (): Promise<void> => {
    if (tcpdump.exitCode === null) {
      tcpdump.kill("SIGINT"); // flushes and closes the capture cleanly
      const gone = await Promise.race([
        exited.then(() => true),
        sleep(10_000, false, { ref: false }),
      ]);
      if (!gone) {
        tcpdump.kill("SIGKILL");
        await exited;
      }
    }
    untrackPid(pid);
  };
  return { messages, done, stop };
}

/** Polls (bounded) until `check` holds. */
async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await sleep(20)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

describe("pcap source on a live loopback capture of Knot", () => {
  it("UDP, TCP, truncation then TCP retry, IPv4 and IPv6: same messages as tshark", async (t) => {
    const v4 = await startKnot({ zones: [{ origin: "example.test", text: ZONE }] }, t);
    const v6 = await startKnot(
      { zones: [{ origin: "example.test", text: ZONE }], address: "::1" },
      t,
    );
    const tmp = makeTmpDir("pcap", t);
    const file = join(tmp.path, "lo.pcap");
    const startedAt = Date.now();
    const cap = await capture([v4.port, v6.port], file);
    t.after(() => cap.stop());

    await kdig(v4.host, v4.port, "+notcp", "www.example.test", "A");
    // Streaming: the exchange is read from tcpdump's pipe while tcpdump still runs.
    await until("the first exchange to stream through", () => cap.messages.length >= 2);
    await kdig(
      v4.host,
      v4.port,
      "+tcp",
      "+keepopen",
      "www.example.test",
      "AAAA",
      "example.test",
      "MX",
      "ns1.example.test",
      "A",
    );
    // Checked below: a truncated UDP answer, then the same question over TCP.
    await kdig(v4.host, v4.port, "+bufsize=512", "big.example.test", "TXT");
    await kdig(v6.host, v6.port, "+notcp", "www.example.test", "AAAA");
    await kdig(v6.host, v6.port, "+tcp", "big.example.test", "TXT");
    // tcpdump writes each packet as it sees it (-U); give the last ones a moment to arrive.
    await until("all 16 messages", () => cap.messages.length >= 16).catch(() => {});
    await cap.stop();
    await cap.done;

    const ours = cap.messages.map((m) => messageTuple(m.transport, m.message));
    const theirs = await tsharkDnsTuples(file, { ports: [v4.port, v6.port] });
    assert.deepEqual([...ours].sort(), theirs);

    const decoded = cap.messages.map((m) => ({ ...m, dns: decodeMessage(Buffer.from(m.message)) }));
    const bigAnswers = decoded.filter(
      (m) => m.dns.flags.qr && m.dns.questions[0]?.name === "big.example.test.",
    );
    assert.deepEqual(
      bigAnswers.map((m) => [m.transport, m.src, m.dns.flags.tc, m.dns.answers.length]),
      [
        ["udp", "127.0.0.1", true, 0],
        ["tcp", "127.0.0.1", false, BIG_COUNT],
        ["tcp", "::1", false, BIG_COUNT],
      ],
    );
    // Three TCP queries on one connection: one flow, three messages each way.
    const kept = decoded.filter(
      (m) => m.transport === "tcp" && m.src === "127.0.0.1" && m.dns.flags.qr,
    );
    assert.equal(kept.filter((m) => m.dstPort === kept[0]?.dstPort).length, 3);
    assert.ok(decoded.some((m) => m.src === "::1" && m.transport === "udp"));
    for (const m of cap.messages) {
      assert.ok(m.time >= startedAt - 1000 && m.time <= Date.now() + 1000, `time ${m.time}`);
      assert.ok([m.srcPort, m.dstPort].some((p) => p === v4.port || p === v6.port));
    }
  });
});
