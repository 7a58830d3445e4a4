// Accuracy of the WHOIS parser against the likexian/whois-parser corpus: every
// "noterror" response is compared field by field with the library's expected
// JSON, and every "notfound" response must read as available (or reserved).
// The thresholds are what the parser reaches today, a little below; raise them
// as the parser improves (target: 95% overall).

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parseWhoisDate } from "../../../src/registration/whois/_dates.js";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { stripStatus } from "../../../src/registration/whois/status.js";

// The shared corpus sits beside the repository (as in whois-servers.test.ts).
const ROOT = fileURLToPath(new URL("../../../../shared/fixtures/whois/likexian", import.meta.url));
const NOTERROR = join(ROOT, "noterror");
const NOTFOUND = join(ROOT, "notfound");

const THRESHOLD: Record<string, number> = {
  status: 95.5,
  created: 99,
  updated: 97.5,
  expires: 99,
  registrar: 98,
  nameservers: 99,
  overall: 98.5,
};

interface Expected {
  domain?: {
    domain?: string;
    status?: string[];
    name_servers?: string[];
    created_date?: string;
    created_date_in_time?: string;
    updated_date?: string;
    updated_date_in_time?: string;
    expiration_date?: string;
    expiration_date_in_time?: string;
  };
  registrar?: { name?: string };
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const setOf = (xs: string[]): string =>
  [...new Set(xs.map(norm).filter((x) => x !== ""))].sort().join(",");

/** The expected instant: the raw string read by our parser, else likexian's own reading. */
function expectedInstant(raw: string | undefined, inTime: string | undefined): number | undefined {
  const iso = (raw !== undefined ? parseWhoisDate(raw) : undefined) ?? inTime;
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Raw status words without URLs and bracketed remarks (JPRS "Connected (2024/03/31)"). */
function rawPieces(raw: string[]): string[] {
  return raw.flatMap((r) =>
    stripStatus(r)
      .replace(/\s*\([^)]*\)/g, "")
      .split(/,\s*/),
  );
}

const responses = (existsSync(NOTERROR) ? readdirSync(NOTERROR) : []).filter(
  (f) => !f.endsWith(".json") && !f.endsWith(".pre") && !f.endsWith(".md"),
);

describe("WHOIS parser accuracy (likexian corpus)", { skip: responses.length === 0 }, () => {
  it("reaches the recorded per-field accuracy on the noterror responses", () => {
    const score: Record<string, { ok: number; total: number; misses: string[] }> = {};
    const mark = (field: string, file: string, ok: boolean, detail: string) => {
      const s = (score[field] ??= { ok: 0, total: 0, misses: [] });
      s.total += 1;
      if (ok) s.ok += 1;
      else s.misses.push(`${file}: ${detail}`);
    };
    for (const file of responses) {
      const jsonPath = join(NOTERROR, `${file}.json`);
      if (!existsSync(jsonPath)) continue;
      const expected = JSON.parse(readFileSync(jsonPath, "utf8")) as Expected;
      const d = expected.domain ?? {};
      const r = parseWhois(readFileSync(join(NOTERROR, file), "utf8"), { domain: d.domain });
      if (d.status && d.status.length > 0) {
        const want = setOf(d.status);
        const ok = want === setOf(r.eppStatus) || want === setOf(rawPieces(r.rawStatus));
        mark(
          "status",
          file,
          ok,
          `want ${want} got epp ${setOf(r.eppStatus)} raw ${setOf(rawPieces(r.rawStatus))}`,
        );
      }
      for (const [field, key] of [
        ["created", "created_date"],
        ["updated", "updated_date"],
        ["expires", "expiration_date"],
      ] as const) {
        const want = expectedInstant(d[key], d[`${key}_in_time`]);
        if (want === undefined) continue;
        const got = r[field] !== undefined ? Date.parse(r[field]) : undefined;
        mark(field, file, got === want, `want ${new Date(want).toISOString()} got ${r[field]}`);
      }
      if (expected.registrar?.name) {
        // likexian keeps trailing remarks ("Megazone(http://HOSTING.KR)", "[Tag = X]")
        // that we drop; either form counts.
        const name = expected.registrar.name;
        const wants = [norm(name), norm(name.replace(/\([^)]*\)|\[[^\]]*\]/g, ""))];
        const got = norm(r.registrar.name ?? "");
        mark("registrar", file, wants.includes(got), `want ${name} got ${r.registrar.name}`);
      }
      if (d.name_servers && d.name_servers.length > 0) {
        const want = setOf(d.name_servers.map((n) => n.replace(/\.$/, "")));
        const got = setOf(r.nameservers.map((n) => n.name));
        mark("nameservers", file, want === got, `want ${want} got ${got}`);
      }
    }
    let ok = 0;
    let total = 0;
    const failures: string[] = [];
    for (const [field, s] of Object.entries(score)) {
      ok += s.ok;
      total += s.total;
      const pct = (100 * s.ok) / s.total;
      console.log(`# whois accuracy ${field}: ${s.ok}/${s.total} = ${pct.toFixed(1)}%`);
      if (process.env.WHOIS_ACCURACY_VERBOSE)
        for (const m of s.misses) console.log(`#   miss ${field} ${m}`);
      if (pct < (THRESHOLD[field] ?? 0))
        failures.push(`${field} ${pct.toFixed(1)}% < ${THRESHOLD[field]}%`);
    }
    const overall = (100 * ok) / total;
    console.log(`# whois accuracy overall: ${ok}/${total} = ${overall.toFixed(1)}%`);
    if (overall < (THRESHOLD.overall ?? 0))
      failures.push(`overall ${overall.toFixed(1)}% < ${THRESHOLD.overall}%`);
    assert.deepEqual(failures, []);
  });

  it("reads every notfound response as available (reserved names as reserved)", () => {
    const wrong: string[] = [];
    for (const file of readdirSync(NOTFOUND)) {
      const r = parseWhois(readFileSync(join(NOTFOUND, file), "utf8"));
      if (r.status !== "available" && r.status !== "reserved") wrong.push(`${file}: ${r.status}`);
    }
    console.log(
      `# whois accuracy notfound: ${readdirSync(NOTFOUND).length - wrong.length}/${readdirSync(NOTFOUND).length}`,
    );
    assert.deepEqual(wrong, []);
  });
});
