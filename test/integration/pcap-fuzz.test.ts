// Acceptance (issue 4): malformed and truncated captures produce a clear error or a count of
// skipped messages (a cut capture: a warning, what came before stored) — never a crash or a hang. Every shared pcap fixture (and a pcapng copy of
// two, for the other container reader) is cut short at many offsets and has bytes flipped by a
// seeded PRNG; each variant goes through `dnsight ingest pcap` in-process, under a 5 s limit.
// A run either exits 0 (its summary may say "skipped N") or throws one DnsightError whose
// one-line message names the file and the byte where it broke. Afterwards the store opens and
// every row in it is valid; a truncated file's rows are a subset of the whole file's.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { canonicalRdata } from "../../src/passive/rdata.js";
import { isDnsightError } from "../../src/errors.js";
import { openStore } from "../../src/store/open.js";
import { runCli } from "../../src/cli/run.js";
import { Sink } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { mulberry32 } from "../../bench/fuzz/rng.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../shared/fixtures/pcap/", import.meta.url));
const TIMEOUT_MS = 5000;
/** Files this small are cut at every offset; larger ones at a sample of about this many. */
const EVERY_OFFSET_UP_TO = 512;
const SAMPLE = 200;
/** Flipped variants per input; PCAP_FUZZ_FLIPS=N runs a longer hunt by hand. */
const FLIPS_PER_FILE = Number(process.env.PCAP_FUZZ_FLIPS ?? 40);

function captures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) return captures(p);
      return /\.(pcap|pcapng|cap)$/i.test(e) ? [p] : [];
    });
}

/** A small seeded PRNG (the fuzz bench's), so every run fuzzes the same variants. */
const prng = mulberry32;
const seedOf = (s: string): number =>
  [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);

/** Where records (pcap) or blocks (pcapng) start; the writers here are little-endian. */
function recordStarts(b: Buffer): number[] {
  const out: number[] = [];
  const pcapng = b.readUInt32LE(0) === 0x0a0d0d0a;
  for (let at = pcapng ? 0 : 24; at + 16 <= b.length;) {
    out.push(at);
    const step = pcapng ? b.readUInt32LE(at + 4) : 16 + b.readUInt32LE(at + 8);
    if (step < 12) break;
    at += step;
  }
  return out;
}

/** Every offset of a small file; of a larger one the file header, every record header and a seeded spread of the packet data. */
function cutOffsets(b: Buffer, rnd: () => number): number[] {
  if (b.length <= EVERY_OFFSET_UP_TO) return Array.from({ length: b.length }, (_, i) => i);
  const set = new Set<number>();
  for (let i = 0; i <= 24; i++) set.add(i);
  const starts = recordStarts(b);
  const step = Math.max(1, Math.ceil(starts.length / 20));
  for (let k = 0; k < starts.length && set.size < SAMPLE / 2; k += step) {
    const r = starts[k] as number;
    for (const d of [0, 1, 4, 8, 9, 12, 15, 16, 17]) set.add(r + d);
  }
  while (set.size < SAMPLE) set.add(1 + Math.floor(rnd() * (b.length - 1)));
  return [...set].filter((o) => o < b.length).sort((x, y) => x - y);
}

/**
 * 1 to 4 bytes XORed with a non-zero value: anywhere, or (every other variant) in the file
 * header, or in one record's header and the link, IP and transport headers after it.
 */
function flip(b: Buffer, starts: readonly number[], rnd: () => number, i: number): Buffer {
  const out = Buffer.from(b);
  const n = 1 + Math.floor(rnd() * 4);
  let from = 0;
  let span = b.length;
  if (i % 4 === 0) span = Math.min(64, b.length);
  if (i % 4 === 1 && starts.length > 0) {
    from = starts[Math.floor(rnd() * starts.length)] as number;
    span = Math.min(16 + 14 + 60 + 60, b.length - from);
  }
  for (let k = 0; k < n; k++) {
    const at = from + Math.floor(rnd() * span);
    out[at] = (out[at] as number) ^ (1 + Math.floor(rnd() * 255));
  }
  return out;
}

type Outcome =
  | { kind: "exit"; status: number; stderr: string }
  | { kind: "error"; error: unknown; stderr: string }
  | { kind: "hang" };

/** `dnsight ingest pcap FILE --db DB --restart` in-process, raced against the time limit. */
async function ingestOnce(file: string, db: string): Promise<Outcome> {
  const stdout = new Sink();
  const stderr = new Sink();
  const io = {
    stdin: Readable.from([]),
    stdout,
    stderr,
    env: { DNSIGHT_RESOLV_CONF: "/nonexistent" },
  };
  // --restart: variants share one path and one store, and no checkpoint may skip a variant.
  const ran: Promise<Outcome> = runCli(["ingest", "pcap", file, "--db", db, "--restart"], io).then(
    (status) => ({ kind: "exit", status, stderr: stderr.text }),
    (error: unknown) => ({ kind: "error", error, stderr: stderr.text }),
  );
  const timer = sleep(TIMEOUT_MS, { kind: "hang" } as const, { ref: false });
  return Promise.race([ran, timer]);
}

// A capture cut inside a record stores what came before and ends with a warning (issue 10 §5);
// one with no DNS but other traffic names its ports (issue 11).
const SUMMARY =
  /^(ingested .+|resumed after byte \d+: .+|skipped \d+: .+| {2}e\.g\. .+|warning: .+ is damaged \(.+\): .+|warning: no DNS found in .+; UDP\/TCP traffic is on .+)$/;

