// Bench (issue 4): `dnsight ingest zeek` of a 1M-line Zeek 6 dns.log into a fresh
// SQLite store. Target: ≥ 300k log rows/s. The log (Zipf-popular names, A/AAAA
// some via CNAME chains, MX, TXT, NS, PTR, NXDOMAIN, unanswered queries) is
// generated once and cached under $TMPDIR/dnsight-bench-cache/.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { cacheDir, nameUniverse, writeZeekLog, type ZeekMeta } from "./_pdns-gen.js";
import { countStoredRows, fmt, runChild } from "./_util.js";

const ROWS = Number(process.env.BENCH_ZEEK_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const TARGET = 300_000;

type Order = "zipf" | "distinct";

/** The log for a distribution, generated once and cached (bump the version when the generator changes). */
export function zeekInput(order: Order = "zipf"): { file: string; meta: ZeekMeta } {
  const dir = cacheDir(order === "zipf" ? `pdns-zeek-v1-${ROWS}` : `pdns-zeek-distinct-v1-${ROWS}`);
  const file = join(dir, "dns.log");
  const metaFile = join(dir, "meta.json");
  if (existsSync(file) && existsSync(metaFile))
    return { file, meta: JSON.parse(readFileSync(metaFile, "utf8")) as ZeekMeta };
  const t0 = performance.now();
  const universe = order === "zipf" ? nameUniverse() : nameUniverse(ROWS);
  const meta = writeZeekLog(file, ROWS, universe, order);
  writeFileSync(metaFile, JSON.stringify(meta));
  console.log(
    `  generated ${file}: ${fmt(meta.rows)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { file, meta };
}

/**
 * The yardstick: awk reading the same log and counting its distinct answers (query,
 * type, answers), the least any ingest must do, with no rebuilding and no store.
 */
const AWK = [
  "-F",
  "\t",
  "/^#fields/ { for (i = 2; i <= NF; i++) col[$i] = i - 1; next } /^#/ { next } " +
    '$col["answers"] != "-" { k[$col["query"] "\t" $col["qtype_name"] "\t" $col["answers"]]++ } ' +
    "END { n = 0; for (x in k) n++; print n }",
];

async function oneRound(
  file: string,
  meta: ZeekMeta,
): Promise<{ awk: number; ours: number; ok: boolean }> {
  const awk = await runChild("awk", [...AWK, file], { timeoutMs: 600_000 });
  if (awk.code !== 0) throw new Error(`awk failed (${awk.code}): ${awk.stderr}`);
  const tmp = makeTmpDir("bench-zeek");
  try {
    const db = join(tmp.path, "fresh.db");
    const r = await runChild(process.execPath, [CLI, "ingest", "zeek", file, "--db", db], {
      timeoutMs: 600_000,
    });
    if (r.code !== 0) throw new Error(`dnsight ingest zeek failed (${r.code}): ${r.stderr}`);
    const stored = await countStoredRows(db);
    const rowsOk = stored === meta.expectedRows;
    const m = /(\d+) observations, (\d+) rows written in (\d+) batches/.exec(r.stderr);
    const rate = meta.rows / (r.wallMs / 1000);
    const awkRate = meta.rows / (awk.wallMs / 1000);
    console.log(
      `    awk (distinct answers, no store) ${fmt(awkRate)} rows/s; dnsight ${fmt(rate)} rows/s ` +
        `(${(r.wallMs / 1000).toFixed(2)} s, peak RSS ${fmt(r.peakRssKb / 1024)} MB); ratio ${(rate / awkRate).toFixed(2)} of awk; ` +
        `target ≥ ${fmt(TARGET)} rows/s ${rate >= TARGET ? "MET" : "MISSED"}` +
        `${m ? `; ${fmt(Number(m[2]))} rows written` : ""}, stored ${fmt(stored)} of ${fmt(meta.expectedRows)} expected ${rowsOk ? "(match)" : "MISMATCH"}`,
    );
    return { awk: awkRate, ours: rate, ok: rowsOk && rate >= TARGET };
  } finally {
    tmp.remove();
  }
}

export async function benchPdnsZeek(): Promise<boolean> {
  let ok = true;
  for (const order of ["zipf", "distinct"] as const) {
    const { file, meta } = zeekInput(order);
    console.log(
      `pdns zeek ingest (${order === "zipf" ? "Zipf-popular names" : "every line another name"}): ` +
        `${fmt(meta.rows)} dns.log rows (${fmt(meta.answered)} answered), ${fmt(statSync(file).size / 2 ** 20)} MiB, ` +
        `into a fresh SQLite store (default threads); ${ROUNDS} rounds`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      process.stdout.write(`  round ${round}:\n`);
      ok = (await oneRound(file, meta)).ok && ok;
    }
  }
  return ok;
}
