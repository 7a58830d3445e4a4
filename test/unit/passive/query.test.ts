import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePdnsQuery } from "../../../src/passive/query.js";

describe("pdns query forms", () => {
  it("reads names, left and right wildcards", () => {
    assert.deepEqual(parsePdnsQuery("WWW.Example.com."), { kind: "name", name: "www.example.com" });
    assert.deepEqual(parsePdnsQuery("*.example.com"), { kind: "below", suffix: "example.com" });
    assert.deepEqual(parsePdnsQuery("www.example.*"), { kind: "prefix", labels: "www.example" });
    assert.deepEqual(parsePdnsQuery("bücher.de"), { kind: "name", name: "xn--bcher-kva.de" });
  });

  it("reads an address, a prefix (slash or DNSDB's comma) and a range", () => {
    const ip = (q: string) => {
      const r = parsePdnsQuery(q);
      assert.equal(r.kind, "ip");
      return r.kind === "ip" ? [r.version, r.first.toString(16), r.last.toString(16)] : [];
    };
    assert.deepEqual(ip("192.0.2.1"), [4, "c0000201", "c0000201"]);
    assert.deepEqual(ip("192.0.2.77/24"), [4, "c0000200", "c00002ff"]);
    assert.deepEqual(ip("192.0.2.0,25"), [4, "c0000200", "c000027f"]);
    assert.deepEqual(ip("192.0.2.1-192.0.2.9"), [4, "c0000201", "c0000209"]);
    assert.deepEqual(ip("2001:db8::/32"), [
      6,
      "20010db8" + "0".repeat(24),
      "20010db8" + "f".repeat(24),
    ]);
  });

  it("names what is wrong in one line", () => {
    for (const [q, why] of [
      ["", /empty/],
      ["a.*.example", /whole label/],
      ["*.example.*", /only one wildcard/],
      ["192.0.2.9-192.0.2.1", /ends before it starts/],
      ["10.0.0.1-::1", /all IPv4 or all IPv6/],
      ["10.0.0.0/33", /longer than 32 bits/],
      ["bad name.example", /unescaped space/],
    ] as const) {
      assert.throws(
        () => parsePdnsQuery(q),
        (e: Error) => why.test(e.message) && !e.message.includes("\n"),
        q,
      );
    }
  });
});
