// CSV fields: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvField } from "../../../src/export/alerts-csv.js";

describe("csvField", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    assert.equal(csvField("plain.example"), "plain.example");
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField("a\r\nb"), '"a\r\nb"');
  });
  it("keeps a field that starts like a formula from being one", () => {
    assert.equal(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    assert.equal(csvField("+1"), "'+1");
    assert.equal(csvField("-2+3"), "'-2+3");
    assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvField("\t=1"), "'\t=1");
    assert.equal(csvField('=cmd|" /c calc"!A1,x'), `"'=cmd|"" /c calc""!A1,x"`);
    // Inside a field the characters are harmless and kept.
    assert.equal(csvField("a=b"), "a=b");
    assert.equal(csvField("2026-12-04T00:00:00Z"), "2026-12-04T00:00:00Z");
  });
});
