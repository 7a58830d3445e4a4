// Bench (issue 15): `dnsight ingest zeek` of the pdns-zeek bench's 1M-line dns.logs (Zipf
// names, and a new name on every line) into ClickHouse, beside the same ingest into a
// fresh SQLite store in each round. Target: ≥ 300k log rows/s, limited by parsing, not
// by the store. To show which, the ClickHouse run is made again under --cpu-prof: the
// CLI's self time by part (parse, store client, node's I/O) and the server's CPU seconds
// over the same run.
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startClickHouse } from "../test/helpers/clickhouse.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { cpuSeconds, storedOn } from "./_clickhouse.js";
import { printProfile, summarizeProfileDir } from "./_cpu-profile.js";
import { zeekInput } from "./pdns-zeek.js";
import { countStoredRows, fmt, runChild } from "./_util.js";

// BENCH_DIST=dist-before (a copy of an older build) runs that build instead, so two
// builds' figures and export digests can be set side by side.
const CLI = new URL(`../${process.env.BENCH_DIST ?? "dist"}/cli/main.js`, import.meta.url).pathname;
const TARGET = 300_000;

const removeDb = (path: string): void => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The log of new names on every line is SQLite's worst case; BENCH_CH_ORDERS=zipf leaves it out. */
const ORDERS = (process.env.BENCH_CH_ORDERS ?? "zipf,distinct").split(",").map((o) => {
  if (o !== "zipf" && o !== "distinct")
    throw new Error(`BENCH_CH_ORDERS: "${o}" is not zipf or distinct`);
  return o;
});

export async function benchClickHouseZeek(): Promise<boolean> {
  const tmp = makeTmpDir("bench-ch-zeek");
  const node = await startClickHouse();
  let ok = true;
  let database = 0;
  try {
    const ingest = async (file: string, db: string, extra: string[] = []) => {
      const r = await runChild(
        process.execPath,
        [...extra, CLI, "ingest", "zeek", file, "--db", db],
        { timeoutMs: 900_000 },
      );
      if (r.code !== 0) throw new Error(`dnsight ingest zeek --db ${db} failed: ${r.stderr}`);
      return { secs: r.wallMs / 1000, rss: r.peakRssKb / 1024 };
    };
    const chUrl = (name: string): string => `clickhouse://${node.host}:${node.httpPort}/${name}`;
    let last: { file: string; sqliteDb: string; chDb: string } | undefined;

    for (const order of ORDERS) {
      const { file, meta } = zeekInput(order);
      console.log(
        `zeek ingest into ClickHouse (${order === "zipf" ? "Zipf-popular names" : "every line a new name"}): ` +
          `${fmt(meta.rows)} dns.log rows, ${file}; beside SQLite in each round; ${ROUNDS} rounds`,
      );
      for (let round = 1; round <= ROUNDS; round++) {
        const sqliteDb = join(tmp.path, `fresh-${order}-${round}.db`);
        const sq = await ingest(file, sqliteDb);
        const sqRows = await countStoredRows(sqliteDb);

        const chDb = `zeek_${order}_${++database}`;
        const serverCpu0 = cpuSeconds(node.pid);
        const ch = await ingest(file, chUrl(chDb));
        const serverCpu = cpuSeconds(node.pid) - serverCpu0;
        const stored = await storedOn([node], chDb);

        const rate = (secs: number) => meta.rows / secs;
        const roundOk = rate(ch.secs) >= TARGET && stored.keys === sqRows;
        ok &&= roundOk;
        console.log(`  round ${round}:`);
        console.log(
          `    sqlite:     ${sq.secs.toFixed(2)} s, ${fmt(rate(sq.secs))} rows/s, ${fmt(sqRows)} observations stored, peak RSS ${fmt(sq.rss)} MB`,
        );
        console.log(
          `    clickhouse: ${ch.secs.toFixed(2)} s, ${fmt(rate(ch.secs))} rows/s, ${fmt(stored.keys)} observations stored (${stored.keys === sqRows ? "equal to SQLite's" : "DIFFERENT from SQLite's"}), peak RSS ${fmt(ch.rss)} MB`,
        );
        console.log(
          `      server CPU ${serverCpu.toFixed(2)} s over the ${ch.secs.toFixed(2)} s run (${((100 * serverCpu) / ch.secs).toFixed(0)}% of one core); ${fmt(stored.bytes / 2 ** 20)} MiB on disk`,
        );
        console.log(
          `    ratio clickhouse/sqlite ${(sq.secs / ch.secs).toFixed(2)}; vs target ≥ ${fmt(TARGET)} rows/s: ${(rate(ch.secs) / TARGET).toFixed(2)} of it ${roundOk ? "PASS" : "MISS"}`,
        );
        // The last Zipf round's stores are kept for the export digests below; the rest go.
        if (order === "zipf") {
          if (last) removeDb(last.sqliteDb);
          last = { file, sqliteDb, chDb };
        } else removeDb(sqliteDb);
      }
    }
    if (!last) return ok;
    const { file, sqliteDb, chDb } = last;

    // What was stored, as `dnsight export cof` writes it: the same bytes from both stores
    // (and, digest against digest, from two builds).
    const digest = async (db: string, name: string): Promise<string> => {
      const out = join(tmp.path, `${name}.cof`);
      const r = await runChild(process.execPath, [CLI, "export", "cof", out, "--db", db], {
        timeoutMs: 300_000,
      });
      if (r.code !== 0) throw new Error(`dnsight export cof --db ${db} failed: ${r.stderr}`);
      // Sorted: each store exports in its own key order (SQLite by name, ClickHouse by
      // reversed name); the same rows are the same set of lines.
      const lines = readFileSync(out, "utf8").split("\n").filter(Boolean).sort();
      return createHash("sha256").update(lines.join("\n")).digest("hex");
    };
    const sqDigest = await digest(sqliteDb, "sqlite");
    const chDigest = await digest(chUrl(chDb), "ch");
    console.log(
      `  export cof, lines sorted, sha256: sqlite ${sqDigest.slice(0, 16)}…, clickhouse ${chDigest.slice(0, 16)}… ${sqDigest === chDigest ? "(identical)" : "DIFFERENT"}`,
    );

    // The same run again, profiled, into a database of its own.
    const prof = join(tmp.path, "prof");
    const p = await ingest(file, chUrl("zeek_prof"), ["--cpu-prof", "--cpu-prof-dir", prof]);
    console.log(`  profiled run (--cpu-prof): ${p.secs.toFixed(2)} s`);
    for (const { thread, summary } of summarizeProfileDir(prof)) {
      console.log(`   thread ${thread}${thread === 0 ? " (main)" : " (worker)"}:`);
      printProfile(summary);
    }
    return ok;
  } finally {
    await node.stop();
    tmp.remove();
  }
}
