// `dnsight lookalike match` through the CLI: names from a file or stdin (plain and COF
// lines), hits as TSV or JSON lines with the technique, bad lines counted not fatal.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("lookalike-match");
after(() => tmp.remove());

describe("lookalike match (CLI)", () => {
  const brands = join(tmp.path, "brands.txt");
  const names = join(tmp.path, "names.txt");
  writeFileSync(brands, "# brands\npaypal.com\ngoogle.com\n");
  writeFileSync(
    names,
    [
      "xn--pypal-4ve.com",
      "not a name",
      '{"rrname":"paypal-secure.net.","rrtype":"A","rdata":"192.0.2.1","count":3}',
      "example.org",
      "gogle.de",
      "{broken json",
    ].join("\n"),
  );

  it("prints hits as TSV, counts what it skipped", async () => {
    const r = await cli(["lookalike", "match", "--brands", brands, names]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'xn--pypal-4ve.com\tpaypal.com\thomoglyph\t0.95\t"xn--pypal-4ve" (pаypal) reads as "paypal" (а U+0430 for a)',
        'paypal-secure.net\tpaypal.com\tcombosquat\t0.9\t"paypal" as a word of its own in "paypal-secure", beside a word phishing uses',
        'gogle.de\tgoogle.com\tomission\t0.9\t"gogle" is "google" with one o of a double dropped',
        "",
      ].join("\n"),
    );
    assert.match(
      r.stderr,
      /matched 4 names against 2 brands: 3 hits; skipped 2 lines that are not domain names \(first at .*names\.txt:2\)/,
    );
  });

  it("reads stdin and prints JSON lines with the technique", async () => {
    const r = await cli(["lookalike", "match", "--brands", brands, "--json"], {
      stdin: "paypa1.com\n",
    });
    assert.deepEqual(ndjson(r.stdout), [
      {
        name: "paypa1.com",
        brand: "paypal.com",
        method: "homoglyph",
        score: 0.95,
        token: "paypa1",
        reason: '"paypa1" reads as "paypal" (1 for l)',
        technique: "T1583.001",
      },
    ]);
  });

  it("--alert stores each hit as a T1583.001 alert from a feed", async () => {
    const d = join(tmp.path, "feed.db");
    const r = await cli(["lookalike", "match", "--brands", brands, names, "--alert", "--db", d]);
    assert.match(r.stderr, /3 new alerts, 0 seen again/);
    const listed = ndjson<{ rule: string; entity: string; key: string; analytics: string[] }>(
      (await cli(["alerts", "--format", "json", "--db", d])).stdout,
    );
    assert.deepEqual(
      listed.map((a) => `${a.rule} ${a.entity} ${a.key} ${a.analytics.join()}`).sort(),
      [
        "lookalike.seen gogle.de google.com AN2024",
        "lookalike.seen paypal-secure.net paypal.com AN2024",
        "lookalike.seen xn--pypal-4ve.com paypal.com AN2024",
      ],
    );
    const again = await cli([
      "lookalike",
      "match",
      "--brands",
      brands,
      names,
      "--alert",
      "--db",
      d,
    ]);
    assert.match(again.stderr, /0 new alerts, 3 seen again/);
  });

  it("an alert from a feed on stdin names it in words, with no placeholder", async () => {
    const d = join(tmp.path, "stdin.db");
    const r = await cli(["lookalike", "match", "--brands", brands, "-", "--alert", "--db", d], {
      stdin: "paypal-secure.net\n",
    });
    assert.equal(r.status, 0, r.stderr);
    const [a] = ndjson<{ summary: string }>(
      (await cli(["alerts", "--format", "json", "--db", d])).stdout,
    );
    assert.equal(
      a!.summary,
      "paypal-secure.net imitates paypal.com (combosquat) and is listed in a feed read from standard input",
    );
    assert.doesNotMatch(a!.summary, /(?:^|\s)-(?:\s|$)|undefined|null|NaN/);
  });

  it("says what is missing", async () => {
    assert.equal((await cli(["lookalike", "match", names])).status, 2);
    const r = await cli(["lookalike", "match", "--brands", join(tmp.path, "nope.txt"), names]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot read brands .*nope\.txt: ENOENT/);
  });

  it("ingest raises a T1583.001 alert for a watched brand's lookalike it brings in", async () => {
    const d = join(tmp.path, "ingest.db");
    assert.equal(
      (await cli(["watch", "add", "paypal.com", "--kind", "brand", "--db", d])).status,
      0,
    );
    const cof = join(tmp.path, "pdns.cof");
    const row = (rrname: string) =>
      JSON.stringify({
        rrname,
        rrtype: "A",
        rdata: "192.0.2.7",
        time_first: 1_763_000_000,
        time_last: 1_763_000_000,
        count: 1,
      });
    writeFileSync(cof, `${row("paypa1.com")}\n${row("example.org")}\n${row("www.paypal.com")}\n`);
    const r = await cli(["ingest", "cof", cof, "--db", d]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /alert al-[0-9a-f]{20}: paypa1\.com imitates paypal\.com \(homoglyph\)/);
    assert.match(r.stderr, /1 new alerts/);
    const listed = ndjson<{ entity: string; rule: string; analytics: string[] }>(
      (await cli(["alerts", "--technique", "T1583.001", "--format", "json", "--db", d])).stdout,
    );
    assert.deepEqual(
      listed.map((a) => `${a.rule} ${a.entity} ${a.analytics.join()}`),
      ["lookalike.seen paypa1.com AN2024"],
    );
    // The same names again: the alert is seen again, not raised again.
    const again = await cli(["ingest", "cof", cof, "--db", d, "--restart"]);
    assert.doesNotMatch(again.stderr, /new alerts/);
  });

  it("ingest raises T1584.001 when a watched name shows up on an address in a new network and country", async () => {
    const d = join(tmp.path, "watched.db");
    assert.equal((await cli(["watch", "add", "shop.test", "--db", d])).status, 0);
    const row = (rrname: string, rdata: string, t: number) =>
      JSON.stringify({ rrname, rrtype: "A", rdata, time_first: t, time_last: t, count: 1 });
    const first = join(tmp.path, "first.cof");
    writeFileSync(first, `${row("shop.test", "8.8.8.8", 1_763_000_000)}\n`);
    const base = await cli(["ingest", "cof", first, "--db", d]);
    assert.doesNotMatch(base.stderr, /alert/, "a first sighting is the baseline");
    const second = join(tmp.path, "second.cof");
    writeFileSync(
      second,
      `${row("shop.test", "8.8.8.8", 1_763_100_000)}\n${row("www.shop.test", "8.8.4.4", 1_763_100_000)}\n${row("shop.test", "193.0.6.139", 1_763_200_000)}\n`,
    );
    const r = await cli(["ingest", "cof", second, "--db", d]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /alert al-[0-9a-f]{20}: shop\.test resolves to 193\.0\.6\.139 \(AS3333 .*, NL\), a network and a country it never used before \(T1584\.001\)/,
    );
    assert.match(r.stderr, /1 new alerts/);
    const listed = ndjson<{ rule: string; severity: string; dataComponents: string[] }>(
      (await cli(["alerts", "--format", "json", "--db", d])).stdout,
    );
    assert.deepEqual(
      listed.map((a) => `${a.rule} ${a.severity} ${a.dataComponents.join()}`),
      ["dns.new-address high DC0096"],
    );
  });
});
