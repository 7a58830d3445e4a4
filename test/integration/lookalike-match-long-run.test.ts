// `lookalike match` over a long feed (issue 11): on a terminal (a real pty, through
// util-linux `script`) a bar shows the bytes read of the file, names/s and an ETA,
// only moves forward, never mixes into the hits printed on the same terminal, and
// is gone before the summary, the last line. Ctrl-C, even while the feed is quiet,
// stops with every hit found so far printed whole (and stored with --alert), the
// summary of what was read, and exit status 130.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import {
  assertMonotone,
  barFrames,
  onTerminal,
  screenLines,
  shellWords,
} from "../helpers/terminal.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const env = { ...process.env, NO_COLOR: "1", DNSIGHT_DB: "/nonexistent/dnsight.db" };
const tmp = makeTmpDir("lookalike-long");
after(() => tmp.remove());

const brands = join(tmp.path, "brands.txt");
writeFileSync(brands, "paypal.com\ngoogle.com\nexample.com\n");
/** Name i of the feed: every 50th imitates paypal.com, the others match nothing. */
const feedName = (i: number): string =>
  i % 50 === 0 ? `paypal-login${i}.com` : `w${((i * 2654435761) >>> 0).toString(36)}x${i}.net`;
const feedLines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, k) => feedName(from + k)).join("\n") + "\n";
/** Hits among the first n names. */
const hitsIn = (n: number): number => Math.ceil(n / 50);

describe("lookalike match on a terminal", () => {
  it("the bar shows bytes of the file, names/s and ETA, never goes back nor mixes into the hits, and the summary is the last line", () => {
    const NAMES = 300_000;
    const feed = join(tmp.path, "feed.txt");
    writeFileSync(feed, feedLines(0, NAMES));
    const r = onTerminal(
      shellWords([process.execPath, MAIN, "lookalike", "match", "--brands", brands, feed]),
      env,
    );
    assert.equal(r.status, 0, r.screen.slice(-2000));
    const frames = barFrames(r.screen);
    assert.ok(frames.length >= 3, `the bar was drawn ${frames.length} times`);
    for (const f of frames)
      assert.match(
        f,
        /^\[[#.]{20}\] \d+\.\d% [\d.]+ (B|KiB|MiB) of [\d.]+ MiB {2}[\d,]+ names {2}[\d,]+ names\/s( ETA \S+)?$/,
      );
    assertMonotone(
      frames.map((f) => Number(/\] (\d+\.\d)% /.exec(f)![1])),
      "percentage",
    );
    assertMonotone(
      frames.map((f) => Number(/([\d,]+) names /.exec(f)![1]!.replace(/,/g, ""))),
      "name count",
    );
    const lines = screenLines(r.screen);
    const summary = lines.pop()!;
    assert.equal(summary, `matched ${NAMES} names against 3 brands: ${hitsIn(NAMES)} hits`);
    // Every other line left on screen is one whole hit, in order.
    assert.equal(lines.length, hitsIn(NAMES));
    lines.forEach((l, k) =>
      assert.match(l, new RegExp(`^paypal-login${k * 50}\\.com\\tpaypal\\.com\\tcombosquat\\t`)),
    );
  });
});

/** The hits a run printed as JSON lines: each whole, in order. */
function printedNames(stdout: string): string[] {
  assert.ok(stdout === "" || stdout.endsWith("\n"), "the last hit is whole");
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { name: string }).name);
}

describe("lookalike match interrupted with Ctrl-C", () => {
  it("mid-file: the hits of every line read printed whole, the summary says where it stopped, exit 130", async () => {
    const NAMES = 600_000;
    const feed = join(tmp.path, "big.txt");
    writeFileSync(feed, feedLines(0, NAMES));
    const child = spawn(
      process.execPath,
      [MAIN, "lookalike", "match", "--brands", brands, "--json", feed],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    for (let i = 0; i < 1000 && stdout === ""; i++) await sleep(10);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    const m =
      /^interrupted at line (\d+) of .*big\.txt: matched (\d+) names against 3 brands: (\d+) hits$/.exec(
        stderr.trim().split("\n").at(-1)!,
      );
    assert.ok(m, stderr);
    const [line, names, hits] = [Number(m[1]), Number(m[2]), Number(m[3])];
    assert.ok(line > 0 && line < NAMES, `stopped at line ${line} of ${NAMES}`);
    assert.equal(names, line);
    assert.equal(hits, hitsIn(names));
    assert.deepEqual(
      printedNames(stdout),
      Array.from({ length: hits }, (_, k) => feedName(k * 50)),
    );
  });

  it("on a quiet feed: every hit so far printed whole and stored, the summary of what was read, exit 130", async () => {
    const db = join(tmp.path, "alerts.db");
    const child = spawn(
      process.execPath,
      [MAIN, "lookalike", "match", "--brands", brands, "--json", "--alert", "--db", db, "-"],
      { env, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    // A feed that comes in bursts and then goes quiet, as a live one does; the pipe
    // stays open, so the reader is waiting on it when Ctrl-C comes.
    let sent = 0;
    for (let burst = 0; burst < 8; burst++) {
      child.stdin.write(feedLines(sent, sent + 5000));
      sent += 5000;
      await sleep(25);
    }
    // Hits come out in 64 KiB pieces: wait until the first is out, then a moment more.
    for (let i = 0; i < 500 && stdout === ""; i++) await sleep(10);
    await sleep(300);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    child.stdin.destroy();

    const last = stderr.trim().split("\n").at(-1)!;
    const m =
      /^interrupted at line (\d+) of standard input: matched (\d+) names against 3 brands: (\d+) hits$/.exec(
        last,
      );
    assert.ok(m, stderr);
    const [line, names, hits] = [Number(m[1]), Number(m[2]), Number(m[3])];
    assert.equal(line, sent, "the whole feed sent was read");
    assert.equal(names, sent);
    assert.equal(hits, hitsIn(sent));
    assert.deepEqual(
      printedNames(stdout),
      Array.from({ length: hits }, (_, k) => feedName(k * 50)),
    );
    assert.match(stderr, new RegExp(`^${hits} new alerts, 0 seen again$`, "m"));
    const conn = new Database(db, { readonly: true });
    try {
      assert.equal(
        (conn.prepare("SELECT count(*) AS n FROM alerts").get() as { n: number }).n,
        hits,
      );
    } finally {
      conn.close();
    }
  });
});
