import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ipDataPaths, loadIpInfo } from "../../../src/enrich/ip-info.js";
import { addressNumber, buildRangeTable, csvFields } from "../../../src/enrich/range-table.js";

const table = (v4: string, v6 = "") =>
  buildRangeTable({ v4: { name: "v4.csv", text: v4 }, v6: { name: "v6.csv", text: v6 } }, (f) =>
    f.join("|"),
  );

describe("IP range tables", () => {
  it("reads CSV fields, quoted ones included", () => {
    assert.deepEqual(csvFields('1,2,13335,"Cloudflare, Inc."'), [
      "1",
      "2",
      "13335",
      "Cloudflare, Inc.",
    ]);
    assert.deepEqual(csvFields('1,2,"say ""hi""",x'), ["1", "2", 'say "hi"', "x"]);
    assert.throws(() => csvFields('1,"open'), /unterminated quote/);
  });

  it("turns addresses into numbers, v4-mapped v6 as v4", () => {
    assert.deepEqual(addressNumber("1.0.0.1"), { n: 16777217n, v6: false });
    assert.deepEqual(addressNumber("255.255.255.255"), { n: 4294967295n, v6: false });
    assert.deepEqual(addressNumber("::ffff:8.8.8.8"), addressNumber("8.8.8.8"));
    assert.deepEqual(addressNumber("2001:db8::1"), {
      n: 0x20010db8000000000000000000000001n,
      v6: true,
    });
    assert.deepEqual(addressNumber("::"), { n: 0n, v6: true });
    for (const bad of ["256.1.1.1", "1.2.3", "2001:db8::1::2", "g::1", "example.com"])
      assert.equal(addressNumber(bad), undefined, bad);
  });

  it("finds a range by its first and last address, nothing in a gap", () => {
    const t = table("10,19,a\n30,39,b\n", "100,200,c\n");
    const v4 = (n: number) => t.lookup(BigInt(n), false);
    assert.deepEqual(
      [v4(9), v4(10), v4(19), v4(20), v4(30), v4(39), v4(40)],
      [undefined, "a", "a", undefined, "b", "b", undefined],
    );
    assert.equal(t.lookup(150n, true), "c");
    assert.equal(t.lookup(150n, false), undefined);
    assert.equal(t.lookup(201n, true), undefined);
  });

  it("lets an earlier range keep its addresses when a later one overlaps it", () => {
    const t = table("10,19,a\n15,25,b\n16,18,c\n");
    assert.equal(t.lookup(17n, false), "a");
    assert.equal(t.lookup(22n, false), "b");
  });

  it("names the file and line of what it cannot read", () => {
    assert.throws(() => table("10,19,a\n5,6,b\n"), /v4\.csv:2: ranges not sorted/);
    assert.throws(() => table("10,x,a\n"), /v4\.csv:1: expected first,last/);
    assert.throws(() => table("10,4294967296,a\n"), /out of the address space/);
    assert.throws(() => table("", "1,2\n"), /v6\.csv:1: expected/);
  });
});

describe("IP → ASN and country from the packaged tables", () => {
  const info = loadIpInfo();
  const paths = ipDataPaths();

  it("agrees with the CSV rows it was built from (first and last address of sampled rows)", () => {
    const lines = readFileSync(paths.asnV4, "utf8").trim().split("\n");
    const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    let checked = 0;
    let prevLast = -1;
    for (let i = 0; i < lines.length; i++) {
      const [first, last, asn] = lines[i]!.split(",").map(Number) as [number, number, number];
      const clean = first > prevLast;
      prevLast = Math.max(prevLast, last);
      if (!clean || i % 997 !== 0) continue;
      assert.equal(info.lookup(ip(first))?.asn, asn, lines[i]);
      assert.equal(info.lookup(ip(last))?.asn, asn, lines[i]);
      checked++;
    }
    assert.ok(checked > 300, `checked ${checked} rows`);
  });

  it("knows well-known networks, v4 and v6, and nothing of private space", () => {
    assert.equal(info.lookup("8.8.8.8")?.asn, 15169);
    assert.equal(info.lookup("8.8.8.8")?.country, "US");
    assert.equal(info.lookup("2001:4860:4860::8888")?.asn, 15169);
    assert.equal(info.lookup("193.0.6.139")?.country, "NL");
    assert.equal(info.lookup("10.1.2.3"), undefined);
    assert.equal(info.lookup("not an address"), undefined);
  });
});
