// Bench (issues 5 and 12): `dnsight lookalike generate` against `dnstwist --format list`
// for a 25-brand list, whole processes, same dictionary and TLD files: dnstwist once per
// domain (it takes one), dnsight once for the whole list (`lookalike generate - <
// brands`). Target: dnsight at least 5× faster end to end. One dnsight process per
// domain is timed too, to show what start-up costs. The outputs are compared as well
// (dnstwist's candidates dnsight also gives, with --any-idn as dnstwist keeps every IDN).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, runChild } from "./_util.js";

const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const FIX = fileURLToPath(new URL("../../shared/fixtures/lookalike/", import.meta.url));
export const BRANDS_25 = [
  "paypal.com",
  "microsoft.com",
  "google.co.uk",
  "apple.com",
  "amazon.com",
  "netflix.com",
  "github.com",
  "dropbox.com",
  "wikipedia.org",
  "yahoo.co.jp",
  "bbc.co.uk",
  "ing.nl",
  "allegro.pl",
  "bücher.de",
  "verylongdomainnameforlookalikes.com",
  "docusign.com",
  "americanexpress.com",
  "barclays.co.uk",
  "santander.com",
  "booking.com",
  "spotify.com",
  "revolut.com",
  "orange.fr",
  "laposte.fr",
  "steampowered.com",
];
const TARGET = 5;

/** One child with `input` on its stdin, timed. */
function runWithStdin(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString(),
        stderr,
        wallMs: performance.now() - t0,
      }),
    );
    child.stdin.end(input);
  });
}

export async function benchLookalikeGenerate(): Promise<boolean> {
  const files = ["--dictionary", join(FIX, "english.dict"), "--tld", join(FIX, "common_tlds.dict")];
  let theirs = 0;
  let perProcess = 0;
  const reference = new Map<string, string[]>();
  for (const d of BRANDS_25) {
    const t = await runChild("dnstwist", ["--format", "list", ...files, d], { timeoutMs: 300_000 });
    if (t.code !== 0) throw new Error(`dnstwist ${d} failed: ${t.stderr}`);
    theirs += t.wallMs;
    reference.set(d, t.stdout.trim().split("\n").slice(1)); // the first line is the domain itself
    const o = await runChild(
      process.execPath,
      [CLI, "lookalike", "generate", d, ...files, "--any-idn"],
      { timeoutMs: 300_000 },
    );
    if (o.code !== 0) throw new Error(`dnsight ${d} failed: ${o.stderr}`);
    perProcess += o.wallMs;
  }
  const all = await runWithStdin(
    [CLI, "lookalike", "generate", "-", ...files, "--any-idn"],
    `${BRANDS_25.join("\n")}\n`,
  );
  if (all.code !== 0) throw new Error(`dnsight generate - failed: ${all.stderr}`);
  const mine = new Set(all.stdout.trim().split("\n"));
  const given = new Set(BRANDS_25.map((d) => new URL(`http://${d}`).hostname));
  let candidates = 0;
  let covered = 0;
  for (const ref of reference.values()) {
    const wanted = ref.filter((c) => !given.has(c)); // a brand of the list is not its neighbour's lookalike
    candidates += wanted.length;
    covered += wanted.filter((c) => mine.has(c)).length;
  }
  const ratio = theirs / all.wallMs;
  const ok = ratio >= TARGET;
  const s = (ms: number): string => `${(ms / 1000).toFixed(2).padStart(6)} s`;
  console.log(
    `lookalike generate vs dnstwist --format list: ${BRANDS_25.length} brands, english.dict + common_tlds.dict`,
  );
  console.log(`  dnstwist, one process a domain          ${s(theirs)}`);
  console.log(`  dnsight, one process a domain           ${s(perProcess)}`);
  console.log(`  dnsight, one process for the list (-)   ${s(all.wallMs)}`);
  console.log(`  dnstwist's candidates in dnsight's output: ${fmt(covered)}/${fmt(candidates)}`);
  console.log(
    `  ratio ${ratio.toFixed(2)}× faster for the list (target ≥ ${TARGET}×; ${(theirs / perProcess).toFixed(2)}× one process a domain) ${ok ? "PASS" : "MISS"}`,
  );
  return ok;
}
