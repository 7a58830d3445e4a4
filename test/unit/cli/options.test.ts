import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkPositionals,
  parseCommandArgs,
  renderHelp,
  type CommandDef,
} from "../../../src/cli/command.js";
import { intOption, parseTypes } from "../../../src/cli/options.js";

const cmd: CommandDef = {
  name: "dnsight demo",
  description: "a demo",
  positionals: [{ name: "NAME", description: "a name", required: true }],
  options: {
    type: { type: "string", short: "t", multiple: true, description: "types" },
    json: { type: "boolean", description: "json" },
  },
};

describe("command parsing", () => {
  it("reads repeated and comma-separated types as canonical mnemonics", () => {
    const v = parseCommandArgs(cmd, ["x", "-t", "a,mx", "-t", "TYPE65", "-t", "type1"]);
    assert.deepEqual(parseTypes(v.type, ["A"]), ["A", "MX", "HTTPS"]);
    assert.deepEqual(parseTypes(undefined, ["PTR"]), ["PTR"]);
    assert.throws(() => parseTypes(["BOGUS"], []), /unknown record type "BOGUS"/);
  });

  it("rejects unknown options and missing or extra arguments as usage errors", () => {
    assert.throws(
      () => parseCommandArgs(cmd, ["--nope"]),
      (e: Error & { code?: string }) => e.code === "USAGE" && /nope/.test(e.message),
    );
    assert.throws(() => checkPositionals(cmd, []), /missing NAME/);
    assert.throws(() => checkPositionals(cmd, ["a", "b"]), /unexpected argument "b"/);
    assert.throws(() => intOption("0", "qps", 1, 10), /--qps wants a whole number from 1 to 10/);
    assert.equal(intOption("7", "qps", 1, 10), 7);
  });

  it("renders help with every option and the global ones", () => {
    const help = renderHelp(cmd);
    assert.match(help, /Usage: dnsight demo NAME \[options\]/);
    assert.match(help, /-t, --type VALUE\s+types \(repeatable\)/);
    assert.match(help, /--db URL/);
  });
});
