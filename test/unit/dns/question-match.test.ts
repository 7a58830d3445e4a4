import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeMessage } from "../../../src/dns/wire/message.js";
import { encodeQuery, questionMatches } from "../../../src/dns/wire/query.js";

const reply = (
  name: string,
  type: string,
  cls = "IN",
  flags: { qr: boolean } = { qr: true },
): Buffer => encodeMessage({ id: 7, flags, questions: [{ name, type, class: cls }] });

describe("questionMatches", () => {
  const query = encodeQuery(7, "Www.Example.test.", "HTTPS");

  it("accepts the same question with the name in any case (0x20)", () => {
    assert.equal(questionMatches(reply("wWW.eXAMPLE.TEST.", "HTTPS"), query), "match");
  });

  it("compares type and class exactly: TYPE97 is not HTTPS (65) though 0x61 folds to 0x41", () => {
    assert.equal(questionMatches(reply("www.example.test.", "TYPE97"), query), "mismatch");
    assert.equal(questionMatches(reply("www.example.test.", "HTTPS", "CH"), query), "mismatch");
  });

  it("rejects another name, a query, and a truncated reply", () => {
    assert.equal(questionMatches(reply("www.example.tesu.", "HTTPS"), query), "mismatch");
    assert.equal(
      questionMatches(reply("www.example.test.", "HTTPS", "IN", { qr: false }), query),
      "mismatch",
    );
    assert.equal(
      questionMatches(reply("www.example.test.", "HTTPS").subarray(0, 20), query),
      "malformed",
    );
  });
});
