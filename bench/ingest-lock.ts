// Bench (issue 10 §5): how long an ingest holds SQLite's write lock at a stretch.
// While `dnsight ingest` writes the pcap and Zeek bench inputs into one file, this
// process tries `BEGIN IMMEDIATE` (no busy wait) every few milliseconds; the
// longest run of refusals is the longest the ingest kept every other writer
// (a second ingest, `serve`'s alert writes, `registration`) out. Each input runs
// twice: into a fresh store, then again with --restart over the rows it wrote
// (updates, the slower path). Target: no stretch over 500 ms (commits are cut at
// ~250 ms of work; the margin is for a loaded machine).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { fmt, runChild } from "./_util.js";
import { pcapInput } from "./pdns-pcap.js";
import { zeekInput } from "./pdns-zeek.js";

const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const TARGET_MS = 500;
const POLL_MS = 2;

interface Probe {
  /** The longest time the lock was refused without a break, ms. */
  longestMs: number;
  attempts: number;
  refused: number;
  stop(): void;
}

/** Polls the write lock of the database at `path` until stopped. */
async function probeLock(path: string): Promise<Probe> {
  const { default: Database } = await import("better-sqlite3");
  const p: Probe = { longestMs: 0, attempts: 0, refused: 0, stop: () => undefined };
  let db: InstanceType<typeof Database> | undefined;
  let refusedSince: number | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    try {
      if (!db) {
        if (!existsSync(path)) return;
        db = new Database(path, { timeout: 0 });
      }
      p.attempts++;
      db.exec("BEGIN IMMEDIATE");
      db.exec("COMMIT");
      refusedSince = undefined;
    } catch (e) {
      if (!/locked|busy/i.test((e as Error).message)) {
        // The file caught while the ingest creates it (no schema, not WAL yet): try anew.
        db?.close();
        db = undefined;
        return;
      }
      p.refused++;
      const now = performance.now();
      refusedSince ??= now;
      p.longestMs = Math.max(p.longestMs, now - refusedSince);
    }
  };
  const timer = setInterval(tick, POLL_MS);
  p.stop = () => {
    stopped = true;
    clearInterval(timer);
    db?.close();
  };
  return p;
}

async function run(label: string, args: string[]): Promise<boolean> {
  const db = args[args.indexOf("--db") + 1]!;
  const probe = await probeLock(db);
  const r = await runChild(process.execPath, [CLI, ...args], { timeoutMs: 900_000 });
  probe.stop();
  if (r.code !== 0) throw new Error(`dnsight ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  const summary = /(\d+) rows written in (\d+) batches/.exec(r.stderr);
  const ok = probe.longestMs <= TARGET_MS;
  console.log(
    `  ${label.padEnd(30)} ${(r.wallMs / 1000).toFixed(2).padStart(6)} s, ${summary ? `${fmt(Number(summary[1]))} rows in ${summary[2]} batches, ` : ""}` +
      `lock refused ${fmt(probe.refused)}/${fmt(probe.attempts)} probes, longest hold ${fmt(probe.longestMs)} ms ` +
      `(target ≤ ${TARGET_MS} ms) ${ok ? "PASS" : "MISS"}`,
  );
  return ok;
}

export async function benchIngestLock(): Promise<boolean> {
  const tmp = makeTmpDir("bench-lock");
  let ok = true;
  try {
    console.log(`ingest write-lock hold (a prober tries BEGIN IMMEDIATE every ${POLL_MS} ms)`);
    for (const [format, file] of [
      ["pcap", pcapInput().file],
      ["zeek", zeekInput().file],
    ] as const) {
      const db = join(tmp.path, `${format}.db`);
      ok = (await run(`${format} into a fresh store`, ["ingest", format, file, "--db", db])) && ok;
      ok =
        (await run(`${format} again, --restart`, [
          "ingest",
          format,
          file,
          "--db",
          db,
          "--restart",
        ])) && ok;
    }
    return ok;
  } finally {
    tmp.remove();
  }
}
