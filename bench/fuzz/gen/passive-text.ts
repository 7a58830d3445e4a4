import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { ResourceRecord } from "../../../src/dns/wire/message.js";
import { decodeMessage } from "../../../src/dns/wire/message.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { resourceRecord } from "./dns-arbitraries.js";
import { fixtureMessages } from "./dns.js";
import { cat, FIXTURES, hostile, repeat, type Recipe } from "./recipe.js";

// Inputs for the line-oriented ingest sources: COF (NDJSON), Zeek dns.log as TSV with its
// header and as JSON lines, and passivedns sensor logs. Lines are built from real records
// (the pcap fixtures' answers, fast-check's records), then mutated as text; hostile ones
// are a line past the 1 MiB cap, a hundred thousand lines, an answers column of a hundred
// thousand entries, a #fields header as wide.

const MAX = 4 << 20;
/**
 * Hostile files stop at 256 KiB: a file has no size cap, so what matters is that the cost
 * stays linear, which a quadratic path shows long before that (at 256 KiB a linear parse
 * is far under the stall limit, a quadratic one far over). A single line is the exception:
 * shapes named "…over the cap" go past the 1 MiB line cap.
 */
const HOSTILE_FILE = 256 << 10;

interface Rec {
  name: string;
  type: string;
  data: string;
}

async function records(seed: number): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const b of await fixtureMessages()) {
    try {
      const m = decodeMessage(b);
      for (const rr of [...m.answers, ...m.authorities]) out.push(rr);
    } catch {
      // cut short by the capture
    }
  }
  for (const rr of fc.sample(resourceRecord(), { seed, numRuns: 600 }) as ResourceRecord[])
    out.push(rr);
  return out.map((rr) => ({
    name: rr.name.replace(/\.$/, "") || ".",
    type: rr.type,
    data: rr.data,
  }));
}

const ts = (r: Rng): number =>
  1_600_000_000 + int(r, 0, 100_000_000) + (chance(r, 0.5) ? int(r, 0, 999_999) / 1e6 : 0);

function cofLine(x: Rec, r: Rng): string {
  const first = ts(r);
  const o: Record<string, unknown> = {
    rrname: x.name,
    rrtype: chance(r, 0.1) ? int(r, 0, 65535) : x.type,
    rdata: chance(r, 0.5) ? [x.data] : x.data,
    time_first: chance(r, 0.1) ? String(first) : first,
    time_last: first + int(r, 0, 1000),
    count: int(r, 0, 5000),
  };
  if (chance(r, 0.3)) o.bailiwick = "example.com";
  if (chance(r, 0.2)) o.sensor_id = "s1";
  if (chance(r, 0.2)) o.origin = pick(r, ["passive", "active", "zone", "x"]);
  if (chance(r, 0.1)) {
    o.zone_time_first = o.time_first;
    delete o.time_first;
  }
  return JSON.stringify(o);
}

const ZEEK_FIELDS = [
  "ts",
  "uid",
  "id.orig_h",
  "id.orig_p",
  "id.resp_h",
  "id.resp_p",
  "proto",
  "trans_id",
  "query",
  "qtype_name",
  "rcode_name",
  "AA",
  "answers",
  "TTLs",
  "rejected",
];

/** Zeek's flattened answers for a record, a CNAME chain now and then. */
function zeekAnswers(x: Rec, r: Rng, all: readonly Rec[]): { qtype: string; answers: string[] } {
  if (x.type === "TXT")
    return { qtype: "TXT", answers: [`TXT ${x.data.length} ${x.data.replace(/"/g, "")}`] };
  const answers = [x.data.replace(/\.$/, "")];
  if (chance(r, 0.3)) for (let n = int(r, 1, 4); n > 0; n--) answers.unshift(pick(r, all).name);
  if (chance(r, 0.2)) answers.push(`${int(r, 1, 223)}.0.2.${int(r, 0, 255)}`, "2001:db8::1");
  return { qtype: x.type, answers };
}

function zeekTsv(xs: Rec[], r: Rng, all: readonly Rec[]): string {
  const fields = chance(r, 0.8) ? ZEEK_FIELDS : [...ZEEK_FIELDS].sort(() => r() - 0.5);
  const sep = chance(r, 0.9) ? "\t" : pick(r, [",", "|", " "]);
  const head = [
    `#separator ${sep === "\t" ? "\\x09" : `\\x${sep.charCodeAt(0).toString(16)}`}`,
    `#set_separator${sep}${pick(r, [",", ";"])}`,
    `#empty_field${sep}(empty)`,
    `#unset_field${sep}-`,
    `#path${sep}dns`,
    `#fields${sep}${fields.join(sep)}`,
  ];
  const setSep = head[1]!.slice(-1);
  const lines = xs.map((x) => {
    const z = zeekAnswers(x, r, all);
    const v: Record<string, string> = {
      ts: String(ts(r)),
      uid: "C1",
      "id.orig_h": "10.0.0.2",
      "id.orig_p": "51000",
      "id.resp_h": pick(r, ["10.0.0.1", "2001:db8::53", "-"]),
      "id.resp_p": "53",
      proto: "udp",
      trans_id: String(int(r, 0, 65535)),
      query: x.name,
      qtype_name: z.qtype,
      rcode_name: pick(r, ["NOERROR", "NXDOMAIN", "-"]),
      AA: pick(r, ["T", "F"]),
      answers: chance(r, 0.05) ? "-" : z.answers.join(setSep),
      TTLs: z.answers.map(() => String(int(r, 0, 86400))).join(setSep),
      rejected: chance(r, 0.05) ? "T" : "F",
    };
    return fields.map((f) => v[f]).join(sep);
  });
  return [...head, ...lines].join("\n") + "\n";
}

