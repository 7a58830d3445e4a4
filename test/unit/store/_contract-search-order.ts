import assert from "node:assert/strict";
import { it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { ipNumber } from "../../../src/net/ip-number.js";
import { parsePdnsQuery } from "../../../src/passive/query.js";
import type { SearchTarget } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

// The order a search gives is the key's, per target kind, whatever order the rows
// were written in (src/store/contract/observations.ts): any backend can keep it, and
// the cursor carries key values. The model sorts the obvious way, byte-wise.

const ROWS: Observation[] = [
  obs({ rrname: "example.com", rrtype: "MX", rdata: "20 mx.example.net." }),
  obs({ rrname: "example.com", rrtype: "MX", rdata: "10 mx.example.net." }),
  obs({ rrname: "a.example.com", rrtype: "MX", rdata: "10 mx.example.net." }),
  obs({ rrname: "a.example.com", rrtype: "CNAME", rdata: "mx.example.net." }),
  obs({ rrname: "z.example.com", rrtype: "A", rdata: "192.0.2.1" }),
  obs({ rrname: "a-b.example.com", rrtype: "A", rdata: "192.0.2.1" }),
  obs({ rrname: "b.a.example.com", rrtype: "A", rdata: "192.0.2.1", sensorId: "s2" }),
  obs({ rrname: "b.a.example.com", rrtype: "A", rdata: "192.0.2.1", sensorId: "s1" }),
  obs({ rrname: "b.a.example.com", rrtype: "A", rdata: "192.0.2.1", bailiwick: "com" }),
  obs({ rrname: "b.a.example.com", rrtype: "A", rdata: "192.0.2.0" }),
  obs({ rrname: "b.a.example.com", rrtype: "AAAA", rdata: "2001:db8::1" }),
  obs({ rrname: "c.example.com", rrtype: "NS", rdata: "ns.mx.example.net." }),
];

const bytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const reversed = (n: string): string => n.split(".").reverse().join(".");
const lexi = (a: readonly string[], b: readonly string[]): number => {
  for (let i = 0; i < a.length; i++) {
    const c = bytes(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
};
const rdataName = (o: Observation): string =>
  (o.rrtype === "MX" ? o.rdata.split(" ")[1]! : o.rdata).replace(/\.$/, "");
const address = (o: Observation): string => {
  const a = ipNumber(o.rdata)!;
  return `${a.version}:${a.value.toString(16).padStart(32, "0")}`;
};
const rest = (o: Observation): string[] => [o.bailiwick ?? "", o.sensorId ?? ""];

/** Each target kind's order, as the contract states it. */
const ORDERS: Array<[string, SearchTarget, (o: Observation) => string[]]> = [
  ["name", t("b.a.example.com"), (o) => [o.rrtype, o.rdata, ...rest(o)]],
  ["name.*", t("b.*"), (o) => [o.rrname, o.rrtype, o.rdata, ...rest(o)]],
  ["*.name", t("*.example.com"), (o) => [reversed(o.rrname), o.rrtype, o.rdata, ...rest(o)]],
  ["rdata name", t("mx.example.net", true), (o) => [o.rdata, o.rrname, o.rrtype, ...rest(o)]],
  [
    "rdata *.name",
    t("*.example.net", true),
    (o) => [reversed(rdataName(o)), o.rdata, o.rrname, o.rrtype, ...rest(o)],
  ],
  ["rdata name.*", t("mx.*", true), (o) => [rdataName(o), o.rdata, o.rrname, o.rrtype, ...rest(o)]],
  ["address", t("0.0.0.0/0"), (o) => [address(o), o.rdata, o.rrname, o.rrtype, ...rest(o)]],
];

function t(q: string, rdata = false): SearchTarget {
  const p = parsePdnsQuery(q);
  if (p.kind === "ip") return { on: "ip", version: p.version, first: p.first, last: p.last };
  return { on: rdata ? "rdata" : "rrname", match: p };
}

const show = (o: Observation): string =>
  `${o.rrname} ${o.rrtype} ${o.rdata} ${o.bailiwick ?? ""} ${o.sensorId ?? ""}`;

export function searchOrderTests(f: StoreFactory): void {
  it("gives each kind of search in its key order, whatever order rows were written in", () =>
    withStore(f, async (s) => {
      // One batch per row, in reverse: no backend's write order can pass for key order.
      for (const o of [...ROWS].reverse()) await s.writeObservations([o]);
      for (const [what, target, key] of ORDERS) {
        const got = (await s.searchObservations({ target })).rows;
        const want = ROWS.filter((o) => got.some((g) => show(g) === show(o))).sort((a, b) =>
          lexi(key(a), key(b)),
        );
        assert.ok(got.length >= 2, `${what}: too few rows to tell an order`);
        assert.deepEqual(got.map(show), want.map(show), what);
        // Paged one row at a time, the same order.
        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const r = await s.searchObservations({ target, limit: 1, ...(cursor ? { cursor } : {}) });
          paged.push(...r.rows.map(show));
          cursor = r.next;
        } while (cursor !== undefined);
        assert.deepEqual(paged, want.map(show), `${what}, paged`);
      }
    }));
}
