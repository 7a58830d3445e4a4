import assert from "node:assert/strict";
import { it } from "node:test";
import type { StoreFactory } from "./contract.js";
import { obs, withStore } from "./_helpers.js";

// suggestNames (optional): distinct owner names starting with a prefix, byte order,
// at most `limit`; a backend without it is skipped.

const NAMES = [
  "example.com",
  "www.example.com",
  "www.example.net",
  "www.exampla.org",
  "www.exb.com",
  "www-1.example.com",
  "wwx.example.com",
  "xn--fa-hia.de",
];

export function suggestTests(factory: StoreFactory): void {
  it("suggests distinct names that start with the prefix, in byte order, up to limit", async () => {
    await withStore(factory, async (s) => {
      if (s.suggestNames === undefined) return;
      await s.writeObservations([
        ...NAMES.map((rrname) => obs({ rrname })),
        // Many rows of one name: still suggested once.
        ...Array.from({ length: 50 }, (_, i) =>
          obs({ rrname: "www.example.com", rdata: `192.0.2.${i + 10}` }),
        ),
        obs({ rrname: "www.example.com", rrtype: "TXT", rdata: '"x"' }),
      ]);
      assert.deepEqual(await s.suggestNames("www.exa", 10), [
        "www.exampla.org",
        "www.example.com",
        "www.example.net",
      ]);
      assert.deepEqual(await s.suggestNames("www", 3), [
        "www-1.example.com",
        "www.exampla.org",
        "www.example.com",
      ]);
      assert.deepEqual(await s.suggestNames("www.example.com", 10), ["www.example.com"]);
      assert.deepEqual(await s.suggestNames("xn--", 10), ["xn--fa-hia.de"]);
      assert.deepEqual(await s.suggestNames("zzz", 10), []);
      // The prefix's end is exact: "wwx" is past every "www".
      assert.deepEqual(await s.suggestNames("wwx", 10), ["wwx.example.com"]);
      await assert.rejects(s.suggestNames("", 10), { code: "INPUT" });
      await assert.rejects(s.suggestNames("w", 0), { code: "INPUT" });
    });
  });
}
