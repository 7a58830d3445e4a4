// AS → the address ranges it announces (src/enrich/as-ranges.ts), the reverse of the
// IP → AS table: checked on small tables, then on the packaged tables against a plain
// scan of their CSV files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { asIndex, cidrs, cidrText, type AsRange } from "../../../src/enrich/as-ranges.js";
import { asnTable, ipDataPaths, loadIpInfo } from "../../../src/enrich/ip-info.js";
import { csvFields } from "../../../src/enrich/range-table.js";
import { rangeToCidrs, ipNumberText } from "../../../src/net/ip-number.js";

const v4 = (first: number, last: number): AsRange => ({
  version: 4,
  first: BigInt(first),
  last: BigInt(last),
});

describe("AS → ranges on a small table", () => {
  const table = asnTable(
    { name: "v4.csv", text: '10,19,1,One\n20,29,1,One\n40,49,2,"Two, Inc."\n50,59,1,One\n' },
    { name: "v6.csv", text: "100,199,1,One\n300,399,2,Two\n" },
  );
  const index = asIndex(table);

  it("lists an AS's ranges in address order, IPv4 first, adjacent ones joined", () => {
    assert.deepEqual(index.ranges(1), {
      org: "One",
      ranges: [v4(10, 29), v4(50, 59), { version: 6, first: 100n, last: 199n }],
    });
    assert.deepEqual(index.ranges(2).org, "Two, Inc.");
    assert.equal(index.ranges(2).ranges.length, 2);
  });

  it("knows nothing of an AS the table does not hold", () => {
    assert.deepEqual(index.ranges(64500), { org: null, ranges: [] });
  });

  it("enumerates the table's ranges by index, nothing past its end", () => {
    assert.deepEqual(table.at(0), {
      v6: false,
      first: 10n,
      last: 19n,
      value: { asn: 1, org: "One" },
    });
    assert.deepEqual(table.at(4)?.first, 100n);
    assert.equal(table.at(6), undefined);
    assert.equal(table.at(-1), undefined);
  });
});

describe("ranges as CIDR prefixes", () => {
  it("covers each range exactly with the fewest prefixes, as net/ip-number does", () => {
    for (const [first, last] of [
      [570449920, 570486783],
      [0, 0xffffffff],
      [16777216, 16777471],
      [1, 254],
      [7, 7],
    ] as const) {
      const got = [...cidrs([v4(first, last)])].map(cidrText);
      const want = rangeToCidrs(ipNumberText(4, BigInt(first)), ipNumberText(4, BigInt(last)));
      assert.deepEqual(got, want);
    }
    assert.deepEqual(
      [...cidrs([{ version: 6, first: 0x20010db8n << 96n, last: (0x20010db9n << 96n) - 1n }])].map(
        cidrText,
      ),
      ["2001:db8::/32"],
    );
  });
});

describe("AS → ranges on the packaged tables", () => {
  const info = loadIpInfo();
  const paths = ipDataPaths();

  /** Every v4 address number of `asn` in the CSV, as [first, last] pairs (no overlap handling needed for these ASes). */
  function scan(asn: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const line of readFileSync(paths.asnV4, "utf8").split("\n")) {
      if (line === "") continue;
      const f = csvFields(line);
      if (Number(f[2]) === asn) out.push([Number(f[0]), Number(f[1])]);
    }
    return out;
  }

  it("gives Google's and Cloudflare's ranges: the same addresses a scan of the CSV finds", () => {
    for (const asn of [15169, 13335]) {
      const facts = info.asFacts(asn);
      const v4ranges = facts.ranges.filter((r) => r.version === 4);
      const sum = (rs: Array<[bigint, bigint]>) => rs.reduce((s, [a, b]) => s + b - a + 1n, 0n);
      assert.equal(
        sum(v4ranges.map((r) => [r.first, r.last])),
        sum(scan(asn).map(([a, b]) => [BigInt(a), BigInt(b)])),
        `AS${asn}`,
      );
      for (const r of facts.ranges) {
        const lo = ipNumberText(r.version, r.first);
        const hi = ipNumberText(r.version, r.last);
        assert.equal(info.lookup(lo)?.asn, asn, lo);
        assert.equal(info.lookup(hi)?.asn, asn, hi);
      }
      assert.ok(
        facts.ranges.some((r) => r.version === 6),
        `AS${asn} has IPv6 ranges`,
      );
    }
  });

  it("names the AS and its country, and holds 8.8.8.8 and 2001:4860:4860::8888 in Google's", () => {
    const g = info.asFacts(15169);
    assert.match(g.name ?? "", /google/i);
    assert.equal(g.country, "US");
    const inside = (version: 4 | 6, n: bigint) =>
      g.ranges.some((r) => r.version === version && r.first <= n && n <= r.last);
    assert.ok(inside(4, 0x08080808n));
    assert.ok(inside(6, 0x20014860486000000000000000008888n));
    assert.equal(info.asFacts(3333).country, "NL");
  });

  it("answers an AS that announces nothing with no ranges and no name", () => {
    assert.deepEqual(info.asFacts(64500), { asn: 64500, name: null, country: null, ranges: [] });
  });

  it("builds the index once: after the first call a busy AS (AS174) takes milliseconds", () => {
    info.asFacts(1);
    const t0 = performance.now();
    const big = info.asFacts(174);
    const ms = performance.now() - t0;
    assert.ok(big.ranges.length > 500, `${big.ranges.length} ranges`);
    assert.ok(ms < 200, `${ms.toFixed(1)} ms`);
  });
});
