import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mutate, tokens } from "../mutate.js";
import { int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { cofLine, passiveDnsLine, records, zeekJson, zeekTsv } from "./log-lines.js";
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
