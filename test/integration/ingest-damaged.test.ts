// Issue 10 §5: damaged input through `dnsight ingest`. A line over 1 MiB in a Zeek,
// passivedns or COF file, or a capture cut inside its last record, used to refuse
// the whole file with nothing stored, and every run again failed the same way. Now
// the damage is skipped and reported (file, byte offset, a warning), everything
// else is stored, the exit status is 0, and a run again stores nothing twice.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { encodeDnstap } from "../../src/passive/sources/dnstap/encode.js";
import { encodeControl, encodeData } from "../../src/passive/sources/dnstap/frame-streams.js";
import { cli } from "../helpers/cli.js";
import { answer, capture } from "../helpers/pcap.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const tmp = makeTmpDir("damaged");
after(() => tmp.remove());
let n = 0;
const db = (): string => join(tmp.path, `s${n++}.db`);
const BIG = "x".repeat((1 << 20) + 100);

async function exportCof(path: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", path]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean);
}
const names = (cof: string[]): string[] =>
  cof.map((l) => (JSON.parse(l) as { rrname: string }).rrname).sort();

/** Every line-oriented format: good lines around one over 1 MiB, the names they hold. */
const LINE_FILES: Record<string, { text: string }> = {
  zeek: {
    text:
      [
        "#separator \\x09",
        "#fields\tts\tquery\tqtype_name\tanswers\tTTLs",
        ...Array.from(
          { length: 40 },
          (_, i) => `${1_700_000_000 + i}\th${i}.example\tA\t192.0.2.${i}\t60`,
        ),
        `1700000100\tbig.example\tTXT\t${BIG}\t60`,
        ...Array.from(
          { length: 40 },
          (_, i) => `${1_700_000_200 + i}\tk${i}.example\tA\t198.51.100.${i}\t60`,
        ),
      ].join("\n") + "\n",
  },
  passivedns: {
    text:
      [
        ...Array.from(
          { length: 40 },
          (_, i) =>
            `${1_700_000_000 + i}||10.0.0.1||10.0.0.53||IN||h${i}.example||A||192.0.2.${i}||60||1`,
        ),
        `1700000100||10.0.0.1||10.0.0.53||IN||big.example||TXT||${BIG}||60||1`,
        ...Array.from(
          { length: 40 },
          (_, i) =>
            `${1_700_000_200 + i}||10.0.0.1||10.0.0.53||IN||k${i}.example||A||198.51.100.${i}||60||1`,
        ),
      ].join("\n") + "\n",
  },
  cof: {
    text:
      [
        ...Array.from({ length: 40 }, (_, i) =>
          JSON.stringify({
            rrname: `h${i}.example`,
            rrtype: "A",
            rdata: `192.0.2.${i}`,
            time_first: 1,
            time_last: 2,
          }),
        ),
        JSON.stringify({
          rrname: "big.example",
          rrtype: "TXT",
          rdata: BIG,
          time_first: 1,
          time_last: 2,
        }),
        ...Array.from({ length: 40 }, (_, i) =>
          JSON.stringify({
            rrname: `k${i}.example`,
            rrtype: "A",
            rdata: `198.51.100.${i}`,
            time_first: 1,
            time_last: 2,
          }),
        ),
      ].join("\n") + "\n",
  },
};
const EXPECTED_NAMES = [
  ...Array.from({ length: 40 }, (_, i) => `h${i}.example`),
  ...Array.from({ length: 40 }, (_, i) => `k${i}.example`),
].sort();

describe("ingest of a line over 1 MiB", () => {
  for (const [format, { text }] of Object.entries(LINE_FILES))
    for (const threads of ["1", "2"])
      it(`${format}, ${threads} thread${threads === "1" ? "" : "s"}: skips it, names it, stores the rest`, async () => {
        const file = join(tmp.path, `long-${format}-${threads}.log`);
        writeFileSync(file, text);
        const d = db();
        const r = await cli([
          "ingest",
          format,
          file,
          "--db",
          d,
          "--threads",
          threads,
          "--round-mb",
          "1",
        ]);
        assert.equal(r.status, 0, r.stderr);
        const start = Buffer.byteLength(
          text.slice(0, text.indexOf(format === "cof" ? '{"rrname":"big' : "1700000100")),
        );
        const line = text.slice(0, start).split("\n").length;
        assert.match(r.stderr, /skipped 1: line longer than 1048576 bytes 1/);
        // One thread names the file's line; threads name the line within their range.
        assert.match(
          r.stderr,
          new RegExp(`e\\.g\\. ${file}(?::${line}|@\\d+:\\d+) at byte ${start} \\(\\d+ bytes\\)`),
        );
        assert.match(
          r.stderr,
          new RegExp(`warning: ${file} is damaged \\(line longer than 1048576 bytes\\)`),
        );
        assert.deepEqual(names(await exportCof(d)), EXPECTED_NAMES);
        // A run again resumes past it: nothing twice, the same warning for a line that follows nothing new.
        const once = await exportCof(d);
        const again = await cli(["ingest", format, file, "--db", d, "--threads", threads]);
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(await exportCof(d), once);
      });
});

