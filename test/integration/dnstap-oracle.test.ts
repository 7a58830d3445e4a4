// dnstap-ldns as the oracle: every Frame Streams file among the shared fixtures, and a
// capture that fstrm_capture (libfstrm's own reader) takes from a real Unbound resolving
// through Knot, decodes; for each message, our fields agree with what `dnstap-ldns -y`
// prints. fstrm's own test file (content type test:hello) is checked against its dump.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { decodeMessage } from "../../src/dns/wire/message.js";
import type { DnstapRecord } from "../../src/passive/sources/dnstap/dnstap-message.js";
import { readFrameStream } from "../../src/passive/sources/dnstap/frame-streams.js";
import { readDnstap } from "../../src/passive/sources/dnstap/read.js";
import { killAndWait } from "../helpers/_process.js";
import { trackPid, untrackPid } from "../helpers/cleanup.js";
import { startKnot } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { startUnbound } from "../helpers/unbound.js";

const run = promisify(execFile);
const FIXTURES = "/work/shared/fixtures/dnstap";

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/** True when a file starts with a Frame Streams START control frame. */
function isFrameStreams(path: string): boolean {
  const head = readFileSync(path).subarray(0, 12);
  return head.length === 12 && head.readUInt32BE(0) === 0 && head.readUInt32BE(8) === 2;
}

// ---------------------------------------------------------------------------------------
// The comparable view of one message, built once from dnstap-ldns's YAML and once from
// our records.

type View = Record<string, string>;

/** Reads `dnstap-ldns -y` output: one YAML document per frame, messages as ldns text. */
function parseLdns(yaml: string): View[] {
  return yaml
    .split(/^---$/m)
    .filter((doc) => doc.trim() !== "")
    .map((doc) => {
      const v: View = {};
      let block: string | undefined;
      for (const line of doc.split("\n")) {
        const top = /^(\w+): (.*)$/.exec(line);
        const field = /^ {2}(\w+): ?(.*)$/.exec(line);
        if (top) {
          block = undefined;
          if (top[1] !== "message") v[top[1]!] = unquote(top[2]!);
        } else if (field) {
          const [, key, value] = field as unknown as [string, string, string];
          block = value === "|" ? key : undefined;
          // Message.type is printed as an indented "type", under Dnstap's own "type".
          const name = key === "type" ? "message.type" : key;
          if (value !== "|")
            v[name] = /_time$/.test(key) ? value.replace("!!timestamp ", "") : unquote(value);
        } else if (block && line.startsWith("    ")) {
          const l = line.slice(4);
          const header = /id: (\d+)$/.exec(l);
          if (header) v[`${block}.id`] = header[1]!;
          const counts = /ANSWER: (\d+),/.exec(l);
          if (counts) v[`${block}.answers`] = counts[1]!;
          // The question: ";name<TAB>class<TAB>type" (";;" starts a comment line).
          if (/^;[^;]/.test(l) && v[`${block}.question`] === undefined)
            v[`${block}.question`] = l.slice(1).split(/\s+/).join(" ");
        }
      }
      return v;
    });
}

const unquote = (s: string): string => (/^".*"$/.test(s) ? s.slice(1, -1) : s);

/** dnstap-ldns's timestamp (UTC, microseconds, truncated) as epoch ms. */
function ldnsTimeMs(text: string): number {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{6})$/.exec(text);
  assert.ok(m, `unexpected dnstap-ldns timestamp ${text}`);
  return Date.parse(`${m[1]}T${m[2]}Z`) + Number(m[3]) / 1000;
}

/**
 * Our time (a double of epoch ms: about a quarter-microsecond resolution today) against
 * dnstap-ldns's truncated microseconds: ours must lie in [theirs, theirs + 1 µs).
 */
function sameTime(ours: string | undefined, theirs: string | undefined): boolean {
  if (ours === undefined || theirs === undefined) return ours === theirs;
  const d = Number(ours) - ldnsTimeMs(theirs);
  return d > -0.0005 && d < 0.0015;
}

