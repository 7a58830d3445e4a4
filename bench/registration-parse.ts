// Bench: `dnsight registration parse --batch` over 1,000 real WHOIS and RDAP
// responses (the fixtures, cycled). Target: under 2 seconds for the whole command.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { fmt, runChild } from "./_util.js";

const N = 1000;
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const FIXTURES = fileURLToPath(new URL("../../shared/fixtures/", import.meta.url));

export async function benchRegistrationParse(): Promise<boolean> {
  const whoisDir = join(FIXTURES, "whois/likexian/noterror");
  const texts = readdirSync(whoisDir)
    .filter((f) => !f.endsWith(".json") && !f.endsWith(".pre") && !f.endsWith(".md"))
    .map((f) => ({
      server: `whois.nic.${f.split("_")[0]}`,
      domain: f.slice(f.indexOf("_") + 1),
      text: readFileSync(join(whoisDir, f), "utf8"),
    }));
  const rdapDir = join(FIXTURES, "rdap/meeb-whoisit");
  const rdaps = readdirSync(rdapDir)
    .filter((f) => /domain|ip|asn/.test(f))
    .map((f) => ({ rdap: JSON.parse(readFileSync(join(rdapDir, f), "utf8")) as unknown }));
  const inputs = [...texts, ...rdaps];
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(JSON.stringify(inputs[i % inputs.length]));
  const tmp = makeTmpDir("bench-parse");
  try {
    const file = join(tmp.path, "batch.ndjson");
    writeFileSync(file, lines.join("\n") + "\n");
    const r = await runChild(process.execPath, [CLI, "registration", "parse", "--batch", file], {
      timeoutMs: 60_000,
    });
    const out = r.stdout.trim().split("\n");
    const errors = out.filter((l) => l.includes('"error"')).length;
    const secs = r.wallMs / 1000;
    const ok = r.code === 0 && out.length === N && secs < 2;
    console.log(
      `registration parse --batch: ${fmt(N)} responses (${inputs.length} distinct) in ${secs.toFixed(2)} s, ${fmt(out.length)} lines out, ` +
        `${errors} with an error, peak RSS ${fmt(r.peakRssKb / 1024)} MB (target < 2 s) ${ok ? "PASS" : "MISSED"}`,
    );
    return ok;
  } finally {
    tmp.remove();
  }
}
