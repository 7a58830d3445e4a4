// Bench (issue 4): `dnsight ingest pcap` of 1M DNS messages against `tshark -r` on
// the same file, in one run. Target (issue 17): dnsight ≥ 5× tshark's default dissection
// into SQLite (≥ 20× where the store is append-only, which SQLite is not);
// the peak RSS of the ingest is reported beside it. The capture is generated once
// (bench/_pdns-gen.ts) and cached under $TMPDIR/dnsight-bench-cache/.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { cacheDir, nameUniverse, writePcap, type PcapMeta } from "./_pdns-gen.js";
import { countStoredRows, fmt, runChild, runDiscarding } from "./_util.js";

const MESSAGES = Number(process.env.BENCH_PCAP_MESSAGES ?? 1_000_000);
/** Bump when the generator changes, so a stale cached capture is not reused. */
const VERSION = `pdns-pcap-v1-${MESSAGES}`;
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
/** Into SQLite, which upserts; an append-only store is held to 20×. */
const TARGET = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The cached capture and what the generator put in it. */
export function pcapInput(): { file: string; meta: PcapMeta } {
  const dir = cacheDir(VERSION);
  const file = join(dir, "dns.pcap");
  const metaFile = join(dir, "meta.json");
  if (existsSync(file) && existsSync(metaFile))
    return { file, meta: JSON.parse(readFileSync(metaFile, "utf8")) as PcapMeta };
  const t0 = performance.now();
  const meta = writePcap(file, MESSAGES, nameUniverse());
  writeFileSync(metaFile, JSON.stringify(meta));
  console.log(
    `  generated ${file}: ${fmt(meta.messages)} messages, ${fmt(meta.bytes / 2 ** 20)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { file, meta };
}

export async function benchPdnsPcap(): Promise<boolean> {
  const { file, meta } = pcapInput();
  const mib = statSync(file).size / 2 ** 20;
  console.log(
    `pdns pcap ingest vs tshark: ${fmt(meta.messages)} DNS messages (${fmt(meta.responses)} responses), ${fmt(mib)} MiB, ${file}; ${ROUNDS} rounds`,
  );
  const ratios: number[] = [];
  let ok = true;
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`  round ${round}:`);
    const r = await oneRound(file, meta);
    ratios.push(r.ratio);
    ok = ok && r.ok;
  }
  console.log(
    `  ratio to tshark's default run over ${ROUNDS} rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}× ` +
      `(target ≥ ${TARGET}× into SQLite) ${ok ? "PASS" : "MISS"}`,
  );
  return ok;
}

async function oneRound(file: string, meta: PcapMeta): Promise<{ ratio: number; ok: boolean }> {
  // The reference first: tshark's default one-pass dissection with its text output
  // (-n: no name resolution, so tshark never looks an address up on the network)...
  const tshark = await runDiscarding("tshark", ["-n", "-r", file], { timeoutMs: 900_000 });
  if (tshark.code !== 0) throw new Error(`tshark failed (${tshark.code}): ${tshark.stderr}`);
  // ...and the cheapest useful thing tshark can do with DNS: print the query names.
  const fields = await runDiscarding(
    "tshark",
    ["-n", "-r", file, "-Y", "dns", "-T", "fields", "-e", "dns.qry.name"],
    { timeoutMs: 900_000 },
  );
  if (fields.code !== 0)
    throw new Error(`tshark -T fields failed (${fields.code}): ${fields.stderr}`);
  const tmp = makeTmpDir("bench-pcap");
  try {
    const db = join(tmp.path, "fresh.db");
    const ours = await runChild(process.execPath, [CLI, "ingest", "pcap", file, "--db", db], {
      timeoutMs: 900_000,
    });
    if (ours.code !== 0) throw new Error(`dnsight ingest failed (${ours.code}): ${ours.stderr}`);
    const stored = await countStoredRows(db);
    const rate = (ms: number): number => meta.messages / (ms / 1000);
    const ratio = rate(ours.wallMs) / rate(tshark.wallMs);
    const rowsOk = stored === meta.expectedRows;
    const ok = ratio >= TARGET && rowsOk;
    const summary = /ingested .*$/m.exec(ours.stderr)?.[0] ?? "(no summary line)";
    const line = (label: string, r: { wallMs: number; peakRssKb: number }): string =>
      `    ${label.padEnd(38)} ${(r.wallMs / 1000).toFixed(2).padStart(7)} s  ${fmt(rate(r.wallMs)).padStart(10)} msg/s  peak RSS ${fmt(r.peakRssKb / 1024)} MB`;
    console.log(line("tshark -r (default text output)", tshark));
    console.log(line("tshark -r -Y dns -T fields -e qry.name", fields));
    console.log(line("dnsight ingest pcap --db fresh.db", ours));
    console.log(`    dnsight: ${summary}`);
    console.log(
      `    stored rows ${fmt(stored)}, expected ${fmt(meta.expectedRows)} distinct (rrname, rrtype, rdata) from the generator: ${rowsOk ? "match" : "MISMATCH"}; db ${fmt(statSync(db).size / 2 ** 20)} MiB`,
    );
    console.log(
      `    tshark ${fmt(rate(tshark.wallMs))} msg/s, dnsight ${fmt(rate(ours.wallMs))} msg/s, ratio ${ratio.toFixed(2)}× tshark default (target ≥ ${TARGET}× into SQLite), ` +
        `${(rate(ours.wallMs) / rate(fields.wallMs)).toFixed(2)}× tshark -T fields; ` +
        `peak RSS ${fmt(ours.peakRssKb / 1024)} MB ${ok ? "PASS" : "MISS"}`,
    );
    return { ratio, ok };
  } finally {
    tmp.remove();
  }
}
