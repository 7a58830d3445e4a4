import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

// The threaded ingest of Zeek, passivedns and COF files must store exactly what
// one thread stores, and skip exactly what it skips, whatever the rounds cut:
// repeated answers counted before they are rebuilt, rows held across rounds.

const tmp = makeTmpDir("par");
after(() => tmp.remove());

const HEAD = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#fields\tts\tuid\tquery\tqtype_name\trcode_name\tanswers\tTTLs\trejected",
];

/** A log of every kind of line, repeated with moving times so rounds cut it anywhere. */
function mixedZeek(lines: number): string {
  const out = [...HEAD];
  for (let i = 0; i < lines; i++) {
    const k = i % 97;
    const ts = 1_700_000_000 + i * 0.25;
    switch (i % 9) {
      case 0:
        out.push(
          `${ts}\tC${i}\twww${k}.example.com\tA\tNOERROR\tedge${k % 5}.cdn.example.net,192.0.2.${k}\t60,60\tF`,
        );
        break;
      case 1:
        out.push(`${ts}\tC${i}\tmx${k}.example.com\tMX\tNOERROR\tmail.example.com\t300\tF`);
        break;
      case 2:
        out.push(`${ts}\tC${i}\ttxt${k % 3}.example.com\tTXT\tNOERROR\tTXT 11 hello world\t300\tF`);
        break;
      case 3:
        out.push(`${ts}\tC${i}\tgone${k}.example.com\tA\tNXDOMAIN\t-\t-\tF`);
        break;
      case 4:
        out.push(`not-a-time\tC${i}\tbad.example.com\tA\tNOERROR\t192.0.2.1\t60\tF`);
        break;
      case 5:
        out.push(
          JSON.stringify({
            ts,
            query: `j${k}.example.org`,
            qtype_name: "AAAA",
            answers: [`2001:db8::${k.toString(16)}`],
            TTLs: [60],
          }),
        );
        break;
      case 6:
        out.push(
          `${ts}\tC${i}\tns${k % 4}.example.com\tNS\tNOERROR\tns1.example.net,ns2.example.net\t300,300\tF`,
        );
        break;
      case 7:
        out.push(`${ts}\tC${i}\trej${k}.example.com\tA\tNOERROR\t192.0.2.9\t60\tT`);
        break;
      default:
        out.push(`${ts}\tC${i}\tbadip${k}.example.com\tA\tNOERROR\t300.1.2.3\t60\tF`);
    }
  }
  return out.join("\n") + "\n";
}

async function run(
  file: string,
  format: string,
  threads: string,
): Promise<{ cof: string; skipped: string }> {
  const db = join(tmp.path, `${format}-${threads}.db`);
  const r = await cli([
    "ingest",
    format,
    file,
    "--db",
    db,
    "--threads",
    threads,
    "--round-mb",
    "1",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const cof = await cli(["export", "cof", "--db", db]);
  return {
    cof: cof.stdout,
    skipped: /skipped (\d+): ([^\n]*)/.exec(r.stderr)?.slice(1).join(" ") ?? "",
  };
}

describe("threaded ingest", () => {
  it("Zeek: two threads store and skip exactly what one does", async () => {
    const file = join(tmp.path, "mixed.log");
    writeFileSync(file, mixedZeek(40_000)); // ~2.4 MB: three rounds at --round-mb 1
    const one = await run(file, "zeek", "1");
    const two = await run(file, "zeek", "2");
    assert.ok(one.cof.split("\n").length > 300);
    assert.equal(two.cof, one.cof);
    assert.equal(two.skipped, one.skipped);
    assert.match(one.skipped, /Zeek MX answer is lossy 4445/);
    assert.match(one.skipped, /bad ts "not-a-time" 4444/);
  });

  it("passivedns and COF: the same store either way", async () => {
    const pd = join(tmp.path, "pd.log");
    const cof = join(tmp.path, "in.cof");
    const pdLines: string[] = [];
    const cofLines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const k = i % 113;
      pdLines.push(
        `${1_700_000_000 + i}.5||10.0.0.1||10.0.0.53||IN||h${k}.example.com.||A||198.51.100.${k}||60||${1 + (i % 3)}`,
      );
      cofLines.push(
        JSON.stringify({
          rrname: `c${k}.example.com`,
          rrtype: "A",
          rdata: [`203.0.113.${k}`],
          time_first: 1_700_000_000 + i,
          time_last: 1_700_000_100 + i,
          count: 2,
        }),
      );
    }
    writeFileSync(pd, pdLines.join("\n") + "\n");
    writeFileSync(cof, cofLines.join("\n") + "\n");
    for (const [file, format] of [
      [pd, "passivedns"],
      [cof, "cof"],
    ] as const) {
      const one = await run(file, format, "1");
      const two = await run(file, format, "2");
      assert.ok(one.cof.split("\n").length > 100, format);
      assert.equal(two.cof, one.cof, format);
    }
  });
});
