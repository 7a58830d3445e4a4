// Command-line mistakes answered in dnsight's words, never Node's parseArgs text
// ("To specify a positional argument…", "argument is ambiguous"), with the command
// or option probably meant.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nearest } from "../../../src/cli/suggest.js";
import { cli } from "../../helpers/cli.js";

const NODE_WORDING = /To specify|ambiguous|Did you forget|ERR_PARSE_ARGS/;

describe("command-line mistakes", () => {
  const cases: [string[], RegExp][] = [
    [
      ["resolv", "x"],
      /^dnsight: unknown command "resolv"; did you mean "resolve"\? \(see 'dnsight --help'\)$/,
    ],
    [["lookalike", "genrate", "x.com"], /unknown command "genrate"; did you mean "generate"\?/],
    [
      ["resolve", "--qsp", "5"],
      /^dnsight: resolve: unknown option --qsp; did you mean --qps\? \(see --help\)$/,
    ],
    [["pdns", "x.com", "--jsn"], /pdns: unknown option --jsn; did you mean --json\?/],
    [
      ["resolve", "--qps", "-5", "names.txt"],
      /^dnsight: --qps wants a whole number from 1 to 10,000,000, got "-5"$/,
    ],
    [["resolve", "--qps", "--json"], /^dnsight: resolve: --qps needs a value \(N\)$/],
    [["resolve", "--qps"], /^dnsight: resolve: --qps needs a value \(N\)$/],
    [["lookup", "--json=yes", "x.com"], /^dnsight: lookup: --json takes no value, got "yes"$/],
    [["pdns", "-Z", "x"], /^dnsight: pdns: unknown option -Z \(see --help\)$/],
    [["resolve", "--zzzzzz"], /^dnsight: resolve: unknown option --zzzzzz \(see --help\)$/],
  ];
  for (const [argv, want] of cases)
    it(`dnsight ${argv.join(" ")}`, async () => {
      const r = await cli(argv);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr.trim(), want);
      assert.doesNotMatch(r.stderr, NODE_WORDING);
    });

  it("'--' ends the options: what follows is an argument even if it starts with a dash", async () => {
    const r = await cli(["resolve", "--no-store", "--", "-names.txt"]);
    assert.match(r.stderr, /cannot read -names\.txt/);
  });

  it("nearest: a unique prefix, else a close word, else nothing", () => {
    const words = ["resolve", "registration", "lookup", "lookalike", "pdns"];
    assert.equal(nearest("reg", words), "registration");
    assert.equal(nearest("look", words), undefined, "two commands start so");
    assert.equal(nearest("lokup", words), "lookup");
    assert.equal(nearest("pnds", words), "pdns", "a transposition is one edit");
    assert.equal(nearest("xyzzy", words), undefined);
    assert.equal(nearest("r".repeat(100_000), words), undefined, "long input is not compared");
  });
});

describe("an option with a bare form", () => {
  it("--allow-private alone still means all, as scripts wrote it before it took values", async () => {
    const { parseOptions } = await import("../../../src/cli/args.js");
    const spec = {
      "allow-private": {
        type: "string" as const,
        multiple: true,
        description: "",
        bareValue: "all",
      },
      json: { type: "boolean" as const, description: "" },
    };
    assert.deepEqual(parseOptions("x", spec, ["a.test", "--allow-private"]), {
      "allow-private": ["all"],
      _: ["a.test"],
    });
    assert.deepEqual(parseOptions("x", spec, ["--allow-private", "--json", "a.test"]), {
      "allow-private": ["all"],
      json: true,
      _: ["a.test"],
    });
    assert.deepEqual(parseOptions("x", spec, ["--allow-private", "10.1.2.3", "a.test"]), {
      "allow-private": ["10.1.2.3"],
      _: ["a.test"],
    });
  });
});
