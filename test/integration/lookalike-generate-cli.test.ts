// `dnsight lookalike generate` with several domains in one process (issue 12): the
// domains as arguments or a list on stdin, each candidate once, none of the domains
// given (a brand's other domains are not its lookalikes), the same candidates as one
// run per domain.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cli, ndjson } from "../helpers/cli.js";

const lines = (s: string): string[] => s.split("\n").filter(Boolean);

describe("lookalike generate, several domains", () => {
  it("gives the union of the runs for each domain, once each, sorted", async () => {
    const one = lines((await cli(["lookalike", "generate", "paypal.com"])).stdout);
    const two = lines((await cli(["lookalike", "generate", "github.com"])).stdout);
    const both = await cli(["lookalike", "generate", "paypal.com", "github.com"]);
    assert.equal(both.status, 0, both.stderr);
    const got = lines(both.stdout);
    assert.deepEqual(got, [...new Set([...one, ...two])].sort());
  });

  it("reads the list from stdin (comments and blank lines skipped) and names the domain each candidate imitates", async () => {
    const r = await cli(["lookalike", "generate", "-", "--format", "json"], {
      stdin: "# brands\npaypal.com\n\nbücher.de\n",
    });
    assert.equal(r.status, 0, r.stderr);
    const rows = ndjson<{ domain: string; of: string; fuzzers: string[] }>(r.stdout);
    assert.deepEqual([...new Set(rows.map((x) => x.of))].sort(), [
      "paypal.com",
      "xn--bcher-kva.de",
    ]);
    assert.ok(rows.some((x) => x.domain === "paypa1.com" && x.of === "paypal.com"));
  });

  it("leaves out the domains given: a brand's own other domain is not its lookalike", async () => {
    const alone = lines((await cli(["lookalike", "generate", "paypal.com"])).stdout);
    assert.ok(alone.includes("paypals.com"), "a plural of paypal.com");
    const r = await cli(["lookalike", "generate", "paypal.com", "paypals.com"]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lines(r.stdout).includes("paypa1.com"));
    assert.ok(!lines(r.stdout).includes("paypals.com"));
    assert.ok(!lines(r.stdout).includes("paypal.com"));
  });

  it("refuses a bad domain of the list by name, and an empty list", async () => {
    const bad = await cli(["lookalike", "generate", "-"], { stdin: "paypal.com\nnot a domain\n" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a domain name: "not a domain"/);
    const none = await cli(["lookalike", "generate", "-"], { stdin: "# nothing\n" });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no domains/);
  });
});
