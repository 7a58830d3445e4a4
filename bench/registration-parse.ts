// Bench: `dnsight registration parse --batch` over 1,000 real WHOIS and RDAP
// responses (the fixtures, cycled). Target: under 2 seconds for the whole command.
// Then field accuracy on the hand-checked WHOIS expectations (test/data/
// whois-expected.json), dnsight beside Debian's python3-whois as a yardstick: its
// parser is fed the saved text through do_parse() only (no query, no network).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { parseWhois } from "../src/registration/whois/parse.js";
import {
  EXPECTED,
  responseOf,
  score,
  table,
  total,
  type Reading,
} from "../test/unit/registration/_whois-score.js";
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
    return benchRegistrationAccuracy() && ok;
  } finally {
    tmp.remove();
  }
}

const ACCURACY_TARGET = 0.95;

// Debian python3-whois (DDarko's 0.8): do_parse(text, tld) then Domain(); TLDs it
// has no table for fall back to its .com table, as its query() would not.
const PY = String.raw`
import json, sys
from whois import _2_parse as p, _3_adjust as a
out = {}
for item in json.load(sys.stdin):
    tld = item["domain"].split(".")[-1]
    tld = "co_jp" if item["domain"].endswith(".co.jp") else tld
    try:
        pd = p.do_parse(item["text"], tld if tld in p.TLD_RE else "com")
        d = a.Domain(pd) if pd and pd["domain_name"][0] else None
    except Exception:
        d = None
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None
    out[item["id"]] = None if d is None else {"domain": d.name, "registrar": d.registrar,
        "created": iso(d.creation_date), "updated": iso(d.last_updated),
        "expires": iso(d.expiration_date), "nameservers": sorted(d.name_servers)}
print(json.dumps(out))
`;

/** python3-whois's readings by response id, or undefined when it is not installed. */
function pythonWhois(): Map<string, Reading | null> | undefined {
  const items = Object.keys(EXPECTED.responses).flatMap((id) => {
    const r = responseOf(id);
    return r === undefined ? [] : [{ id, ...r }];
  });
  const run = spawnSync("/usr/bin/python3", ["-c", PY], {
    input: JSON.stringify(items),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) return undefined;
  return new Map(Object.entries(JSON.parse(run.stdout) as Record<string, Reading | null>));
}

export function benchRegistrationAccuracy(): boolean {
  const ours = score((text, domain) => {
    const r = parseWhois(text, { domain });
    return {
      domain: r.domain,
      status: r.status,
      registrar: r.registrar.name,
      created: r.created,
      updated: r.updated,
      expires: r.expires,
      nameservers: r.nameservers.map((n) => n.name),
    };
  });
  const [ok, n] = total(ours);
  console.log(`WHOIS field accuracy, dnsight (hand-checked values, ${n} fields):`);
  for (const line of table(ours)) console.log(`  ${line}`);
  const py = pythonWhois();
  if (py === undefined) console.log("python3-whois: not installed (apt-get install python3-whois)");
  else {
    const byText = new Map<string, Reading>();
    for (const [id, r] of py) {
      const text = responseOf(id)?.text;
      // it has no status: a reading counts as "registered", none as "available"
      if (text !== undefined)
        byText.set(text, r === null ? { status: "available" } : { ...r, status: "registered" });
    }
    const theirs = score((text) => byText.get(text) ?? {});
    const [pok, pn] = total(theirs);
    console.log(
      "WHOIS field accuracy, Debian python3-whois 0.8 (same values, text fed to do_parse):",
    );
    for (const line of table(theirs)) console.log(`  ${line}`);
    console.log(`  python3-whois overall ${(pok / pn).toFixed(3)}`);
  }
  const pass = ok / n >= ACCURACY_TARGET;
  console.log(
    `dnsight overall ${(ok / n).toFixed(3)} (target >= ${ACCURACY_TARGET}) ${pass ? "PASS" : "MISSED"}`,
  );
  return pass;
}