function zeekJson(x: Rec, r: Rng, all: readonly Rec[]): string {
  const z = zeekAnswers(x, r, all);
  return JSON.stringify({
    ts: chance(r, 0.1) ? String(ts(r)) : ts(r),
    uid: "C1",
    "id.resp_h": pick(r, ["10.0.0.1", "2001:db8::53", 7]),
    query: x.name,
    qtype_name: z.qtype,
    rcode_name: "NOERROR",
    answers: chance(r, 0.05) ? null : z.answers,
    TTLs: z.answers.map(() => int(r, 0, 86400)),
    rejected: chance(r, 0.05),
  });
}

function passiveDnsLine(x: Rec, r: Rng): string {
  const answer = x.type === "TXT" ? x.data.replace(/^"|"$/g, "") : x.data;
  if (chance(r, 0.2))
    return JSON.stringify({
      timestamp: String(ts(r)),
      client: "10.1.1.1",
      server: "8.8.8.8",
      class: pick(r, ["IN", "CH"]),
      query: x.name + ".",
      type: x.type,
      answer,
      ttl: 300,
      count: int(r, 0, 50),
    });
  return [
    ts(r),
    "10.1.1.1",
    "8.8.8.8",
    pick(r, ["IN", "IN", "CH"]),
    `${x.name}.`,
    x.type,
    chance(r, 0.05) ? "NXDOMAIN" : answer,
    int(r, 0, 86400),
    int(r, 1, 50),
  ].join("||");
}

const TEXT_TOKENS = tokens(
  "\n",
  "\r\n",
  "\t",
  "||",
  ",",
  '"',
  "{",
  "}",
  "[",
  "]",
  ":",
  "\\x09",
  "#fields\t",
  "#separator ",
  "-",
  "(empty)",
  "TXT 5 ",
  "NXDOMAIN",
  "\u00e9",
  "\xff",
  "null",
  "1e400",
  "-1",
);

/** A pool of `n` texts of 1..12 lines from `line`, made once per run. */
function pool(n: number, seed: number, make: (r: Rng) => string): Buffer[] {
  return Array.from({ length: n }, (_, i) =>
    Buffer.from(make(mulberry32(seed ^ (i * 7919))), "utf8"),
  );
}

function recipesOf(
  texts: Buffer[],
  shapes: Readonly<Record<string, (n: number) => Buffer>>,
): Recipe[] {
  const opts = { dictionary: TEXT_TOKENS, others: texts, text: true, max: MAX };
  return [
    { name: "lines mutated", weight: 85, make: (r) => mutate(pick(r, texts), r, opts) },
    { name: "lines as made", weight: 10, make: (r) => pick(r, texts) },
    ...hostile(shapes, 0.2, (shape, r) => shape(logSize(r, 1000, 150_000)).subarray(0, MAX)).map(
      (h) =>
        h.name.endsWith("over the cap")
          ? h
          : { ...h, make: (r: Rng) => h.make(r).subarray(0, HOSTILE_FILE) },
    ),
  ];
}

const LONG_LINE = (unit: string) => (n: number) =>
  repeat(unit, Math.max(n, 1_100_000 / unit.length));

export async function cofRecipes(seed: number): Promise<Recipe[]> {
  const recs = await records(seed);
  const fixture = readFileSync(join(FIXTURES, "pdns/data.json"));
  const texts = [
    fixture,
    ...pool(
      2000,
      seed,
      (r) =>
        Array.from({ length: int(r, 1, 8) }, () => cofLine(pick(r, recs), r)).join("\n") + "\n",
    ),
  ];
  return recipesOf(texts, {
    "line over the cap": LONG_LINE("x"),
    "many lines": (n) => repeat(fixture, n),
    "rdata array": (n) =>
      cat(
        '{"rrname":"a.example","rrtype":"A","time_first":1,"time_last":2,"rdata":[',
        repeat('"192.0.2.1",', n),
        '"192.0.2.2"]}\n',
      ),
    "deep rdata": (n) =>
      cat(
        '{"rrname":"a","rrtype":"A","time_first":1,"rdata":',
        repeat("[", n),
        repeat("]", n),
        "}\n",
      ),
    "long rrname": (n) =>
      cat('{"rrname":"', repeat("a.", n), '","rrtype":"NS","time_first":1,"rdata":"b"}\n'),
    "long TXT rdata": (n) =>
      cat('{"rrname":"a","rrtype":"TXT","time_first":1,"rdata":"', repeat('\\"a\\" ', n), '"}\n'),
    "blank lines": (n) => repeat("\n", n),
  });
}

