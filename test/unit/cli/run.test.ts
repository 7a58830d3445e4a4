import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { cli } from "../../helpers/cli.js";

const version = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

describe("the command line", () => {
  it("prints the version", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      assert.equal(r.stdout, `dnsight ${version}\n`);
      assert.equal(r.status, 0);
    }
  });

  it("has --help on the root and on every command, each naming its options", async () => {
    const root = await cli(["--help"]);
    assert.equal(root.status, 0);
    for (const cmd of ["lookup", "resolve", "pdns"]) {
      assert.match(root.stdout, new RegExp(`^  ${cmd} `, "m"));
      const r = await cli([cmd, "--help"]);
      assert.equal(r.status, 0);
      assert.match(r.stdout, new RegExp(`^Usage: dnsight ${cmd} `));
      assert.match(r.stdout, /--db URL/);
    }
  });

  it("answers an unknown command or option with a usage error", async () => {
    const bad = await cli(["frobnicate"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
    const opt = await cli(["lookup", "example.test", "--frob"]);
    assert.equal(opt.status, 2);
    assert.match(opt.stderr, /--frob/);
    const none = await cli([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^Usage: dnsight COMMAND/);
  });
});