const SNAKE: Array<[keyof DnstapRecord, string]> = [
  ["identity", "identity"],
  ["version", "version"],
  ["messageType", "message.type"],
  ["socketFamily", "socket_family"],
  ["socketProtocol", "socket_protocol"],
  ["queryAddress", "query_address"],
  ["responseAddress", "response_address"],
  ["queryPort", "query_port"],
  ["responsePort", "response_port"],
  ["queryZone", "query_zone"],
];

function ourView(r: DnstapRecord): View {
  const v: View = { type: "MESSAGE" };
  for (const [ours, theirs] of SNAKE) if (r[ours] !== undefined) v[theirs] = String(r[ours]);
  if (r.queryTime !== undefined) v.query_time = String(r.queryTime);
  if (r.responseTime !== undefined) v.response_time = String(r.responseTime);
  for (const [key, wire] of [
    ["query_message", r.queryMessage],
    ["response_message", r.responseMessage],
  ] as const) {
    if (!wire) continue;
    const m = decodeMessage(Buffer.from(wire));
    v[`${key}.id`] = String(m.id);
    v[`${key}.answers`] = String(m.answers.length);
    const q = m.questions[0];
    if (q) v[`${key}.question`] = `${q.name} ${q.class} ${q.type}`;
  }
  return v;
}

async function checkAgainstLdns(path: string): Promise<number> {
  const { stdout } = await run("dnstap-ldns", ["-r", path, "-y"], { maxBuffer: 64 << 20 });
  const theirs = parseLdns(stdout);
  const ours: View[] = [];
  for await (const r of readDnstap(createReadStream(path), { name: path })) ours.push(ourView(r));
  assert.equal(
    ours.length,
    theirs.length,
    `${path}: ${ours.length} records, dnstap-ldns printed ${theirs.length}`,
  );
  const diffs: string[] = [];
  theirs.forEach((t, i) => {
    const o = ours[i]!;
    for (const k of new Set([...Object.keys(t), ...Object.keys(o)]))
      if (/_time$/.test(k) ? !sameTime(o[k], t[k]) : t[k] !== o[k])
        diffs.push(
          `  #${i} ${k}: dnstap-ldns ${JSON.stringify(t[k])}, ours ${JSON.stringify(o[k])}`,
        );
  });
  assert.equal(diffs.length, 0, `${path}: fields differ from dnstap-ldns:\n${diffs.join("\n")}`);
  return ours.length;
}

/** fstrm's dump format: `Data frame (N) bytes.` then the payload, C-escaped, in quotes. */
function parseFstrmDump(text: string): string[] {
  const frames: string[] = [];
  const lines = text.split("\n");
  lines.forEach((l, i) => {
    if (!/^Data frame \(\d+\) bytes\.$/.test(l)) return;
    const quoted = /^ "(.*)"$/.exec(lines[i + 1] ?? "");
    assert.ok(quoted, `dump line ${i + 2}: payload expected`);
    frames.push(
      quoted[1]!.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) =>
        String.fromCharCode(parseInt(h, 16)),
      ),
    );
  });
  return frames;
}

/** The companion dump of a Frame Streams file: test.fstrm → test-fstrm.txt. */
const dumpOf = (path: string): string => path.replace(/\.(\w+)$/, "-$1.txt");

