// Scores a WHOIS reader against test/data/whois-expected.json, the values read by
// hand from the shared corpora (and from the texts we wrote in a registry's layout,
// test/data/whois-made/). Shared by the accuracy test and the bench, which runs
// Debian's python3-whois through the same scoring.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIELDS = [
  "domain",
  "status",
  "registrar",
  "created",
  "updated",
  "expires",
  "nameservers",
] as const;
export type Field = (typeof FIELDS)[number];

export interface Reading {
  domain?: string | undefined;
  status?: string | undefined;
  registrar?: string | undefined;
  created?: string | undefined;
  updated?: string | undefined;
  expires?: string | undefined;
  nameservers?: string[] | undefined;
}

export interface Expected {
  domain: string | null;
  status: string;
  registrar: string | null;
  created: string | null;
  updated: string | null;
  expires: string | null;
  nameservers: string[];
  how: string;
}

const SHARED = fileURLToPath(new URL("../../../../shared/fixtures/whois/", import.meta.url));
const MADE = fileURLToPath(new URL("../../data/whois-made/", import.meta.url));
export const EXPECTED = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../data/whois-expected.json", import.meta.url)), "utf8"),
) as { responses: Record<string, Expected> };

/** The corpus an id belongs to: its first folder (likexian's two kept apart). */
export function corpusOf(id: string): string {
  const [a, b] = id.split("/");
  return a === "likexian" ? `likexian/${b}` : a!;
}

/** The raw text of a response and the domain that was asked. */
export function responseOf(id: string): { text: string; domain: string } | undefined {
  const corpus = corpusOf(id);
  const name = id.slice(id.lastIndexOf("/") + 1);
  let path: string;
  let domain = name;
  if (corpus === "whoisdomain") path = join(SHARED, id, "input");
  else if (corpus === "python-whois") path = join(SHARED, "python-whois/whois", name);
  else if (corpus === "made") {
    path = join(MADE, name);
    domain = name.replace(/\.txt$/, "");
  } else {
    path = join(SHARED, id);
    domain = name.slice(name.indexOf("_") + 1); // likexian names its files TLD_DOMAIN
  }
  return existsSync(path) ? { text: readFileSync(path, "utf8"), domain } : undefined;
}

// Letters and digits of any script, lowercased: "ODTÜ GELİŞTİRME" keeps its letters.
const norm = (s: string): string =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
const instant = (s: string | null | undefined): number | undefined =>
  s === null || s === undefined ? undefined : Date.parse(s);
const nsSet = (xs: readonly string[]): string =>
  [...new Set(xs.map((x) => x.toLowerCase().replace(/\.$/, "")))].sort().join(" ");

/**
 * Whether a field is scored, and whether it is right. A field counts when the text
 * gives it or the reader claims it: a value read where the text has none is a miss.
 */
export function judge(
  field: Field,
  want: Expected,
  got: Reading,
): { counted: boolean; ok: boolean; detail: string } {
  const w = want[field];
  const g = got[field];
  const empty = (v: unknown) =>
    v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  if (empty(w) && empty(g)) return { counted: false, ok: true, detail: "" };
  const detail = `want ${JSON.stringify(w)} got ${JSON.stringify(g)}`;
  if (empty(w) || empty(g)) return { counted: true, ok: false, detail };
  let ok: boolean;
  if (field === "nameservers") ok = nsSet(w as string[]) === nsSet(g as string[]);
  else if (field === "created" || field === "updated" || field === "expires")
    ok = Math.abs(instant(w as string)! - instant(g as string)!) < 1000;
  else ok = norm(w as string) === norm(g as string);
  return { counted: true, ok, detail };
}

export interface Score {
  /** corpus → field → [right, counted] */
  cells: Map<string, Map<Field, [number, number]>>;
  misses: string[];
}

export function score(read: (text: string, domain: string) => Reading): Score {
  const cells = new Map<string, Map<Field, [number, number]>>();
  const misses: string[] = [];
  for (const [id, want] of Object.entries(EXPECTED.responses)) {
    const r = responseOf(id);
    if (r === undefined) throw new Error(`${id}: listed in whois-expected.json, file missing`);
    const got = read(r.text, r.domain);
    const row = cells.get(corpusOf(id)) ?? new Map<Field, [number, number]>();
    cells.set(corpusOf(id), row);
    for (const field of FIELDS) {
      const j = judge(field, want, got);
      if (!j.counted) continue;
      const c = row.get(field) ?? [0, 0];
      c[1] += 1;
      if (j.ok) c[0] += 1;
      else misses.push(`${field} ${id}: ${j.detail}`);
      row.set(field, c);
    }
  }
  return { cells, misses };
}

/** Right and counted over the cells that match. */
export function total(s: Score, corpus?: string, field?: Field): [number, number] {
  let ok = 0;
  let n = 0;
  for (const [c, row] of s.cells) {
    if (corpus !== undefined && c !== corpus) continue;
    for (const [f, [o, t]] of row) {
      if (field !== undefined && f !== field) continue;
      ok += o;
      n += t;
    }
  }
  return [ok, n];
}

const pct = ([o, n]: [number, number]): string => (n === 0 ? "    -" : (o / n).toFixed(3));

/** The per-field, per-corpus table, one line per corpus and one for all. */
export function table(s: Score): string[] {
  const corpora = [...s.cells.keys()].sort();
  const head = ["corpus".padEnd(18), ...FIELDS.map((f) => f.padStart(11)), "all".padStart(7)];
  const lines = [head.join(" ")];
  for (const c of [...corpora, undefined]) {
    const cols = FIELDS.map((f) => pct(total(s, c, f)).padStart(11));
    lines.push([(c ?? "all").padEnd(18), ...cols, pct(total(s, c)).padStart(7)].join(" "));
  }
  return lines;
}
