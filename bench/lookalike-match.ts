// Bench (issue 5): `dnsight lookalike match` over 10M names against 1,000 brand
// domains, one process, end to end (read, match, print). Target: ≤ 60 s on this
// 2-core machine; names/s and peak RSS reported, and the share of the planted
// lookalikes found. Inputs are generated once and cached.
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { cacheDir, domainName, rng } from "./_pdns-gen.js";
import { fmt, runChild } from "./_util.js";

const NAMES = Number(process.env.BENCH_MATCH_NAMES ?? 10_000_000);
const BRANDS = 1000;
const VERSION = `lookalike-match-v1-${NAMES}`;
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const TARGET_S = 60;
const TLDS = ["com", "net", "org", "io", "shop", "xyz", "online", "de", "co.uk"];

/** A typo of a brand label, as a squatter would register it. */
function typo(label: string, rand: () => number): string {
  const i = 1 + Math.floor(rand() * (label.length - 2));
  switch (Math.floor(rand() * 5)) {
    case 0:
      return label.slice(0, i) + label.slice(i + 1); // omission
    case 1:
      return label.slice(0, i) + label[i + 1] + label[i] + label.slice(i + 2); // transposition
    case 2:
      return label.slice(0, i) + label[i] + label.slice(i); // repetition
    case 3:
      return `${label}-${["login", "secure", "support", "account"][Math.floor(rand() * 4)]}`; // combosquatting
    default:
      return label.replace("o", "0").replace("l", "1"); // digit glyphs (may leave it unchanged)
  }
}

function inputs(): { brands: string; names: string; planted: number } {
  const dir = cacheDir(VERSION);
  const brands = join(dir, "brands.txt");
  const names = join(dir, "names.txt");
  const meta = join(dir, "meta.json");
  if (existsSync(meta))
    return { brands, names, ...(JSON.parse(readFileSync(meta, "utf8")) as { planted: number }) };
  const t0 = performance.now();
  // Brands: distinct generated registrable names (long enough to be fuzzed, like real brands).
  const brandList = Array.from({ length: BRANDS }, (_, j) => domainName(5_000_000 + j * 7919));
  writeFileSync(brands, `${brandList.join("\n")}\n`);
  const rand = rng(4242);
  const fd = openSync(`${names}.tmp`, "w");
  let planted = 0;
  let buf = "";
  const plantedList: string[] = [];
  for (let i = 0; i < NAMES; i++) {
    if (rand() < 0.01) {
      const b = brandList[Math.floor(rand() * BRANDS)]!;
      const [label] = b.split(".");
      const t = typo(label!, rand);
      if (t !== label) {
        planted++;
        const name = `${t}.${TLDS[Math.floor(rand() * TLDS.length)]}`;
        plantedList.push(name);
        buf += `${name}\n`;
      } else buf += `${domainName(20_000_000 + i)}\n`;
    } else buf += `${domainName(20_000_000 + i)}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = "";
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  renameSync(`${names}.tmp`, names);
  writeFileSync(join(dir, "planted.txt"), `${plantedList.join("\n")}\n`);
  writeFileSync(meta, JSON.stringify({ planted }));
  console.log(
    `  generated ${fmt(NAMES)} names (${fmt(planted)} planted lookalikes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { brands, names, planted };
}

export async function benchLookalikeMatch(): Promise<boolean> {
  const { brands, names, planted } = inputs();
  console.log(`lookalike match: ${fmt(NAMES)} names against ${BRANDS} brands, ${names}`);
  const r = await runChild(
    process.execPath,
    [CLI, "lookalike", "match", "--brands", brands, names],
    { timeoutMs: 900_000 },
  );
  if (r.code !== 0) throw new Error(`lookalike match failed (${r.code}): ${r.stderr}`);
  const hitNames = new Set(
    r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t")[0]),
  );
  // Recall: how many planted lookalikes were reported (a planted name may repeat).
  const plantedNames = readFileSync(join(cacheDir(VERSION), "planted.txt"), "utf8")
    .split("\n")
    .filter(Boolean);
  const found = plantedNames.filter((n) => hitNames.has(n)).length;
  const seconds = r.wallMs / 1000;
  const ok = seconds <= TARGET_S;
  console.log(`  ${r.stderr.trim()}`);
  console.log(
    `  distinct names reported ${fmt(hitNames.size)}; planted lookalikes found ${fmt(found)}/${fmt(planted)} (${((100 * found) / planted).toFixed(1)}%)`,
  );
  console.log(
    `  ${seconds.toFixed(1)} s, ${fmt(NAMES / seconds)} names/s, peak RSS ${fmt(r.peakRssKb / 1024)} MB (target ≤ ${TARGET_S} s) ${ok ? "PASS" : "MISS"}`,
  );
  return ok;
}
