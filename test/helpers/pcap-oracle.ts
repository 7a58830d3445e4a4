// What the pcap oracle tests share: ingest a capture and read back what was stored, compare
// it with tshark's reading (tshark-answers.ts), and make captures on loopback with kdig
// against Knot, recorded by tcpdump on `lo`.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { TestContext } from "node:test";
import { promisify } from "node:util";
import { trackPid, untrackPid } from "./cleanup.js";
import { cli, ndjson } from "./cli.js";
import type { KnotServer } from "./knot.js";
import { makeTmpDir } from "./tmp.js";
import { answerKey } from "./tshark-answers.js";

const run = promisify(execFile);

/** Every capture file under `dir`, sorted. */
export function captures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) return captures(p);
      return /\.(pcap|pcapng|cap)$/i.test(e) ? [p] : [];
    });
}

export interface Cof {
  rrname: string;
  rrtype: string;
  rdata: string[];
  bailiwick?: string;
  sensor_id?: string;
}

/** `ingest pcap FILE` into a fresh store, then `export cof`: the stored keys. */
export async function stored(
  t: TestContext,
  file: string,
  ports: number[] = [],
  skipped = /^(?!)/, // by default nothing may be skipped
): Promise<Set<string>> {
  return (await storedRun(t, file, { ports, skipped })).keys;
}

export interface StoredRun {
  /** answerKey of every stored row. */
  keys: Set<string>;
  /** The rows as exported. */
  rows: Cof[];
  /** What the ingest wrote to stderr. */
  stderr: string;
}

/** `stored`, with the ingest's other arguments, its stderr and the rows as exported. */
export async function storedRun(
  t: TestContext,
  file: string,
  o: { ports?: number[]; skipped?: RegExp; args?: string[] } = {},
): Promise<StoredRun> {
  const skipped = o.skipped ?? /^(?!)/;
  const db = join(makeTmpDir("oracle", t).path, "pdns.db");
  const portArgs = (o.ports ?? []).flatMap((p) => ["--port", String(p)]);
  const ing = await cli(["ingest", "pcap", file, "--db", db, ...portArgs, ...(o.args ?? [])]);
  assert.equal(ing.status, 0, ing.stderr);
  // A record dropped by the chain or bailiwick rule shows here; the oracle must drop it too.
  const skips = ing.stderr.split("\n").filter((l) => l.startsWith("skipped "));
  assert.ok(
    skips.every((l) => skipped.test(l)),
    ing.stderr,
  );
  const exp = await cli(["export", "cof", "--db", db]);
  assert.equal(exp.status, 0, exp.stderr);
  const keys = new Set<string>();
  const rows = ndjson<Cof>(exp.stdout);
  for (const r of rows) {
    assert.equal(r.rdata.length, 1, JSON.stringify(r));
    assert.equal(r.rrname, r.rrname.toLowerCase(), "stored owner names are lowercase");
    assert.doesNotMatch(r.rrname, /\.$/, "stored owner names have no trailing dot");
    keys.add(answerKey(r.rrname, r.rrtype, r.rdata[0] as string));
  }
  return { keys, rows, stderr: ing.stderr };
}

/** Set equality with a readable diff. */
export function assertSameSet(ours: Set<string>, theirs: Set<string>, what: string): void {
  const onlyOurs = [...ours].filter((k) => !theirs.has(k)).sort();
  const onlyTheirs = [...theirs].filter((k) => !ours.has(k)).sort();
  assert.deepEqual(
    { onlyOurs, onlyTheirs },
    { onlyOurs: [], onlyTheirs: [] },
    `${what}: dnsight stored ${ours.size}, tshark dissected ${theirs.size}`,
  );
}

/** kdig's answer lines as keys; one try, 5 s (a busy machine), so a dead server fails fast. */
export async function kdig(server: KnotServer, ...args: string[]): Promise<string[]> {
  const { stdout } = await run(
    "kdig",
    [
      `@${server.host}`,
      "-p",
      String(server.port),
      "+retry=0",
      "+time=5",
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
export async function tcpdump(
  t: TestContext,
  ports: number[],
  file: string,
): Promise<() => Promise<void>> {
  const filter = ports.map((p) => `port ${p}`).join(" or ");
  // -Z root: Debian's tcpdump otherwise drops to the tcpdump user, which may not write here.
  // --immediate-mode: without it packets wait in the kernel's ring buffer, and those still
  // there when SIGINT arrives never reach the file. -B 64 MiB: loopback segments reach 64 KiB,
  // and a burst of them (an AXFR) overflowed the default 2 MiB buffer, losing packets.
  const args = [
    "-i",
    "lo",
    "-n",
    "-U",
    "--immediate-mode",
    "-B",
    "65536",
    "-Z",
    "root",
    "-w",
    file,
    filter,
  ];
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