describe("dnstap against dnstap-ldns", () => {
  const files = walk(FIXTURES);
  const streams = files.filter(isFrameStreams);

  it("every fixture is a Frame Streams file or the dump of one", () => {
    assert.ok(streams.length >= 2, `only ${streams.length} Frame Streams fixtures`);
    const dumps = new Set(streams.map(dumpOf));
    for (const f of files)
      assert.ok(streams.includes(f) || dumps.has(f), `unrecognised fixture ${f}`);
  });

  for (const path of streams) {
    const contentType = (): string => {
      const b = readFileSync(path);
      return b.subarray(20, 20 + b.readUInt32BE(16)).toString("latin1");
    };
    it(`${path.slice(FIXTURES.length + 1)} decodes`, async () => {
      if (contentType() === "protobuf:dnstap.Dnstap") {
        const n = await checkAgainstLdns(path);
        assert.ok(n > 0, "no records");
        return;
      }
      // Not dnstap (fstrm's own test file): frames against the dump fstrm ships with it.
      assert.ok(existsSync(dumpOf(path)), `${path}: not dnstap, and no ${dumpOf(path)}`);
      const frames: string[] = [];
      for await (const f of readFrameStream(createReadStream(path), {
        name: path,
        contentType: contentType(),
      }))
        frames.push(Buffer.from(f.data).toString("latin1"));
      assert.deepEqual(frames, parseFstrmDump(readFileSync(dumpOf(path), "latin1")));
      await assert.rejects(run("dnstap-ldns", ["-r", path, "-y"]), /is not a dnstap file/);
    });
  }

  it("a capture fstrm_capture takes from a real Unbound agrees too", async (t) => {
    const dir = makeTmpDir("dto", t);
    const sock = join(dir.path, "c.sock");
    const out = join(dir.path, "capture.fstrm");
    const capture = spawn(
      "fstrm_capture",
      ["-t", "protobuf:dnstap.Dnstap", "-u", sock, "-w", out],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    capture.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => capture.once("exit", () => resolve()));
    const pid = capture.pid!;
    trackPid(pid);
    t.after(async () => {
      await killAndWait(pid);
      untrackPid(pid);
    });
    for (let i = 0; i < 200 && !existsSync(sock); i++) await sleep(10);
    assert.ok(existsSync(sock), `fstrm_capture did not listen: ${stderr}`);

    const knot = await startKnot({ zones: ZONES }, t);
    const unbound = await startUnbound(
      {
        stubs: ZONES.map((z) => ({ zone: z.origin, addrs: [`${knot.host}@${knot.port}`] })),
        dnstap: { socketPath: sock },
      },
      t,
    );
    for (const [name, type] of QUESTIONS)
      await run("dig", [
        `@${unbound.host}`,
        "-p",
        String(unbound.port),
        "+retry=1",
        "+time=2",
        name,
        type,
      ]);
    // Unbound's dnstap thread wakes up for its queue once a second (or every 32 messages),
    // and drops what is still queued at shutdown: give it time to send before stopping.
    await sleep(1500);
    await unbound.stop(); // sends STOP
    capture.kill("SIGTERM"); // fstrm_capture then closes its file properly
    await exited;
    const n = await checkAgainstLdns(out);
    const types = new Map<string, number>();
    for await (const r of readDnstap(createReadStream(out), { name: out }))
      types.set(r.messageType, (types.get(r.messageType) ?? 0) + 1);
    console.log(`# ${n} records from Unbound: ${JSON.stringify(Object.fromEntries(types))}`);
    assert.ok(
      (types.get("RESOLVER_RESPONSE") ?? 0) >= QUESTIONS.length,
      "RESOLVER_RESPONSE missing",
    );
    assert.ok((types.get("CLIENT_RESPONSE") ?? 0) >= QUESTIONS.length, "CLIENT_RESPONSE missing");
  });
});

const ZONES = [
  {
    origin: "example.test",
    text: `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.10
www 300 AAAA 2001:db8::10
@ 300 MX 10 mail
mail 300 A 192.0.2.25
alias 300 CNAME www
`,
  },
  {
    origin: "other.test",
    text: `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
@ 300 TXT "hello"
`,
  },
];

const QUESTIONS: Array<[string, string]> = [
  ["www.example.test", "A"],
  ["www.example.test", "AAAA"],
  ["example.test", "MX"],
  ["alias.example.test", "A"],
  ["other.test", "TXT"],
  ["missing.other.test", "A"],
];