/** The contract for one run; returns a short description of the outcome. */
function check(o: Outcome, file: string, size: number, what: string): "ok" | "skipped" | "error" {
  assert.notEqual(o.kind, "hang", `${what}: no answer within ${TIMEOUT_MS} ms`);
  if (o.kind === "exit") {
    assert.equal(o.status, 0, `${what}: exit ${o.status}\n${o.stderr}`);
    const lines = o.stderr.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^ingested /, `${what}: ${o.stderr}`);
    for (const l of lines) assert.match(l, SUMMARY, `${what}: summary line ${JSON.stringify(l)}`);
    return /^skipped \d+/m.test(o.stderr) ? "skipped" : "ok";
  }
  if (o.kind !== "error") throw new Error("unreachable");
  const e = o.error;
  // The error main.ts would print as its one line: a DnsightError, not a TypeError or RangeError.
  assert.ok(isDnsightError(e), `${what}: threw ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.code, "INPUT", `${what}: ${e.code} ${e.message}`);
  assert.equal(o.stderr, "", `${what}: wrote to stderr before failing: ${o.stderr}`);
  const line = `dnsight: ${e.message}`;
  assert.doesNotMatch(line, /\n/, `${what}: more than one line: ${line}`);
  assert.ok(line.includes(file), `${what}: the file is not named: ${line}`);
  const at = /\b(?:at )?byte (\d+)\b/.exec(line);
  assert.ok(at, `${what}: no byte offset: ${line}`);
  assert.ok(Number(at[1]) <= size, `${what}: byte ${at[1]} beyond the ${size}-byte file: ${line}`);
  return "error";
}

const key = (o: { rrname: string; rrtype: string; rdata: string }): string =>
  `${o.rrname} ${o.rrtype} ${o.rdata}`;

/** Opens the store after the runs: every row well-formed; returns their keys. */
async function storedRows(db: string, what: string): Promise<Set<string>> {
  const store = await openStore(db);
  const keys = new Set<string>();
  try {
    for await (const batch of store.scanObservations(5000)) {
      for (const o of batch) {
        const where = `${what}: row ${JSON.stringify(o)}`;
        assert.equal(o.rrname, o.rrname.toLowerCase(), where);
        assert.doesNotMatch(o.rrname, /\.$|^$/, where);
        assert.match(o.rrtype, /^(?:[A-Z][A-Z0-9-]*|TYPE\d+)$/, where);
        // rdata is in the one canonical presentation form for its type.
        assert.equal(canonicalRdata(o.rrtype, o.rdata), o.rdata, where);
        assert.ok(Number.isFinite(o.timeFirst) && o.timeFirst <= o.timeLast, where);
        assert.ok(Number.isInteger(o.count) && o.count >= 1, where);
        keys.add(key(o));
      }
    }
  } finally {
    await store.close();
  }
  return keys;
}

interface Input {
  title: string;
  /** The fixture, or (made in before()) its pcapng copy. */
  path: () => string;
}

const FILES = captures(ROOT);
/** Two fixtures also go in as pcapng, for that reader's block framing. */
const AS_PCAPNG = FILES.filter((p) => /udp\+tcp|ip6_fragmented\+udp/.test(p));

describe("pcap ingest on malformed and truncated captures", () => {
  const tmp = makeTmpDir("fuzz");
  const pcapng = (f: string): string =>
    join(tmp.path, `${relative(ROOT, f).replace(/\W/g, "_")}.pcapng`);
  const inputs: Input[] = [
    ...FILES.map((f) => ({ title: relative(ROOT, f), path: () => f })),
    ...AS_PCAPNG.map((f) => ({ title: `${relative(ROOT, f)} as pcapng`, path: () => pcapng(f) })),
  ];
  before(async () => {
    for (const f of AS_PCAPNG)
      await run("editcap", ["-F", "pcapng", f, pcapng(f)], { timeout: 30_000 });
  });
  after(() => tmp.remove());
  const totals = { ok: 0, skipped: 0, error: 0 };

  it("finds the fixtures", () => assert.ok(FILES.length > 0, `no captures under ${ROOT}`));

  for (const input of inputs) {
    it(input.title, async () => {
      const original = readFileSync(input.path());
      const rnd = prng(seedOf(input.title));
      const slug = input.title.replace(/\W/g, "_");
      const file = join(tmp.path, `${slug}.variant`);

      // The whole file: what any truncation may store at most.
      const fullDb = join(tmp.path, `${slug}.full.db`);
      writeFileSync(file, original);
      const whole = check(await ingestOnce(file, fullDb), file, original.length, input.title);
      assert.notEqual(whole, "error", `${input.title} as it is`);
      const full = await storedRows(fullDb, input.title);

      const cutDb = join(tmp.path, `${slug}.cut.db`);
      for (const at of cutOffsets(original, rnd)) {
        const bytes = original.subarray(0, at);
        writeFileSync(file, bytes);
        const what = `${input.title} cut at ${at}`;
        totals[check(await ingestOnce(file, cutDb), file, bytes.length, what)]++;
      }
      const cut = await storedRows(cutDb, `${input.title} cut`);
      const extra = [...cut].filter((k) => !full.has(k));
      assert.deepEqual(
        extra,
        [],
        `${input.title}: a truncated copy stored rows the whole file has not`,
      );

      const flipDb = join(tmp.path, `${slug}.flip.db`);
      const starts = recordStarts(original);
      for (let i = 0; i < FLIPS_PER_FILE; i++) {
        const bytes = flip(original, starts, rnd, i);
        writeFileSync(file, bytes);
        const what = `${input.title} flip variant ${i}`;
        totals[check(await ingestOnce(file, flipDb), file, bytes.length, what)]++;
      }
      await storedRows(flipDb, `${input.title} flipped`);
    });
  }

  it("saw every kind of outcome", (t) => {
    t.diagnostic(`outcomes: ${JSON.stringify(totals)}`);
    assert.ok(totals.error > 0 && totals.ok + totals.skipped > 0, JSON.stringify(totals));
  });
});
