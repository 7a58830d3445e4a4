// DnsightError across copies of its module: the CLI bundles each command apart from
// its entry (scripts/build-cli.mjs), so an error thrown by one copy of the class is
// caught and mapped to an exit status by another.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError, isDnsightError } from "../../src/errors.js";

type ErrorsModule = typeof import("../../src/errors.js");

describe("DnsightError", () => {
  it("is known by a second copy of its module, as a command bundle's copy is", async () => {
    // A query makes the loader evaluate the file again: a distinct class object.
    const other = (await import(`../../src/errors.js?copy=${Date.now()}`)) as ErrorsModule;
    assert.notEqual(other.DnsightError, DnsightError);
    const theirs = new other.DnsightError("TIMEOUT", "slow");
    assert.ok(theirs instanceof DnsightError);
    assert.ok(isDnsightError(theirs));
    assert.ok(new DnsightError("USAGE", "bad") instanceof other.DnsightError);
  });

  it("is not any error, nor an object that merely has a code", () => {
    assert.equal(new Error("x") instanceof DnsightError, false);
    assert.equal(isDnsightError(Object.assign(new Error("x"), { code: "USAGE" })), false);
    assert.equal(isDnsightError({ code: "USAGE", message: "x" }), false);
    assert.equal(isDnsightError(null), false);
    assert.equal(isDnsightError("USAGE"), false);
  });

  it("keeps the ordinary check for a subclass", () => {
    class Narrow extends DnsightError {}
    const n = new Narrow("INPUT", "n");
    assert.ok(n instanceof Narrow);
    assert.ok(n instanceof DnsightError);
    assert.equal(new DnsightError("INPUT", "d") instanceof Narrow, false);
  });
});