// ---- captures -------------------------------------------------------------------------
describe("ingest of a capture cut inside its last record", () => {
  const { bytes, starts } = capture(200);
  const last = starts[starts.length - 1]!;
  const wholeNames = Array.from({ length: 199 }, (_, i) => `r${i}.example`).sort();

  for (const [title, cutAt] of [
    ["inside the record", bytes.length - 7],
    ["inside the record header", last + 9],
  ] as const)
    it(`pcap cut ${title}: stores every whole record, warns, resumes without counting twice`, async () => {
      const file = join(tmp.path, `cut-${cutAt}.pcap`);
      writeFileSync(file, bytes.subarray(0, cutAt));
      const d = db();
      const r = await cli(["ingest", "pcap", file, "--db", d]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /ingested .*: 199 items/);
      assert.match(
        r.stderr,
        new RegExp(
          `e\\.g\\. ${file}: byte ${last} \\(\\d+ of a \\d+-byte record( header)?\\): capture ends inside a record`,
        ),
      );
      assert.match(r.stderr, /warning: .* is damaged \(capture ends inside a record\)/);
      const once = await exportCof(d);
      assert.deepEqual(names(once), wholeNames);
      const again = await cli(["ingest", "pcap", file, "--db", d]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stderr, /resumed after byte \d+: 199 items were already stored/);
      assert.match(again.stderr, /warning: /);
      assert.deepEqual(await exportCof(d), once);
      // The capture grown whole (a file still being written): the rest comes in, once.
      writeFileSync(file, bytes);
      const grown = await cli(["ingest", "pcap", file, "--db", d]);
      assert.equal(grown.status, 0, grown.stderr);
      assert.doesNotMatch(grown.stderr, /warning/);
      assert.deepEqual(names(await exportCof(d)), [...wholeNames, "r199.example"].sort());
      const counts = (await exportCof(d)).map((l) => (JSON.parse(l) as { count: number }).count);
      assert.ok(
        counts.every((c) => c === 1),
        `counted twice: ${counts.join(",")}`,
      );
    });

  it("pcapng cut inside its last block, and a cut capture on standard input", async () => {
    const whole = join(tmp.path, "whole.pcap");
    writeFileSync(whole, bytes);
    const ng = join(tmp.path, "whole.pcapng");
    await promisify(execFile)("editcap", ["-F", "pcapng", whole, ng], { timeout: 30_000 });
    const ngBytes = readFileSync(ng);
    const cut = join(tmp.path, "cut.pcapng");
    writeFileSync(cut, ngBytes.subarray(0, ngBytes.length - 11));
    const d = db();
    const r = await cli(["ingest", "pcap", cut, "--db", d]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: .* is damaged \(capture ends inside a record\)/);
    assert.deepEqual(names(await exportCof(d)), wholeNames);

    // As from `tcpdump -w -` killed mid-record: a real process reading a pipe.
    const d2 = db();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "ingest", "pcap", "-", "--db", d2],
      { cwd: ROOT, stdio: ["pipe", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
    child.stdin.end(Buffer.from(bytes.subarray(0, bytes.length - 7)));
    assert.equal(await code, 0, stderr);
    assert.match(stderr, /warning: - is damaged/);
    assert.deepEqual(names(await exportCof(d2)), wholeNames);
  });
});

describe("ingest of other broken inputs", () => {
  const wholeNames = Array.from({ length: 199 }, (_, i) => `r${i}.example`).sort();

  it("a dnstap file cut inside its last frame, or without its STOP, stores the frames before", async () => {
    const frames = Array.from({ length: 200 }, (_, i) =>
      encodeData(
        encodeDnstap({
          messageType: "AUTH_RESPONSE",
          responseTime: (1_700_000_000 + i) * 1000,
          responseMessage: answer(i),
        }),
      ),
    );
    const start = encodeControl("START", ["protobuf:dnstap.Dnstap"]);
    const before = Buffer.concat([start, ...frames.slice(0, 199)]);
    for (const [title, bytes] of [
      ["cut in a frame", Buffer.concat([before, frames[199]!.subarray(0, 9)])],
      ["no STOP", before],
    ] as const) {
      const file = join(tmp.path, `${title.replace(/\W/g, "-")}.fstrm`);
      writeFileSync(file, bytes);
      const d = db();
      const r = await cli(["ingest", "dnstap", file, "--db", d]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`e\\.g\\. ${file}: byte ${before.length} \\(.+\\): dnstap file cut short`),
      );
      assert.match(r.stderr, /warning: .* is damaged \(dnstap file cut short\)/);
      const once = await exportCof(d);
      assert.deepEqual(names(once), wholeNames, title);
      const again = await cli(["ingest", "dnstap", file, "--db", d]);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(await exportCof(d), once, title);
    }
  });

  it("a capture broken in the middle stores what came before, fails naming the byte, and stays failed without counting twice", async () => {
    const { bytes, starts } = capture(200);
    const broken = Buffer.from(bytes);
    // Record 150 claims 2 MiB: not a cut but corruption, after which nothing can be framed.
    broken.writeUInt32LE(2 << 20, starts[150]! + 8);
    const file = join(tmp.path, "broken.pcap");
    writeFileSync(file, broken);
    const d = db();
    const r = await cli(["ingest", "pcap", file, "--db", d]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(`implausible pcap record length 2097152 at byte ${starts[150]}`),
    );
    const once = await exportCof(d);
    assert.deepEqual(names(once), Array.from({ length: 150 }, (_, i) => `r${i}.example`).sort());
    const again = await cli(["ingest", "pcap", file, "--db", d]);
    assert.equal(again.status, 1);
    assert.deepEqual(await exportCof(d), once);
  });
});
