// Bench (issue 5): `dnsight lookalike generate` against `dnstwist --format list`, whole
// processes, same domains, same dictionary and TLD files, each run in turn. Target:
// dnsight at least 5× faster. The outputs are compared too (dnstwist's candidates
// dnsight also gives, with --any-idn as dnstwist keeps every IDN).
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { fmt, runChild } from "./_util.js";

const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const FIX = fileURLToPath(new URL("../../shared/fixtures/lookalike/", import.meta.url));
const DOMAINS = [
  "paypal.com",
  "microsoft.com",
  "google.co.uk",
  "verylongdomainnameforlookalikes.com",
  "bücher.de",
];
const ROUNDS = 3;
const TARGET = 5;

export async function benchLookalikeGenerate(): Promise<boolean> {
  const files = ["--dictionary", join(FIX, "english.dict"), "--tld", join(FIX, "common_tlds.dict")];
  let ours = 0;
  let theirs = 0;
  let candidates = 0;
  let covered = 0;
  for (let round = 0; round < ROUNDS; round++)
    for (const d of DOMAINS) {
      const t = await runChild("dnstwist", ["--format", "list", ...files, d], {
        timeoutMs: 120_000,
      });
      if (t.code !== 0) throw new Error(`dnstwist ${d} failed: ${t.stderr}`);
      const o = await runChild(
        process.execPath,
        [CLI, "lookalike", "generate", d, ...files, "--any-idn"],
        { timeoutMs: 120_000 },
      );
      if (o.code !== 0) throw new Error(`dnsight ${d} failed: ${o.stderr}`);
      theirs += t.wallMs;
      ours += o.wallMs;
      if (round === 0) {
        const mine = new Set(o.stdout.trim().split("\n"));
        const ref = t.stdout.trim().split("\n").slice(1); // the first line is the original domain
        candidates += ref.length;
        covered += ref.filter((c) => mine.has(c)).length;
      }
    }
  const ratio = theirs / ours;
  const ok = ratio >= TARGET;
  console.log(
    `lookalike generate vs dnstwist --format list: ${DOMAINS.length} domains × ${ROUNDS} rounds, english.dict + common_tlds.dict`,
  );
  console.log(
    `  dnstwist          ${(theirs / 1000).toFixed(2).padStart(6)} s  (${fmt(theirs / (DOMAINS.length * ROUNDS))} ms a domain)`,
  );
  console.log(
    `  dnsight           ${(ours / 1000).toFixed(2).padStart(6)} s  (${fmt(ours / (DOMAINS.length * ROUNDS))} ms a domain)`,
  );
  console.log(`  dnstwist's candidates in dnsight's output: ${fmt(covered)}/${fmt(candidates)}`);
  console.log(`  ratio ${ratio.toFixed(2)}× faster (target ≥ ${TARGET}×) ${ok ? "PASS" : "MISS"}`);
  return ok;
}
