import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { partiesOf, partyKey } from "../../../src/store/registration-parties.js";

describe("registration parties", () => {
  it("compares names without case, compatibility forms or runs of white space", () => {
    assert.equal(partyKey("  Acme\tRegistrar,\u00a0 INC. "), "acme registrar, inc.");
    assert.equal(partyKey("ＡＣＭＥ"), "acme");
    assert.equal(partyKey(" \n "), undefined);
    assert.equal(partyKey(undefined), undefined);
  });

  it("cuts a hostile name to 256 characters, reading a bounded prefix of it", () => {
    const long = "a b ".repeat(2_000_000);
    const started = performance.now();
    const key = partyKey(long)!;
    assert.ok(performance.now() - started < 500, "linear in a bounded prefix");
    assert.equal(key.length, 256);
  });

  it("takes the registrant's organisation, or its name, and never another contact's", () => {
    const contacts = [
      { role: "administrative" as const, organization: "Admin Org", redacted: [] },
      { role: "registrant" as const, name: "Jane Doe", redacted: [] },
    ];
    assert.deepEqual(partiesOf({ registrar: { name: "R" }, contacts }), {
      registrar: "r",
      registrant: "jane doe",
    });
    assert.deepEqual(partiesOf({ registrar: {}, contacts: contacts.slice(0, 1) }), {
      registrar: undefined,
      registrant: undefined,
    });
  });
});