export async function zeekTsvRecipes(seed: number): Promise<Recipe[]> {
  const recs = await records(seed);
  const texts = pool(2000, seed, (r) =>
    zeekTsv(
      Array.from({ length: int(r, 1, 6) }, () => pick(r, recs)),
      r,
      recs,
    ),
  );
  const head = texts[0]!.toString().split("\n").slice(0, 6).join("\n") + "\n";
  const row = (answers: string, qtype = "A") =>
    `1700000000\tC1\t10.0.0.2\t1\t10.0.0.1\t53\tudp\t1\twww.example.com\t${qtype}\tNOERROR\tF\t${answers}\t1\tF\n`;
  return recipesOf(texts, {
    "line over the cap": (n) => cat(head, LONG_LINE("x")(n)),
    "many lines": (n) => cat(head, repeat(row("192.0.2.1"), n)),
    "long CNAME chain": (n) => cat(head, row(repeat("a.example.com,", n).toString() + "192.0.2.1")),
    "many addresses": (n) => cat(head, row(repeat("192.0.2.1,", n).toString() + "192.0.2.2")),
    "TXT strings": (n) => cat(head, row(repeat("TXT 1 a ", n).toString(), "TXT")),
    "empty TXT strings": (n) => cat(head, row(repeat("TXT 0 ", n).toString(), "TXT")),
    "wide #fields": (n) =>
      cat("#separator \\x09\n#fields\t", repeat("ts\t", n), "query\tanswers\n1\tx\ty\n"),
    "many headers": (n) => repeat(head, n),
    "separator escapes": (n) =>
      cat("#separator ", repeat("\\x09", n), "\n#fields\tts\tquery\tanswers\n"),
    "one column, many separators": (n) => cat(head, repeat("\t", n)),
    "comment lines": (n) => repeat("#x\n", n),
  });
}

export async function zeekJsonRecipes(seed: number): Promise<Recipe[]> {
  const recs = await records(seed);
  const texts = pool(
    2000,
    seed,
    (r) =>
      Array.from({ length: int(r, 1, 6) }, () => zeekJson(pick(r, recs), r, recs)).join("\n") +
      "\n",
  );
  const line = (answers: string, qtype = "A") =>
    `{"ts":1700000000,"query":"www.example.com","qtype_name":"${qtype}","answers":[${answers}],"TTLs":[1]}\n`;
  return recipesOf(texts, {
    "line over the cap": (n) => cat('{"ts":1,"query":"', LONG_LINE("a")(n), '"}\n'),
    "many lines": (n) => repeat(line('"192.0.2.1"'), n),
    "long CNAME chain": (n) =>
      Buffer.from(line(repeat('"a.example.com",', n).toString() + '"192.0.2.1"')),
    "many addresses": (n) =>
      Buffer.from(line(repeat('"192.0.2.1",', n).toString() + '"192.0.2.2"')),
    "TXT strings": (n) => Buffer.from(line(`"${repeat("TXT 1 a ", n).toString()}"`, "TXT")),
    "deep answers": (n) =>
      Buffer.from(`{"ts":1,"query":"a","answers":${"[".repeat(n)}${"]".repeat(n)}}\n`),
    "many TTLs": (n) =>
      cat('{"ts":1,"query":"a","answers":["b.c"],"TTLs":[', repeat("1,", n), "1]}\n"),
  });
}

export async function passiveDnsRecipes(seed: number): Promise<Recipe[]> {
  const recs = await records(seed);
  const texts = pool(
    2000,
    seed,
    (r) =>
      Array.from({ length: int(r, 1, 8) }, () => passiveDnsLine(pick(r, recs), r)).join("\n") +
      "\n",
  );
  return recipesOf(texts, {
    "line over the cap": LONG_LINE("|"),
    "many lines": (n) =>
      repeat("1322849924.408856||10.1.1.1||8.8.8.8||IN||a.example.||A||192.0.2.1||60||5\n", n),
    "many separators": (n) => cat("1||", repeat("||", n), "\n"),
    "long TXT answer": (n) => cat("1||c||s||IN||a.||TXT||", repeat('"\\', n), "||1||1\n"),
    "long name": (n) => cat("1||c||s||IN||", repeat("a.", n), "||NS||b.||1||1\n"),
    "deep JSON": (n) => cat('{"timestamp":', repeat("[", n), repeat("]", n), "}\n"),
    "comment lines": (n) => repeat("#\n", n),
  });
}
