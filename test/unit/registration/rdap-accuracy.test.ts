// Accuracy of the RDAP parser over every response in ../shared/fixtures/rdap/:
// each field is compared with what the JSON says, read by hand into
// test/data/rdap-expected.json. Prints per-field accuracy and fails below 95%
// overall. Every fixture file must be listed there, so a new one cannot be
// skipped unnoticed.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DnsightError } from "../../../src/errors.js";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { parseRdap } from "../../../src/registration/rdap/parse.js";

const ROOT = fileURLToPath(new URL("../../../../shared/fixtures/rdap/", import.meta.url));
const EXPECTED = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../data/rdap-expected.json", import.meta.url)), "utf8"),
) as Expected;
const OVERALL_THRESHOLD = 95;

type Instant = string | null;
interface Expected {
  domains: Record<
    string,
    {
      domain: string;
      status: string[];
      created: Instant;
      updated: Instant;
      expires: Instant;
      registrar: string;
      nameservers: string[];
    }
  >;
  redactions: {
    files: string[];
    expected: Record<string, string[]>;
    organization: string;
    country: string;
  };
  networks: Record<
    string,
    {
      start: string;
      end: string;
      name: string;
      organization: string | null;
      country: string;
      abuse: string;
      created: Instant;
      updated: Instant;
    }
  >;
  rejected: string[];
}

const source = {
  protocol: "rdap" as const,
  server: "fixture",
  fetchedAt: "2026-01-01T00:00:00Z",
  referrals: [],
};
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), "utf8"));

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

class Tally {
  private readonly counts = new Map<string, { ok: number; all: number; misses: string[] }>();
  check(field: string, file: string, want: unknown, got: unknown): void {
    const c = this.counts.get(field) ?? { ok: 0, all: 0, misses: [] };
    this.counts.set(field, c);
    c.all++;
    if (JSON.stringify(want) === JSON.stringify(got)) c.ok++;
    else c.misses.push(`${file}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  overall(): number {
    let ok = 0;
    let all = 0;
    for (const c of this.counts.values()) [ok, all] = [ok + c.ok, all + c.all];
    return (100 * ok) / all;
  }
  report(): string {
    const pct = (ok: number, all: number) => ((100 * ok) / all).toFixed(1).padStart(5);
    const lines = [...this.counts].map(
      ([f, c]) => `  ${f.padEnd(22)} ${pct(c.ok, c.all)}%  (${c.ok}/${c.all})`,
    );
    const misses = [...this.counts.values()].flatMap((c) => c.misses.map((m) => `    miss ${m}`));
    return [
      ...lines,
      `  ${"overall".padEnd(22)} ${this.overall().toFixed(1).padStart(5)}%`,
      ...misses,
    ].join("\n");
  }
}

const instant = (iso: string | undefined | null): number | null =>
  iso === undefined || iso === null ? null : Date.parse(iso);
const sorted = (xs: string[]): string[] => [...xs].sort();
const abuseEmail = (r: RegistrationRecord): string | null =>
  r.contacts.find((c) => c.role === "abuse" && c.email)?.email ?? null;

describe("RDAP parser accuracy over ../shared/fixtures/rdap", () => {
  const tally = new Tally();

  it("lists every fixture file in test/data/rdap-expected.json", () => {
    const listed = new Set([
      ...Object.keys(EXPECTED.domains),
      ...Object.keys(EXPECTED.networks),
      ...EXPECTED.redactions.files,
      ...EXPECTED.rejected,
    ]);
    const unlisted = walk(ROOT)
      .map((f) => relative(ROOT, f))
      .filter((f) => !listed.has(f));
    assert.deepEqual(unlisted, [], "fixtures without expected values");
  });

  it("domains: status, dates, registrar and name servers", () => {
    for (const [file, want] of Object.entries(EXPECTED.domains)) {
      const r = parseRdap(read(file), { source });
      tally.check("domain", file, want.domain, r.domain);
      tally.check("status", file, sorted(want.status), sorted(r.eppStatus));
      tally.check("created", file, instant(want.created), instant(r.created));
      tally.check("updated", file, instant(want.updated), instant(r.updated));
      tally.check("expires", file, instant(want.expires), instant(r.expires));
      tally.check("registrar", file, want.registrar, r.registrar.name ?? null);
      tally.check(
        "nameservers",
        file,
        sorted(want.nameservers),
        sorted(r.nameservers.map((n) => n.name)),
      );
    }
  });

  it("IP networks and AS numbers: range, name, organisation, country, abuse contact, dates", () => {
    for (const [file, want] of Object.entries(EXPECTED.networks)) {
      const r = parseRdap(read(file), { source });
      const n = r.network;
      tally.check("network.range", file, [want.start, want.end], [n?.start, n?.end]);
      tally.check("network.name", file, want.name, n?.name ?? null);
      tally.check("network.organization", file, want.organization, n?.organization ?? null);
      tally.check("network.country", file, want.country, n?.country ?? null);
      tally.check("network.abuse", file, want.abuse, abuseEmail(r));
      tally.check("created", file, instant(want.created), instant(r.created));
      tally.check("updated", file, instant(want.updated), instant(r.updated));
    }
  });

  it("RFC 9537 redactions are recorded as redacted fields, not read as data", () => {
    const { files, expected, organization, country } = EXPECTED.redactions;
    for (const file of files) {
      const r = parseRdap(read(file), { source, name: "icann.org" });
      for (const [role, fields] of Object.entries(expected)) {
        const got = r.contacts.find((c) => c.role === role)?.redacted ?? null;
        tally.check("redacted", `${file} ${role}`, sorted(fields), got && sorted(got));
      }
      const registrant = r.contacts.find((c) => c.role === "registrant");
      tally.check("contact.organization", file, organization, registrant?.organization ?? null);
      tally.check("contact.country", file, country, registrant?.country ?? null);
    }
  });

  it("refuses entity and nameserver objects with a one-line error", () => {
    for (const file of EXPECTED.rejected) {
      assert.throws(
        () => parseRdap(read(file), { source }),
        (e: unknown) =>
          e instanceof DnsightError && e.code === "INPUT" && !e.message.includes("\n"),
        file,
      );
    }
  });

  it(`reaches ${OVERALL_THRESHOLD}% overall`, () => {
    console.log(`RDAP parser accuracy (fixtures/rdap):\n${tally.report()}`);
    assert.ok(
      tally.overall() >= OVERALL_THRESHOLD,
      `overall ${tally.overall().toFixed(1)}% is below ${OVERALL_THRESHOLD}%\n${tally.report()}`,
    );
  });
});
