// A brand's own other domains (issue 12): `lookalike match --owned FILE` and `watch add
// --kind brand --owned LIST` never report them, and report the lookalikes of each as
// the brand's (a homoglyph of the brand's second domain imitates the brand). Ingest and
// monitor read the owned list from the watch entry. Also --min-score, which shows the
// hits under the alert score with the reason they are there.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("lookalike-owned");
after(() => tmp.remove());

const brands = join(tmp.path, "brands.txt");
const owned = join(tmp.path, "owned.txt");
writeFileSync(brands, "github.com\nbooking.com\n");
writeFileSync(
  owned,
  "# what they own\ngithubusercontent.com\tgithub.com\nbookingholdings.com booking.com\n",
);

interface HitLine {
  name: string;
  brand: string;
  method: string;
  score: number;
  token: string;
  via?: string;
  reason: string;
}

const cof = (names: string[]): string =>
  names
    .map((rrname) =>
      JSON.stringify({
        rrname,
        rrtype: "A",
        rdata: "192.0.2.9",
        time_first: 1.7e9,
        time_last: 1.7e9,
        count: 1,
      }),
    )
    .join("\n") + "\n";

describe("owned names", () => {
  it("lookalike match --owned: never reports them; their lookalikes are the brand's, via the owned domain", async () => {
    const names =
      "githubusercontent.com\nraw.githubusercontent.com\ngithubusercontant.com\nbookingholdings.com\nbookinghold1ngs.com\n";
    const without = await cli(["lookalike", "match", "--brands", brands, "--json", "-"], {
      stdin: names,
    });
    assert.ok(
      ndjson<HitLine>(without.stdout).some((h) => h.name === "githubusercontent.com"),
      "without the list, the brand's own domain looks like a combosquat",
    );
    const r = await cli(
      ["lookalike", "match", "--brands", brands, "--owned", owned, "--json", "-"],
      { stdin: names },
    );
    assert.equal(r.status, 0, r.stderr);
    const hits = ndjson<HitLine>(r.stdout);
    assert.deepEqual(
      hits.map((h) => `${h.name} ${h.brand} ${h.via} ${h.method}`),
      [
        "githubusercontant.com github.com githubusercontent.com vowel-swap",
        "bookinghold1ngs.com booking.com bookingholdings.com homoglyph",
      ],
    );
    const text = await cli(["lookalike", "match", "--brands", brands, "--owned", owned, "-"], {
      stdin: "githubusercontant.com\n",
    });
    assert.match(
      text.stdout,
      /\tgithub\.com\tvowel-swap\t0\.8\t.*\(imitating githubusercontent\.com\)\n$/,
    );
  });

  it("says which line of the owned file is wrong", async () => {
    const bad = join(tmp.path, "bad-owned.txt");
    writeFileSync(bad, "githubassets.com github.com\ngithub.io\n");
    const r = await cli(["lookalike", "match", "--brands", brands, "--owned", bad, "-"], {
      stdin: "",
    });
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /bad-owned\.txt:2: which brand owns github\.io\? write "github\.io BRAND"/,
    );
    writeFileSync(bad, "githubassets.com gitlab.com\n");
    const r2 = await cli(["lookalike", "match", "--brands", brands, "--owned", bad, "-"], {
      stdin: "",
    });
    assert.match(
      r2.stderr,
      /bad-owned\.txt:1: githubassets\.com is owned by gitlab\.com, which is not a brand/,
    );
  });

  it("--min-score shows what scores under the alert score, and why", async () => {
    const quiet = await cli(["lookalike", "match", "--brands", brands, "-"], {
      stdin: "cooking.com\n",
    });
    assert.equal(quiet.stdout, "", "a common word one edit away is not an alert");
    const r = await cli(
      ["lookalike", "match", "--brands", brands, "--min-score", "0", "--json", "-"],
      {
        stdin: "cooking.com\n",
      },
    );
    const [h] = ndjson<HitLine>(r.stdout);
    assert.equal(h!.brand, "booking.com");
    assert.ok(h!.score < 0.6, `${h!.score}`);
    assert.match(
      h!.reason,
      /"cooking" is "booking" with b replaced by c.*but "cooking" is a common word/,
    );
    const bad = await cli(["lookalike", "match", "--brands", brands, "--min-score", "2", "-"], {
      stdin: "",
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--min-score must be a number from 0 to 1, got "2"/);
  });

  it("watch add --owned keeps them on the brand; ingest and monitor leave them alone and catch their lookalikes", async () => {
    const d = join(tmp.path, "watch.db");
    const add = await cli([
      "watch",
      "add",
      "github.com",
      "--kind",
      "brand",
      "--owned",
      "GitHubUserContent.com,githubassets.com",
      "--db",
      d,
    ]);
    assert.equal(add.status, 0, add.stderr);
    const listed = ndjson<{ name: string; kind: string; added: string; owned: string[] }>(
      (await cli(["watch", "list", "--json", "--db", d])).stdout,
    );
    assert.deepEqual(listed, [
      {
        name: "github.com",
        kind: "brand",
        added: listed[0]!.added,
        owned: ["githubassets.com", "githubusercontent.com"],
      },
    ]);
    const feed = join(tmp.path, "feed.cof");
    writeFileSync(feed, cof(["githubusercontent.com", "githubassets.com", "githubassest.com"]));
    const env = {
      ...process.env,
      DNSIGHT_RESOLV_CONF: "/nonexistent",
      HTTP_PROXY: "",
      HTTPS_PROXY: "",
    };
    const ingested = await cli(["ingest", "cof", feed, "--db", d], { env });
    assert.equal(ingested.status, 0, ingested.stderr);
    const first = ndjson<{ rule: string; entity: string; key: string; count: number }>(
      (await cli(["alerts", "--format", "json", "--db", d], { env })).stdout,
    );
    assert.deepEqual(
      first.map((a) => `${a.rule} ${a.entity} ${a.key} ${a.count}`),
      ["lookalike.seen githubassest.com github.com 1"],
    );
    const mon = await cli(
      ["monitor", "--once", "--no-registration", "--server", "127.0.0.1:9", "--db", d],
      { env },
    );
    assert.equal(mon.status, 0, mon.stderr);
    const after = ndjson<{ rule: string; entity: string; count: number }>(
      (await cli(["alerts", "--format", "json", "--db", d], { env })).stdout,
    );
    assert.deepEqual(
      after.map((a) => `${a.rule} ${a.entity} ${a.count}`),
      ["lookalike.seen githubassest.com 2"],
      "the monitor generates the owned domain's lookalikes too, and never alerts on the owned names",
    );
  });

  it("refuses --owned for a name that is not a brand", async () => {
    const r = await cli([
      "watch",
      "add",
      "example.com",
      "--owned",
      "example.net",
      "--db",
      join(tmp.path, "x.db"),
    ]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--owned is for brands \(--kind brand\), not owned names/);
  });
});
