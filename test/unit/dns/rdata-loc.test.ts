import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dec as decRdata, enc as encRdata, wireError } from "./_rdata-helpers.js";

// Every case here is LOC (type 29): enc and dec take only the text or the hex.
const LOC = 29;
const enc = (text: string): string => encRdata(LOC, text);
const dec = (hex: string): string => decRdata(LOC, hex);

// Wire and text as Knot 3.2.6 serves them and kdig prints them (kdig's doubled
// separators collapsed to one space).
const KDIG: ReadonlyArray<readonly [string, string]> = [
  ["000016138B3CF018810CBCE0009895B8", "52 22 23 N 4 53 32 E -2m 0m 10000m 10m"],
  ["0033161389172DD070BE15F000988D20", "42 21 54 N 71 6 18 W -24m 30m 10000m 10m"],
  ["00121212800000008000000000989680", "0 0 0 N 0 0 0 E 0m 1m 1m 1m"],
  [
    "009999996C793881A69FB201FFFFFFFF",
    "90 59 59.999 S 180 0 0.001 E 42849672.95m 90000000m 90000000m 90000000m",
  ],
  ["001212228038C3407F578B00009898A6", "1 2 0 N 3 4 0 W 5.50m 1m 1m 2m"],
  ["00101010800000008000000000989680", "0 0 0 N 0 0 0 E 0m 0.01m 0.01m 0.01m"],
  ["00121612800000017FFFFFFF00000000", "0 0 0.001 N 0 0 0.001 W -100000m 1m 10000m 1m"],
  ["001216128000007B7FFF15A100989681", "0 0 0.123 N 0 0 59.999 W 0.01m 1m 10000m 1m"],
  ["0012161289C3DAE465D256FF0098967F", "45 30 30.500 N 122 0 0.001 W -0.01m 1m 10000m 1m"],
  ["0012161280000007800003E7009896B2", "0 0 0.007 N 0 0 0.999 E 0.50m 1m 10000m 1m"],
  ["0012161280000FFF80BC614E00BC614E", "0 0 4.095 N 3 25 45.678 E 23456.78m 1m 10000m 1m"],
];

describe("LOC RDATA", () => {
  it("decodes and re-encodes the wire forms kdig prints", () => {
    for (const [hex, text] of KDIG) {
      assert.equal(dec(hex), text);
      assert.equal(enc(text), hex, text);
    }
  });

  it("copies Knot's floating point: 7e2 cm prints as 7.00m, 7e3 cm as 70m", () => {
    assert.equal(dec("00727272800000008000000000989680"), "0 0 0 N 0 0 0 E 0m 7.00m 7.00m 7.00m");
    assert.equal(dec("00737373800000008000000000989680"), "0 0 0 N 0 0 0 E 0m 70m 70m 70m");
    assert.equal(enc("0 0 0 N 0 0 0 E 0m 7.00m 7.00m 7.00m"), "00727272800000008000000000989680");
  });

  it("reads dig's form and RFC 1876 short forms with defaults", () => {
    assert.equal(
      enc("52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"),
      "000016138B3CF018810CBCE0009895B8",
    );
    assert.equal(dec(enc("52 22 N 4 53 E 10")), "52 22 0 N 4 53 0 E 10m 1m 10000m 10m");
    assert.equal(dec(enc("52 s 4 w 10.5")), "52 0 0 S 4 0 0 W 10.50m 1m 10000m 10m");
    assert.equal(dec(enc("0 0 0 N 0 0 0 E 0m 5500m")), "0 0 0 N 0 0 0 E 0m 5000m 10000m 10m"); // RFC 1876 truncates
  });

  it("shows a LOC version it does not know in RFC 3597 form, as dig and kdig do", () => {
    assert.equal(
      dec("01121212800000008000000000989680"),
      "\\# 16 01121212800000008000000000989680",
    );
  });

  it("rejects truncated and malformed RDATA with the byte offset", () => {
    assert.throws(() => dec("00121212800000"), wireError(4));
    assert.throws(() => dec("00A01212800000008000000000989680"), wireError(1));
    assert.throws(() => dec("001212FA800000008000000000989680"), wireError(3));
  });

  it("rejects bad presentation input", () => {
    assert.throws(() => enc("91 0 0 N 0 0 0 E 0m"), /N\/S coordinate/);
    assert.throws(() => enc("52 60 0 N 0 0 0 E 0m"), /N\/S coordinate/);
    assert.throws(() => enc("52 22 23 X 4 53 32 E 0m"), /N\/S coordinate/);
    assert.throws(() => enc("52 N 4 E"), /altitude: missing/);
    assert.throws(() => enc("52 N 4 E 0m 1m 1m 1m 1m"), /unexpected/);
  });
});
