// A source store for the migrate tests, filled as a user fills one (`dnsight ingest`
// of a Zeek log and a COF file), plus registration histories written through the store
// contract (a fetch needs an RDAP server; the history is what matters here), and the
// CLI reads that tell two stores apart.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { emptyRecord } from "../../src/registration/record.js";
import { openStore } from "../../src/store/open.js";
import type { RegistrationSnapshot } from "../../src/store/types.js";
import { cli, ndjson } from "../helpers/cli.js";
import { zeekLog } from "../helpers/zeek-log.js";

const T = 1_700_000_000;

/** COF lines with every field the model keeps: bailiwick, sensor, each origin, the root. */
export function cofLines(): string {
  const lines = [
    { rrname: ".", rrtype: "NS", rdata: ["a.root-servers.net."], bailiwick: "." },
    {
      rrname: "example.org",
      rrtype: "NS",
      rdata: ["ns1.example.net."],
      bailiwick: "org",
      origin: "zone",
    },
    { rrname: "example.org", rrtype: "A", rdata: ["192.0.2.7"], sensor_id: "s2", origin: "active" },
    { rrname: "mail.example.org", rrtype: "MX", rdata: ["10 mx.example.net."], count: 17 },
    { rrname: "v6.example.org", rrtype: "AAAA", rdata: ["2001:db8::7"], sensor_id: "s3" },
    { rrname: "xn--bcher-kva.example", rrtype: "TXT", rdata: ['"b\\195\\188cher"'] },
  ];
  return (
    lines
      .map((l, i) =>
        JSON.stringify({ count: 1 + i, time_first: T - 86_400 * i, time_last: T + i, ...l }),
      )
      .join("\n") + "\n"
  );
}

export const HISTORY_KEYS = ["example.org", "as64500", "a-b.example", "example.com"];

function snapshot(key: string, fetchedAt: number, registrar: string): RegistrationSnapshot {
  const record = emptyRecord(key, {
    protocol: "rdap",
    server: "rdap.example",
    fetchedAt: new Date(fetchedAt * 1000).toISOString(),
    referrals: [],
  });
  record.status = "registered";
  record.registrar = { name: registrar };
  return { key, fetchedAt, record, raw: `{"handle":"${key}","registrar":"${registrar}"}` };
}

/** Histories of a few keys, `perKey` snapshots each, two of each fetched in the same second. */
export function snapshots(perKey: number): RegistrationSnapshot[] {
  return HISTORY_KEYS.flatMap((k) =>
    Array.from({ length: perKey }, (_, i) =>
      snapshot(k, T + Math.floor(i / 2) * 3600, `${k} registrar ${i}`),
    ),
  );
}

/** Ingests a Zeek log of `rows` lines and the COF lines into the SQLite store at `db`, and writes snapshots. */
export async function seedSource(
  dir: string,
  db: string,
  rows: number,
  names: number,
  perKey = 5,
): Promise<void> {
  const log = join(dir, `seed-${rows}.log`);
  writeFileSync(log, zeekLog(rows, names));
  const cof = join(dir, "seed.cof");
  writeFileSync(cof, cofLines());
  for (const args of [
    ["ingest", "zeek", log, "--sensor", "z1"],
    ["ingest", "cof", cof],
  ]) {
    const r = await cli([...args, "--db", db]);
    assert.equal(r.status, 0, r.stderr);
  }
  const store = await openStore(db);
  try {
    // In batches, as fetches come: one key's history spans several writes.
    const all = snapshots(perKey);
    for (let i = 0; i < all.length; i += 3)
      await store.registrations!.writeSnapshots(all.slice(i, i + 3));
  } finally {
    await store.close();
  }
}

/** `export cof` of a store, sorted (SQLite exports by name, ClickHouse by reversed name). */
export async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).sort();
}

/** `registration history --json` of every key. */
export async function histories(db: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const key of HISTORY_KEYS) {
    const r = await cli(["registration", "history", key, "--json", "--db", db]);
    assert.equal(r.status, 0, r.stderr);
    out.push(key, ndjson(r.stdout));
  }
  return out;
}

export const PDNS_QUERIES = [
  ["h7.example.com"],
  ["*.example.com"],
  ["*.example.org"],
  ["--rdata", "alias7.cdn.example.net"],
  ["198.51.0.0/24"],
  ["2001:db8::/32"],
  ["example.org", "--summarize"],
];

/** `pdns --json` answers of every query in PDNS_QUERIES. */
export async function pdnsAnswers(db: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of PDNS_QUERIES) {
    const r = await cli(["pdns", ...q, "--db", db, "--json"]);
    assert.equal(r.status, 0, `${q.join(" ")}: ${r.stderr}`);
    out.push(q.join(" "), ndjson(r.stdout));
  }
  return out;
}

/** The census table's rows by label: [from, to, mark]. */
export function censusRows(stdout: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of stdout.split("\n").slice(1).filter(Boolean)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)(?:\s+(DIFFERS))?$/.exec(line);
    assert.ok(m, `census line ${JSON.stringify(line)}`);
    rows.set(m[1]!, [m[2]!, m[3]!, m[4] ?? ""]);
  }
  return rows;
}
