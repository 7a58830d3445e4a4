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
/** Bump when the generator changes, so a stale cached log is not reused. */
const VERSION = `pdns-zeek-v1-${ROWS}`;
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const TARGET = 300_000;

export function zeekInput(): { file: string; meta: ZeekMeta } {
  const dir = cacheDir(VERSION);
  const file = join(dir, "dns.log");
  const metaFile = join(dir, "meta.json");
  if (existsSync(file) && existsSync(metaFile))
    return { file, meta: JSON.parse(readFileSync(metaFile, "utf8")) as ZeekMeta };
  const t0 = performance.now();
  const meta = writeZeekLog(file, ROWS, nameUniverse());
  writeFileSync(metaFile, JSON.stringify(meta));
  console.log(
    `  generated ${file}: ${fmt(meta.rows)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { file, meta };
}

export async function benchPdnsZeek(): Promise<boolean> {
  const { file, meta } = zeekInput();
  console.log(
    `pdns zeek ingest: ${fmt(meta.rows)} dns.log rows (${fmt(meta.answered)} answered), ${fmt(statSync(file).size / 2 ** 20)} MiB, ${file}`,
  );
  const tmp = makeTmpDir("bench-zeek");
  try {
    const db = join(tmp.path, "fresh.db");
    const r = await runChild(process.execPath, [CLI, "ingest", "zeek", file, "--db", db], {
      timeoutMs: 600_000,
    });
    if (r.code !== 0) throw new Error(`dnsight ingest zeek failed (${r.code}): ${r.stderr}`);
    const stored = await countStoredRows(db);
    const m = /(\d+) items, (\d+) observations, (\d+) rows written in (\d+) batches/.exec(r.stderr);
    const secs = r.wallMs / 1000;
    const rate = meta.rows / secs;
    const rowsOk = stored === meta.expectedRows;
    const ok = rate >= TARGET && rowsOk;
    console.log(`  dnsight: ${/ingested .*$/m.exec(r.stderr)?.[0] ?? "(no summary line)"}`);
    const skipped = /^skipped .*$/m.exec(r.stderr)?.[0];
    if (skipped) console.log(`  dnsight: ${skipped}`);
    console.log(
      `  ${m ? `${fmt(Number(m[2]))} observations, ${fmt(Number(m[3]))} rows written in ${m[4]} batches; ` : ""}` +
        `stored rows ${fmt(stored)}, expected ${fmt(meta.expectedRows)} (the records Zeek's answers keep; MX is lossy): ${rowsOk ? "match" : "MISMATCH"}`,
    );
    console.log(
      `  dnsight ingest zeek: ${secs.toFixed(2)} s, ${fmt(rate)} log rows/s, peak RSS ${fmt(r.peakRssKb / 1024)} MB ` +
        `(target ≥ ${fmt(TARGET)} rows/s) ${ok ? "PASS" : "MISS"}`,
    );
    return ok;
  } finally {
    tmp.remove();
  }
}
