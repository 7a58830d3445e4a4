// Hostile lines for the line-oriented passive DNS readers (Zeek dns.log, passivedns,
// COF), each just under the 1 MiB line cap (sources/lines.ts): header lines the
// `#key value` pattern reads, runs the answer and TXT patterns scan, and lines that
// fan out into 100,000 answers or rdata. Timed from bytes to the last item.
import { fill, hostile, MiB, padded, type HostileCase } from "../../helpers/hostile.js";
import { readCof } from "../../../src/passive/sources/cof.js";
import { readPassiveDns } from "../../../src/passive/sources/passivedns.js";
import { readZeekDns, scanZeekKeys, type ZeekLine } from "../../../src/passive/sources/zeek.js";
import { ZeekRebuilds } from "../../../src/passive/zeek-rebuilds.js";
import { SkipCounter, type SourceItem } from "../../../src/passive/source.js";

/** Just under the line cap, so the reader reads the line rather than refusing it. */
const LINE = MiB - 64;

type Reader = (
  input: AsyncIterable<Uint8Array>,
  o: { name: string; skipped: SkipCounter },
) => AsyncIterable<SourceItem | readonly SourceItem[]>;

async function drain(read: Reader, text: string): Promise<number> {
  let n = 0;
  const input = (async function* () {
    yield Buffer.from(text);
  })();
  for await (const x of read(input, { name: "hostile", skipped: new SkipCounter() }))
    n += Array.isArray(x) ? x.length : 1;
  return n;
}

/**
 * The parser threads' way through a dns.log (range-parse.ts): each line's key found in
 * place, then each distinct answer rebuilt once.
 */
async function drainKeys(text: string): Promise<number> {
  const kept: ZeekLine[] = [];
  const keys = new Set<string>();
  const input = (async function* () {
    yield Buffer.from(text);
  })();
  await scanZeekKeys(
    input,
    { name: "hostile", skipped: new SkipCounter() },
    {
      seen: (key) => !keys.has(key) && keys.add(key) !== undefined,
      keep: (z) => kept.push(z),
    },
  );
  const rebuilds = new ZeekRebuilds();
  let n = 0;
  for (const z of kept) n += rebuilds.of(z, undefined, true).rows.length;
  return n;
}

const ZEEK_HEAD = "#separator \\x09\n#fields\tts\tquery\tqtype_name\tanswers\tTTLs\n";
const zeek = (text: () => string) =>
  hostile({ build: text, run: (t: string) => drain(readZeekDns, t) });
const pdns = (text: () => string) =>
  hostile({ build: text, run: (t: string) => drain(readPassiveDns, t) });
const cof = (text: () => string) => hostile({ build: text, run: (t: string) => drain(readCof, t) });

export const CASES: Record<string, HostileCase> = {
  "zeek: a header key of 1 MiB, then U+2028": zeek(() => `${padded("#", "a", "\u2028x", LINE)}\n`),
  "zeek: #fields then spaces": zeek(() => `${padded("#fields", " ", "x", LINE)}\n`),
  "zeek: #separator of escaped tabs": zeek(() => `${padded("#separator ", "\\x09", "", LINE)}\n`),
  "zeek: #fields with 250,000 columns and a row": zeek(
    () => `#fields\t${fill("ts\t", LINE / 2)}\n${fill("1\t", LINE / 2)}\n`,
  ),
  "zeek: 1 MiB of header lines": zeek(() => fill("#x y\n", MiB)),
  // Each line lacks the separators the scan looks for: a search per line to the end
  // of the chunk made this quadratic on the parser threads' path.
  // Half a MiB for the reader, each line a skipped row (its reason counted, ~2 µs): the
  // full MiB took 0.96 s of CPU against the 1 s limit on a quiet machine. The key pass,
  // where the quadratic search was, keeps the whole MiB (below).
  "zeek: 250,000 lines without a separator": zeek(() => ZEEK_HEAD + fill("1\n", MiB / 2)),
  "zeek: 90,000 answers in one row": zeek(
    () => `${ZEEK_HEAD}1\tq.example\tNS\t${padded("", "ns.example.,", "x", LINE - 80)}\t1\n`,
  ),
  "zeek: one answer of 1 MiB of labels": zeek(
    () => `${ZEEK_HEAD}1\tq.example\tNS\t${padded("", "ns.example.", "x", LINE - 80)}\t1\n`,
  ),
  "zeek: an answer of 1 MiB of labels that fails at its end": zeek(
    () => `${ZEEK_HEAD}1\tq.example\tCNAME\t${padded("", "a.", "!", LINE - 80)}\t1\n`,
  ),
  "zeek: 130,000 TXT strings in one answer": zeek(
    () => `${ZEEK_HEAD}1\tq.example\tTXT\t${padded("", "TXT 1 a ", "", LINE - 80)}\t1\n`,
  ),
  "zeek: a TXT answer claiming 1 MiB": zeek(
    () => `${ZEEK_HEAD}1\tq.example\tTXT\tTXT 999999999 ${fill("a", LINE - 100)}\t1\n`,
  ),
  "zeek: a JSON line with 100,000 answers": zeek(
    () =>
      `{"ts":1,"query":"q.example","qtype_name":"A","answers":[${padded("", '"192.0.2.1",', '"192.0.2.1"', LINE - 100)}]}\n`,
  ),
  "passivedns: a TXT answer of 1 MiB of quotes": pdns(
    () => `${padded("1||c||s||IN||q.example||TXT||", '"\\', "||60||1", LINE)}\n`,
  ),
  "passivedns: 1 MiB of separators": pdns(() => `${fill("||", LINE)}\n`),
  "passivedns: a name of 1 MiB": pdns(
    () => `${padded("1||c||s||IN||", "a.", "||A||192.0.2.1||60||1", LINE)}\n`,
  ),
  "passivedns: a bad timestamp of 1 MiB": pdns(
    () => `${padded("", "x", "||c||s||IN||q||A||192.0.2.1||60||1", LINE)}\n`,
  ),
  "cof: 100,000 rdata in one line": cof(
    () =>
      `{"rrname":"q.example","rrtype":"A","time_first":1,"rdata":[${padded("", '"192.0.2.1",', '"192.0.2.1"', LINE - 80)}]}\n`,
  ),
  "cof: an rrtype of 1 MiB of digits": cof(
    () => `{"rrname":"q.example","rrtype":"${fill("1", LINE - 80)}","time_first":1,"rdata":"x"}\n`,
  ),
  "cof: a TXT rdata of 1 MiB of quotes and backslashes": cof(
    () =>
      `{"rrname":"q.example","rrtype":"TXT","time_first":1,"rdata":"${fill('\\"', LINE - 80)}"}\n`,
  ),
};

// Every Zeek case again on the parser threads' path, which a file ingest takes.
for (const [name, c] of Object.entries(CASES))
  if (name.startsWith("zeek: "))
    CASES[`zeek key pass: ${name.slice(6)}`] = hostile({
      build: c.build as () => string,
      run: drainKeys,
    });
// The search once quadratic here took 1.55 s at 400k lines; the key pass is cheap per
// line, so it gets the whole MiB.
CASES["zeek key pass: 500,000 lines without a separator"] = hostile({
  build: () => ZEEK_HEAD + fill("1\n", MiB),
  run: drainKeys,
});
